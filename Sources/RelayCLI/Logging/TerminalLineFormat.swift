// TerminalLineFormat: one readable log line per record, for terminals.

import Logging

/// Writes each record as one readable line:
/// `2026-11-21T10:00:00.123Z info  relay: listening host=0.0.0.0 port=8080`.
///
/// UTC time with milliseconds, the level padded to five columns, the label, the message, then
/// metadata as `key=value` sorted by key. A value is quoted (with `\"` and `\\` escaped) when it is
/// empty or contains a space, `"`, a control character or (plain values only) `=`; control characters, in the message
/// too, are written as escapes (`\n`, `\t`, `\u{1b}`) so a record never spans two lines. Nested
/// dictionaries print as `{k=v,…}`, arrays as `[a,b]`. Secret-bearing keys are redacted (see
/// ``LogRedaction``).
package enum TerminalLineFormat: LogLineFormat {
    package static let fractionDigits = 3

    package static func line(label: String, event: LogEvent, metadata effective: Logger.Metadata, timestamp: String) -> String {
        var line = timestamp
        line += " "
        let level = event.level.rawValue
        line += level
        if level.utf8.count < 5 { line += String(repeating: " ", count: 5 - level.utf8.count) }
        line += " "
        if !label.isEmpty {
            line += Self.escapeControls(label)
            line += ": "
        }
        line += Self.escapeControls(event.message.description)
        for key in LogRecordMetadata.sortedKeys(effective) {
            line += " "
            line += Self.escapeControls(key)
            line += "="
            let value = effective[key]!
            line += Self.quoteIfNeeded(Self.render(value), quoteEquals: Self.isScalar(value))
        }
        return line
    }

    /// A metadata value as plain text (before quoting).
    private static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string):
            return string
        case .stringConvertible(let convertible):
            return convertible.description
        case .dictionary(let dictionary):
            let members = LogRecordMetadata.sortedKeys(dictionary).map { "\($0)=\(render(dictionary[$0]!))" }
            return "{" + members.joined(separator: ",") + "}"
        case .array(let array):
            return "[" + array.map(render).joined(separator: ",") + "]"
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func isScalar(_ value: Logger.MetadataValue) -> Bool {
        switch value {
        case .string, .stringConvertible: true
        case .dictionary, .array: false
        }
    }

    /// Quotes when empty or containing a space, `"` or a control character; also `=` for scalars
    /// (a rendered dictionary contains `=` by design).
    private static func quoteIfNeeded(_ text: String, quoteEquals: Bool) -> String {
        let needsQuoting = text.isEmpty || text.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || (quoteEquals && $0 == "=") || isControl($0)
        }
        guard needsQuoting else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: appendEscapingControl(scalar, to: &out)
            }
        }
        out += "\""
        return out
    }

    private static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars { appendEscapingControl(scalar, to: &out) }
        return out
    }

    private static func appendEscapingControl(_ scalar: Unicode.Scalar, to out: inout String) {
        guard isControl(scalar) else {
            out.unicodeScalars.append(scalar)
            return
        }
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
}
