// Sending server events: every one gets `type` first and a fresh `event_id`, like Azure's.
import JSON
import WebSocket

extension SimulatedSession {
    /// Sends one server event; `fields` follow `type` and `event_id` in the order given.
    func emit(_ type: String, _ fields: JSONObject = [:]) {
        guard let name = dialect.name(of: type) else { return }
        var event = JSONObject()
        event["type"] = .string(name)
        event["event_id"] = .string(ids.next("event"))
        for (key, value) in fields { event[key] = value }
        guard let connection, connection.isOpen else { return }
        JSONValue.object(event).serialized().withUnsafeBytes { connection.send(.text, payload: $0) }
    }

    /// An `error` event in Azure's shape, naming the client event that caused it.
    func sendError(_ error: RealtimeError) {
        logger.debug("simulated error event", metadata: ["code": "\(error.code)"])
        emit("error", ["error": error.json(clientEventID: clientEventID)])
    }
}

/// Short-hands for building event fields.
extension JSONValue {
    /// The string, or JSON null for nil (`previous_item_id` of the first item).
    static func nullable(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
