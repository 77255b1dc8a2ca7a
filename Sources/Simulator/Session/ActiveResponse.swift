// The one response a session may have in flight: what it says, and how far it has got.
import JSON

/// What `response.create` asked for (or the defaults, for a VAD-started response).
struct ResponseRequest {
    /// Overrides the session's `output_modalities` for this response.
    var textOnly: Bool?
    var instructions: String?
    /// `conversation: "none"` makes an out-of-band response: nothing is added to the conversation.
    var inConversation = true
    var metadata: JSONValue = .null
    var voice: String?
}

enum ResponseStatus: Equatable {
    case completed
    /// `turn_detected` (barge-in) or `client_cancelled` (`response.cancel`, truncate).
    case cancelled(reason: String)
}

struct ActiveResponse {
    let id: String
    let itemID: String
    let textOnly: Bool
    let inConversation: Bool
    let metadata: JSONValue
    let voice: String
    let instructions: String
    /// The whole reply; deltas send it word by word.
    let text: String
    /// Word timing (and, for audio, the syllables to synthesize).
    let plan: SpeechPlan
    var synthesizer: VoiceSynthesizer?
    /// The conversation context when the response started (usage's input tokens).
    let contextTokens: (text: Int, audio: Int)
    var wordsSent = 0
    var samplesSent = 0
    var chunksSent = 0
    /// Loop time of the first audio chunk: later chunks are due at fixed offsets from it, so
    /// timer lateness never accumulates into a stream slower than real time.
    var streamStart: UInt64?
    var sentText = ""

    var audioMsSent: Int { samplesSent * 1000 / plan.sampleRate }
    var allWordsSent: Bool { wordsSent >= plan.words.count }

    /// The content part as `content_part.added/done` and the item show it.
    func part(_ text: String) -> JSONValue {
        textOnly ? ["type": "output_text", "text": .string(text)] : ["type": "output_audio", "transcript": .string(text)]
    }

    /// The assistant item: `in_progress` with no content while streaming; at the end `completed`
    /// (or `incomplete` when cancelled) with its one content part.
    func item(status: String, text: String?) -> JSONObject {
        [
            "id": .string(itemID), "object": "realtime.item", "type": "message", "status": .string(status),
            "role": "assistant", "content": .array(text.map { [part($0)] } ?? []),
        ]
    }
}
