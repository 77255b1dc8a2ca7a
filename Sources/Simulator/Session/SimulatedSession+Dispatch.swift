// Client events in: parse, route by `type`, and turn every failure into an `error` event.
import JSON
import WebSocket
import WebSocketIO

extension SimulatedSession {
    /// The client events the simulator understands (the GA client event list, §1.4 of the notes).
    static let clientEventTypes = [
        "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
        "conversation.item.create", "conversation.item.retrieve", "conversation.item.truncate",
        "conversation.item.delete", "response.create", "response.cancel",
    ]

    /// Bad input never closes the session (Azure keeps it open); only the WebSocket layer closes
    /// on protocol violations.
    func received(_ message: WebSocketMessage) {
        clientEventID = nil
        guard message.opcode == .text else {
            return sendError(RealtimeError(code: "invalid_message_type",
                                           message: "Binary messages are not supported; send events as JSON text.",
                                           param: nil))
        }
        let event: JSONObject
        do {
            guard let object = try JSONValue.parse(message.payload).objectValue else {
                return sendError(RealtimeError(code: "invalid_json", message: "Expected an event object.", param: nil))
            }
            event = object
        } catch {
            return sendError(RealtimeError(code: "invalid_json",
                                           message: "The server could not parse the event as JSON: \(error).",
                                           param: nil))
        }
        clientEventID = event["event_id"]?.stringValue
        do {
            try handle(event)
        } catch {
            sendError(error)
        }
    }

    private func handle(_ event: JSONObject) throws(RealtimeError) {
        guard let typeValue = event["type"] else { throw .missing("type") }
        guard let type = typeValue.stringValue else { throw .invalidType("type", expected: "a string") }
        switch type {
        case "session.update": try updateSession(event)
        case "input_audio_buffer.append": try appendInputAudio(event)
        case "input_audio_buffer.commit": try commitInputAudio()
        case "input_audio_buffer.clear": clearInputAudio()
        case "conversation.item.create": try createItem(event)
        case "conversation.item.retrieve": try retrieveItem(event)
        case "conversation.item.truncate": try truncateItem(event)
        case "conversation.item.delete": try deleteItem(event)
        case "response.create": try createResponse(event)
        case "response.cancel": try cancelResponse(event)
        default: throw .invalidValue("type", type, supported: Self.clientEventTypes)
        }
    }

    // MARK: Field access with Azure's errors

    func requiredString(_ event: JSONObject, _ key: String) throws(RealtimeError) -> String {
        guard let value = event[key] else { throw .missing(key) }
        guard let string = value.stringValue else { throw .invalidType(key, expected: "a string") }
        return string
    }

    func requiredInt(_ event: JSONObject, _ key: String) throws(RealtimeError) -> Int {
        guard let value = event[key] else { throw .missing(key) }
        guard let number = value.intValue else { throw .invalidType(key, expected: "an integer") }
        return number
    }

    func requiredObject(_ event: JSONObject, _ key: String) throws(RealtimeError) -> JSONObject {
        guard let value = event[key] else { throw .missing(key) }
        guard let object = value.objectValue else { throw .invalidType(key, expected: "an object") }
        return object
    }

    // MARK: session.update

    private func updateSession(_ event: JSONObject) throws(RealtimeError) {
        let update = try requiredObject(event, "session")
        do {
            try configuration.apply(update, assistantAudioExists: assistantAudioExists)
        } catch {
            // Azure names the full path of the bad member.
            var error = error
            if let param = error.param, !param.hasPrefix("session.") { error.param = "session." + param }
            throw error
        }
        sessionSettingsChanged()
        emit("session.updated", ["session": configuration.value])
    }
}
