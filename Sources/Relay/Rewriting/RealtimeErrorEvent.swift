// Relay-made `error` events in Azure's shape, so SDK clients and the page show them like Azure's own.
import JSON

enum RealtimeErrorEvent {
    /// `{"type":"error","event_id":…,"error":{"type":…,"code":…,"message":…,"param":null,"event_id":…}}`.
    static func make(type: String, code: String, message: String, clientEventID: String? = nil) -> [UInt8] {
        let error: JSONValue = .object([
            "type": .string(type), "code": .string(code), "message": .string(message), "param": .null,
            "event_id": clientEventID.map { .string($0) } ?? .null,
        ])
        let event: JSONValue = .object(["type": "error", "event_id": .string(RelayIDs.eventID()), "error": error])
        return event.serialized()
    }
}

/// Ids for what the relay makes: events, sessions. Random, so logs from many relays do not collide.
enum RelayIDs {
    static func eventID() -> String { "relay_evt_" + random(12) }
    static func sessionID() -> String { "rs_" + random(16) }

    private static func random(_ count: Int) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
    }
}
