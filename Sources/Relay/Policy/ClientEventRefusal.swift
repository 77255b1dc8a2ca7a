// The `error` a client gets back, in Azure's shape, for an event the allowlist keeps from the model.
import JSON

/// Why a client event was not forwarded, as the `error` member of an Azure `error` event
/// (`{"type":"invalid_request_error","code":…,"message":…,"param":"type","event_id":…}`, §1.6).
///
/// The client's type is quoted in the message, shortened to 64 characters so a hostile event
/// cannot make the relay echo a large string.
public struct ClientEventRefusal: Sendable, Equatable {
    /// The `error.type`: the client sent something the service would not take either.
    public let type = "invalid_request_error"
    /// The `error.code`, the same for every refused event so clients can match it.
    public let code = "client_event_not_allowed"
    /// The `error.param`: the event's `type` member is what was refused.
    public let param = "type"
    /// A readable sentence naming the refused type.
    public let message: String

    /// The refusal of an event whose `type` is `eventType`, or nil when it had no string `type`.
    public init(eventType: String?) {
        if let eventType {
            let shown = eventType.count > 64 ? String(eventType.prefix(64)) + "…" : eventType
            message = "The relay does not forward '\(shown)' events: the type is not in its allowed client events."
        } else {
            message = "The event has no string 'type'; the relay forwards only its allowed client events."
        }
    }

    /// The `error` member; `clientEventID` is the refused event's `event_id`, when it had one.
    public func errorObject(clientEventID: String?) -> JSONObject {
        [
            "type": .string(type), "code": .string(code), "message": .string(message), "param": .string(param),
            "event_id": clientEventID.map(JSONValue.string) ?? .null,
        ]
    }
}
