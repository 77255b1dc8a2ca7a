// One item of the simulated conversation: the JSON clients see, plus what the simulator reasons with.
import JSON

struct ConversationItem {
    /// What an item gives the reply writer to talk about.
    enum Content: Equatable {
        case text(String)
        case audio(milliseconds: Double)
        case toolOutput(String)
    }

    var id: String
    /// The item as events and `conversation.item.retrieved` show it (audio bytes never stored).
    var json: JSONObject
    var role: String?
    var content: Content?
    /// For assistant audio: how much audio was sent, the limit `conversation.item.truncate` checks.
    var audioMs: Int?

    var isAssistantAudio: Bool { role == "assistant" && audioMs != nil }
}
