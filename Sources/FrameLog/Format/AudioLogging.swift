// How much of the base64 audio in realtime events the frame log keeps (`--log-audio`).

/// What the log does with the base64 audio carried by `input_audio_buffer.append` (`audio`),
/// `response.output_audio.delta` and `response.audio.delta` (`delta`). Audio is most of a session's
/// bytes, and it is what a person said: operators may keep it, keep a taste of it, or drop it.
public enum AudioLogging: String, Sendable, CaseIterable {
    /// The audio is logged as it was sent.
    case full
    /// The audio string keeps its first `AudioLogging.truncatedPrefix` characters; the record gains
    /// `"audio_truncated_bytes": N`, N being the decoded size of the whole audio.
    case truncate
    /// The audio string becomes `""`; the record gains `"audio_omitted_bytes": N` (decoded size).
    case omit

    /// Base64 characters kept by `.truncate`: enough to recognise a format, too few to listen to.
    public static let truncatedPrefix = 64

    /// The member holding base64 audio in an event of `type`, or nil for events without audio.
    public static func audioMember(ofEventType type: String) -> String? {
        switch type {
        case "input_audio_buffer.append": "audio"
        case "response.output_audio.delta", "response.audio.delta": "delta"
        default: nil
        }
    }
}
