// Rebuilds both sides' transcripts from transcription, transcript and text events, in conversation order.

import JSON

/// Collects the text of each conversation item, keyed by `item_id`, in the order items were first
/// mentioned (speech started, committed, added, output item added, or their first text). That order
/// is the conversation's even though user transcriptions arrive late, often after the reply began.
struct TranscriptBuilder {
    typealias Entry = SessionSummary.TranscriptEntry

    private var entries: [Entry] = []
    private var indexByItem: [String: Int] = [:]

    /// The items with text, and user speech items even without (shown as untranscribed speech).
    var transcript: [Entry] {
        entries.filter { $0.text != nil || $0.speaker == .user }
    }

    /// Notes an item at its first mention so it keeps its place in the conversation.
    @discardableResult
    mutating func register(item: String, speaker: SessionSummary.Speaker, source: String,
                           responseID: String? = nil, at offset: Double?) -> Int {
        if let index = indexByItem[item] {
            if entries[index].responseID == nil { entries[index].responseID = responseID }
            return index
        }
        entries.append(Entry(speaker: speaker, itemID: item, responseID: responseID, text: nil, source: source,
                             isComplete: false, truncatedAtAudioMilliseconds: nil, offsetMilliseconds: offset))
        indexByItem[item] = entries.count - 1
        return entries.count - 1
    }

    /// A streamed piece of an item's text; ignored once the final text is in.
    mutating func append(delta: String, item: String, speaker: SessionSummary.Speaker, source: String,
                         responseID: String?, at offset: Double?) {
        let index = register(item: item, speaker: speaker, source: source, responseID: responseID, at: offset)
        guard !entries[index].isComplete else { return }
        entries[index].source = source
        entries[index].text = (entries[index].text ?? "") + delta
    }

    /// The final text of an item (`.completed` / `.done`); replaces the deltas.
    mutating func complete(text: String, item: String, speaker: SessionSummary.Speaker, source: String,
                           responseID: String?, at offset: Double?) {
        let index = register(item: item, speaker: speaker, source: source, responseID: responseID, at: offset)
        entries[index].source = source
        entries[index].text = text
        entries[index].isComplete = true
    }

    /// Text the client added with `conversation.item.create`. Without an id the item is matched later
    /// to the server's `conversation.item.added` with the same text (see ``bind(item:speaker:text:at:)``).
    mutating func typed(text: String, item: String?, speaker: SessionSummary.Speaker, at offset: Double?) {
        if let item, indexByItem[item] != nil { return }
        entries.append(Entry(speaker: speaker, itemID: item, responseID: nil, text: text, source: "input_text",
                             isComplete: true, truncatedAtAudioMilliseconds: nil, offsetMilliseconds: offset))
        if let item { indexByItem[item] = entries.count - 1 }
    }

    /// A text item the server added: gives a pending client item its id, or adds it (an item the
    /// relay or another client created).
    mutating func bind(item: String, speaker: SessionSummary.Speaker, text: String, at offset: Double?) {
        guard indexByItem[item] == nil else { return }
        if let pending = entries.firstIndex(where: { $0.itemID == nil && $0.speaker == speaker && $0.text == text }) {
            entries[pending].itemID = item
            indexByItem[item] = pending
        } else {
            typed(text: text, item: item, speaker: speaker, at: offset)
        }
    }

    /// A barge-in: the item's audio was cut at `audioEndMilliseconds`.
    mutating func truncate(item: String, audioEndMilliseconds: Int?, at offset: Double?) {
        let index = register(item: item, speaker: .assistant, source: "audio_transcript", at: offset)
        entries[index].truncatedAtAudioMilliseconds = audioEndMilliseconds ?? entries[index].truncatedAtAudioMilliseconds
    }

    /// The text of an item's `content` parts that carry text (`input_text`, `text`, `output_text`).
    static func text(ofContent content: JSONValue?) -> String? {
        guard let parts = content?.arrayValue else { return nil }
        let texts = parts.compactMap { part -> String? in
            guard let type = part["type"]?.stringValue, ["input_text", "text", "output_text"].contains(type) else { return nil }
            return part["text"]?.stringValue
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }
}
