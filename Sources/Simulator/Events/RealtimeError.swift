// The `error` events the simulator sends, with the codes and wording Azure and OpenAI use.
import JSON

/// The `error` member of an error event. Thrown by handlers; the session sends it and stays open.
struct RealtimeError: Error, Equatable {
    var type = "invalid_request_error"
    var code: String
    var message: String
    var param: String?

    /// The `error` object; `clientEventID` names the client event that caused it (or null).
    func json(clientEventID: String?) -> JSONValue {
        [
            "type": .string(type),
            "code": .string(code),
            "message": .string(message),
            "param": param.map(JSONValue.string) ?? .null,
            "event_id": clientEventID.map(JSONValue.string) ?? .null,
        ]
    }

    static func missing(_ param: String) -> RealtimeError {
        RealtimeError(code: "missing_required_parameter", message: "Missing required parameter: '\(param)'.", param: param)
    }

    static func invalidType(_ param: String, expected: String) -> RealtimeError {
        RealtimeError(code: "invalid_type", message: "Invalid type for '\(param)': expected \(expected).", param: param)
    }

    static func invalidValue(_ param: String, _ value: String, supported: [String]) -> RealtimeError {
        let list = supported.map { "'\($0)'" }.joined(separator: ", ")
        return RealtimeError(code: "invalid_value", message: "Invalid value: '\(value)'. Supported values are: \(list).",
                             param: param)
    }

    static func itemNotFound(_ id: String, param: String = "item_id") -> RealtimeError {
        RealtimeError(code: "item_not_found", message: "Item with item_id not found: \(id)", param: param)
    }
}
