// Parses Sec-WebSocket-Extensions field values (RFC 6455 §9.1) into extension elements.

extension WebSocketExtension {
    /// Parses every `Sec-WebSocket-Extensions` field value of a message, in order, as one list
    /// (RFC 9110 §5.3: several field lines are one comma-separated list).
    ///
    /// Grammar (RFC 6455 §9.1 with the OWS of RFC 9110 §5.6.3):
    /// `extension-list = 1#( token *( OWS ";" OWS token [ OWS "=" OWS ( token / quoted-string ) ] ) )`.
    /// Empty list elements are ignored (RFC 9110 §5.6.1.2). A quoted value is unescaped and must then be
    /// a token (RFC 6455 §9.1). Returns nil when any value is malformed: the list cannot be trusted.
    public static func parseList(_ fieldValues: [String]) -> [WebSocketExtension]? {
        var result: [WebSocketExtension] = []
        for value in fieldValues {
            var scanner = ExtensionListScanner(Array(value.utf8))
            guard scanner.parse(into: &result) else { return nil }
        }
        return result
    }
}

/// A cursor over one field value, reading the grammar of ``WebSocketExtension/parseList(_:)``.
private struct ExtensionListScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private var atEnd: Bool { index == bytes.count }
    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func parse(into result: inout [WebSocketExtension]) -> Bool {
        while true {
            skipWhitespace()
            if atEnd { return true }
            if current == 0x2C {  // empty element
                index += 1
                continue
            }
            guard let name = token() else { return false }
            var element = WebSocketExtension(name: name)
            skipWhitespace()
            while current == 0x3B {
                index += 1
                skipWhitespace()
                guard let parameterName = token() else { return false }
                var parameter = WebSocketExtension.Parameter(name: parameterName)
                skipWhitespace()
                if current == 0x3D {
                    index += 1
                    skipWhitespace()
                    guard let value = current == 0x22 ? quotedToken() : token() else { return false }
                    parameter.value = value
                    skipWhitespace()
                }
                element.parameters.append(parameter)
            }
            result.append(element)
            if atEnd { return true }
            guard current == 0x2C else { return false }
            index += 1
        }
    }

    private mutating func skipWhitespace() {
        while let b = current, b == 0x20 || b == 0x09 { index += 1 }
    }

    private mutating func token() -> String? {
        let start = index
        while let b = current, HandshakeToken.isTchar(b) { index += 1 }
        guard index > start else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A quoted-string (RFC 9110 §5.6.4) whose unescaped content is a non-empty token.
    private mutating func quotedToken() -> String? {
        index += 1
        var value: [UInt8] = []
        while let b = current {
            index += 1
            switch b {
            case 0x22:
                guard !value.isEmpty, value.allSatisfy(HandshakeToken.isTchar) else { return nil }
                return String(decoding: value, as: UTF8.self)
            case 0x5C:
                guard let escaped = current else { return nil }
                index += 1
                value.append(escaped)
            default:
                value.append(b)
            }
        }
        return nil
    }
}
