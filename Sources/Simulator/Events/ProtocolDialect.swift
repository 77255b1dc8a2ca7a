// Which protocol a simulated session speaks: GA (`/openai/v1/realtime`) or the older preview
// (`/openai/realtime?api-version=`), whose server events carry other names.

enum ProtocolDialect: Sendable {
    case ga
    case preview

    /// The name a GA server event has in this dialect; nil when the dialect has no such event.
    func name(of gaEvent: String) -> String? {
        guard self == .preview else { return gaEvent }
        switch gaEvent {
        case "response.output_audio.delta": return "response.audio.delta"
        case "response.output_audio.done": return "response.audio.done"
        case "response.output_audio_transcript.delta": return "response.audio_transcript.delta"
        case "response.output_audio_transcript.done": return "response.audio_transcript.done"
        case "response.output_text.delta": return "response.text.delta"
        case "response.output_text.done": return "response.text.done"
        case "conversation.item.added": return "conversation.item.created"
        case "conversation.item.done": return nil  // GA only
        default: return gaEvent
        }
    }
}
