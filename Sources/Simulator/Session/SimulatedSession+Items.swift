// conversation.item.*: create, retrieve, delete and truncate items of the simulated conversation.
import JSON

extension SimulatedSession {
    func createItem(_ event: JSONObject) throws(RealtimeError) {
        var item = try requiredObject(event, "item")
        let previousID = try optionalPreviousItem(event)
        guard let type = item["type"]?.stringValue else { throw .missing("item.type") }
        let role = item["role"]?.stringValue
        var content: ConversationItem.Content?
        switch type {
        case "message":
            guard let role else { throw .missing("item.role") }
            guard ["user", "assistant", "system"].contains(role) else {
                throw .invalidValue("item.role", role, supported: ["user", "assistant", "system"])
            }
            guard let parts = item["content"]?.arrayValue else { throw .missing("item.content") }
            var kept: [JSONValue] = []
            for part in parts {
                guard var object = part.objectValue else { throw .invalidType("item.content", expected: "an array of objects") }
                switch object["type"]?.stringValue {
                case "input_text", "text", "output_text":
                    if content == nil, role != "assistant", let text = object["text"]?.stringValue { content = .text(text) }
                case "input_audio":
                    // Only the duration is kept: Azure stores the audio, the simulator has no use for it.
                    let bytes = object["audio"]?.stringValue.map { $0.utf8.count / 4 * 3 } ?? 0
                    if content == nil { content = .audio(milliseconds: Double(bytes / 2) / 24) }
                    object["audio"] = nil
                    if object["transcript"] == nil { object["transcript"] = .null }
                case let other:
                    throw .invalidValue("item.content.type", other ?? "null",
                                        supported: ["input_text", "input_audio", "text", "output_text"])
                }
                kept.append(.object(object))
            }
            item["content"] = .array(kept)
        case "function_call_output":
            guard item["call_id"]?.stringValue != nil else { throw .missing("item.call_id") }
            guard let output = item["output"]?.stringValue else { throw .missing("item.output") }
            content = .toolOutput(output)
        case "function_call":
            guard item["call_id"]?.stringValue != nil, item["name"]?.stringValue != nil else { throw .missing("item.name") }
        default:
            throw .invalidValue("item.type", type, supported: ["message", "function_call", "function_call_output"])
        }
        let id = item["id"]?.stringValue ?? ids.next("item")
        guard conversation.item(id) == nil else {
            throw RealtimeError(code: "item_id_already_exists", message: "Item with id '\(id)' already exists.", param: "item.id")
        }
        // The stored and echoed item: id first, as Azure writes it, then the client's members.
        var stored: JSONObject = ["id": .string(id), "object": "realtime.item"]
        for (key, value) in item where key != "id" && key != "object" { stored[key] = value }
        if stored["status"] == nil { stored["status"] = "completed" }
        let previous = conversation.insert(ConversationItem(id: id, json: stored, role: role, content: content),
                                           after: previousID)
        emit("conversation.item.added", ["previous_item_id": .nullable(previous), "item": .object(stored)])
        emit("conversation.item.done", ["previous_item_id": .nullable(previous), "item": .object(stored)])
    }

    private func optionalPreviousItem(_ event: JSONObject) throws(RealtimeError) -> String? {
        guard let value = event["previous_item_id"], !value.isNull else { return nil }
        guard let id = value.stringValue else { throw .invalidType("previous_item_id", expected: "a string") }
        guard id == "root" || conversation.item(id) != nil else { throw .itemNotFound(id, param: "previous_item_id") }
        return id
    }

    func retrieveItem(_ event: JSONObject) throws(RealtimeError) {
        let id = try requiredString(event, "item_id")
        guard let item = conversation.item(id) else { throw .itemNotFound(id) }
        emit("conversation.item.retrieved", ["item": .object(item.json)])
    }

    func deleteItem(_ event: JSONObject) throws(RealtimeError) {
        let id = try requiredString(event, "item_id")
        guard conversation.item(id) != nil else { throw .itemNotFound(id) }
        if response?.itemID == id { finishResponse(status: .cancelled(reason: "client_cancelled")) }
        conversation.remove(id)
        emit("conversation.item.deleted", ["item_id": .string(id)])
    }

    /// Cuts an assistant audio item at what the user actually heard (barge-in, §1.8 of the notes):
    /// the unheard audio and the words it carried leave the context.
    func truncateItem(_ event: JSONObject) throws(RealtimeError) {
        let id = try requiredString(event, "item_id")
        let contentIndex = try requiredInt(event, "content_index")
        let audioEndMs = try requiredInt(event, "audio_end_ms")
        guard conversation.item(id) != nil else { throw .itemNotFound(id) }
        // Truncating the item being streamed stops the stream first, as the user stopped listening.
        if response?.itemID == id { finishResponse(status: .cancelled(reason: "client_cancelled")) }
        guard let item = conversation.item(id), item.isAssistantAudio, let sentMs = item.audioMs else {
            throw RealtimeError(code: "unsupported_content_type",
                                message: "Only model output audio messages can be truncated", param: "item_id")
        }
        guard contentIndex == 0 else {
            throw RealtimeError(code: "invalid_value", message: "Invalid 'content_index': the item has one content part (0).",
                                param: "content_index")
        }
        guard audioEndMs >= 0 else {
            throw RealtimeError(code: "integer_below_min_value",
                                message: "Invalid 'audio_end_ms': expected a value >= 0.", param: "audio_end_ms")
        }
        guard audioEndMs <= sentMs else {
            throw RealtimeError(code: "invalid_value",
                                message: "Audio content of \(sentMs)ms is already shorter than \(audioEndMs)ms",
                                param: "audio_end_ms")
        }
        conversation.update(id) { stored in
            stored.audioMs = audioEndMs
            stored.json = Self.truncated(stored.json, keeping: sentMs == 0 ? 0 : Double(audioEndMs) / Double(sentMs))
        }
        emit("conversation.item.truncated", [
            "item_id": .string(id), "content_index": JSONValue(contentIndex), "audio_end_ms": JSONValue(audioEndMs),
        ])
    }

    /// The item with its transcript cut to the share of words that were heard.
    private static func truncated(_ item: JSONObject, keeping share: Double) -> JSONObject {
        guard var part = item["content"]?[0]?.objectValue, let transcript = part["transcript"]?.stringValue else {
            return item
        }
        let words = transcript.split(separator: " ")
        part["transcript"] = .string(words.prefix(Int(Double(words.count) * share)).joined(separator: " "))
        var result = item
        result["content"] = [.object(part)]
        return result
    }
}
