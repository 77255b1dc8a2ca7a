// Turns an identity endpoint's error body into one readable line, without echoing anything unexpected.
import JSON

enum ErrorResponseMessage {
    /// The longest message we pass on; Entra descriptions with trace IDs fit easily.
    static let maximumLength = 600

    /// `(error) error_description` for OAuth errors (Entra ID, IMDS), `message` for App Service's
    /// `{"statusCode","message"}`, `(code) message` for `{"error":{"code","message"}}`; nil for bodies that
    /// are not one of those JSON shapes.
    static func from(_ body: [UInt8]) -> String? {
        guard let json = try? JSONValue.parse(body), json.objectValue != nil else { return nil }
        var text: String?
        if let error = json["error"]?.stringValue {
            let description = json["error_description"]?.stringValue ?? ""
            text = description.isEmpty ? error : "(\(error)) \(description)"
        } else if let nested = json["error"], let message = nested["message"]?.stringValue {
            let code = nested["code"]?.stringValue
            text = code.map { "(\($0)) \(message)" } ?? message
        } else if let message = json["message"]?.stringValue ?? json["Message"]?.stringValue {
            text = message
        }
        return text.map(singleLine)
    }

    /// `text` on one line (Entra separates trace and correlation IDs with CRLF), cut at `maximumLength`.
    static func singleLine(_ text: String) -> String {
        var line = ""
        var lastWasSpace = false
        for character in text {
            let isBreak = character.isNewline || character == "\t"
            if isBreak || character == " " {
                if !lastWasSpace && !line.isEmpty { line.append(" ") }
                lastWasSpace = true
            } else if character.asciiValue.map({ $0 < 0x20 || $0 == 0x7f }) == true {
                continue
            } else {
                line.append(character)
                lastWasSpace = false
            }
            if line.count >= maximumLength {
                line += "…"
                break
            }
        }
        return line.trimmingASCIIWhitespace()
    }
}
