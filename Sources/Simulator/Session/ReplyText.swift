// What the simulated model says: a short, friendly sentence about what it received.

/// The reply text for a response, from the last user (or tool) input before it. It names what the
/// simulator "heard", so a newcomer can see their input went through the relay and back.
enum ReplyText {
    /// The reply to `input`; `instructions` (the session's or the response's) are acknowledged
    /// briefly when set, so injected instructions visibly reach the upstream.
    static func reply(to input: ConversationItem.Content?, instructions: String) -> String {
        let suffix = instructions.isEmpty ? "" : " I also received your instructions."
        switch input {
        case .text(let text):
            return "You said: \(quoted(text)). This is the built-in simulator, so I can only echo you, "
                + "but your words made the whole trip through the relay." + suffix
        case .audio(let milliseconds):
            let seconds = Double(Int((milliseconds / 100).rounded())) / 10
            return "I heard about \(seconds) seconds of speech. This is the built-in simulator, "
                + "so I cannot understand words yet, but your audio reached me." + suffix
        case .toolOutput(let output):
            return "The tool answered \(quoted(output)). Thanks, that is all I needed." + suffix
        case nil:
            return "Hello! I am the built-in realtime simulator. Say something, or type a message, "
                + "and I will answer." + suffix
        }
    }

    /// The user's transcript for a committed audio turn.
    static func transcript(forAudioMs milliseconds: Double) -> String {
        let seconds = Double(Int((milliseconds / 100).rounded())) / 10
        return "(simulated) I heard \(seconds) seconds of speech."
    }

    /// At most 24 words of the user's text, in quotes, so a pasted essay does not become a long reply.
    private static func quoted(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        let kept = words.prefix(24).joined(separator: " ")
        return "\"" + kept + (words.count > 24 ? " …" : "") + "\""
    }
}
