// The ordered items of a session, bounded like a context window.

/// Items in order. Azure truncates old context; the simulator simply forgets the oldest items past
/// `limit`, which bounds a session's memory however long it runs.
struct Conversation {
    private(set) var items: [ConversationItem] = []
    let limit: Int

    init(limit: Int = 512) { self.limit = limit }

    var lastItemID: String? { items.last?.id }

    func index(of id: String) -> Int? { items.firstIndex { $0.id == id } }

    func item(_ id: String) -> ConversationItem? { index(of: id).map { items[$0] } }

    /// Inserts after `previousID` (nil: at the end; "root": at the start); returns the id of the item
    /// now before it, the `previous_item_id` of the events.
    @discardableResult
    mutating func insert(_ item: ConversationItem, after previousID: String? = nil) -> String? {
        let position: Int
        if previousID == "root" {
            position = 0
        } else if let previousID, let index = index(of: previousID) {
            position = index + 1
        } else {
            position = items.count
        }
        items.insert(item, at: position)
        if items.count > limit { items.removeFirst(items.count - limit) }
        guard let placed = index(of: item.id), placed > 0 else { return nil }
        return items[placed - 1].id
    }

    mutating func update(_ id: String, _ change: (inout ConversationItem) -> Void) {
        guard let index = index(of: id) else { return }
        change(&items[index])
    }

    @discardableResult
    mutating func remove(_ id: String) -> ConversationItem? {
        index(of: id).map { items.remove(at: $0) }
    }

    /// The latest user text, user audio or tool output: what the next reply talks about.
    var latestInput: ConversationItem.Content? {
        items.last { $0.role != "assistant" && $0.content != nil }?.content
    }

    /// A rough token count of the context (usage numbers): text at 4 characters per token, audio
    /// at 10 tokens per second in and 20 per second out, like the real models' accounting.
    var contextTokens: (text: Int, audio: Int) {
        var text = 0, audio = 0
        for item in items {
            switch item.content {
            case .text(let value), .toolOutput(let value): text += max(1, value.utf8.count / 4)
            case .audio(let milliseconds): audio += Int(milliseconds / 100)
            case nil: break
            }
            if let ms = item.audioMs { audio += ms / 50 }
        }
        return (text, audio)
    }
}
