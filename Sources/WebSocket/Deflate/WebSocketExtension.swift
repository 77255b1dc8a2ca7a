// One element of a Sec-WebSocket-Extensions list (RFC 6455 §9.1): an extension name and its parameters.

/// An extension as offered or accepted in `Sec-WebSocket-Extensions` (RFC 6455 §9.1), e.g.
/// `permessage-deflate; client_max_window_bits`.
///
/// Names are tokens. A parameter value, when present, is a token; on the wire it may be quoted, and
/// after unquoting it must still be a token (RFC 6455 §9.1), so values are stored unquoted.
public struct WebSocketExtension: Sendable, Hashable, CustomStringConvertible {
    /// One `name[=value]` parameter.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name, a token, as received.
        public var name: String
        /// The unquoted value, nil when the parameter has none.
        public var value: String?

        /// Creates a parameter.
        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The extension name, a token, as received (e.g. `permessage-deflate`).
    public var name: String
    /// The parameters, in order (duplicates kept: each extension decides what they mean).
    public var parameters: [Parameter]

    /// Creates an extension element.
    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// The element as written in a header: `name; param; param=value`.
    public var description: String {
        var text = name
        for parameter in parameters {
            text += "; " + parameter.name
            if let value = parameter.value { text += "=" + value }
        }
        return text
    }

    /// A whole `Sec-WebSocket-Extensions` value: the elements joined by `, `.
    public static func headerValue(_ extensions: [WebSocketExtension]) -> String {
        extensions.map(\.description).joined(separator: ", ")
    }
}
