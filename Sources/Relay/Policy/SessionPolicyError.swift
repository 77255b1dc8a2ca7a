// Why a session policy file was refused: which file, where in it, what is wrong, and what a valid one looks like.
import JSON

/// A session policy file that cannot be read or is not a valid policy.
///
/// ``description`` is one line for the operator: the file, the problem (with the JSON byte offset or
/// the key path), and a short valid example, e.g.
/// `session policy /etc/relay/policy.json: unknown top-level key "defualts" (valid keys: "defaults", "locked", "allowed_client_events"). A valid file: {…} (see docs/session-policy.md)`.
public struct SessionPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file path (or the name the caller gave the bytes).
    public var source: String
    /// The byte offset of invalid JSON; nil for other problems.
    public var byteOffset: Int?
    /// What is wrong and where, e.g. `"locked"[1] must be a dotted path …`.
    public var problem: String

    public init(source: String, byteOffset: Int? = nil, problem: String) {
        self.source = source
        self.byteOffset = byteOffset
        self.problem = problem
    }

    /// A minimal valid file, shown with every error.
    public static let validExample =
        #"{"defaults":{"audio":{"output":{"voice":"alloy"}}},"locked":["audio.output.voice","tools"],"allowed_client_events":["session.update","response.create"]}"#

    public var description: String {
        "session policy \(source): \(problem). A valid file (every key optional): \(Self.validExample) (see docs/session-policy.md)"
    }
}

extension SessionPolicyError {
    /// `text` as a JSON string literal, shortened to 60 characters: safe to print whatever it holds.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return JSONValue.string(shown).serializedString
    }

    /// `"a", "b"`: names quoted and joined.
    static func quotedList(_ names: [String]) -> String {
        names.map(quoted).joined(separator: ", ")
    }

    /// What kind of JSON value `value` is, for "must be an object, got an array" messages.
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
