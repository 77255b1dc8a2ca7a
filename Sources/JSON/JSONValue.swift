// A parsed JSON value that keeps member order and number literals exactly as written.

/// One JSON value (RFC 8259 §3).
///
/// The representation is chosen so that a relay can parse an event, change one member and write it
/// back without disturbing anything it does not understand:
/// - numbers keep their literal text (`1.0`, `-0`, `1e400`, 30-digit integers all survive unchanged);
/// - objects keep their members in document order (see ``JSONObject``).
///
/// Equality is therefore about the written form: `.number("1.0") != .number("1")`, and two objects
/// with the same members in a different order are different values. Equal values serialize to the
/// same bytes.
///
/// ```swift
/// let event = try JSONValue.parse(#"{"type":"session.update","session":{"voice":"alloy"}}"#)
/// event["session"]?["voice"]?.stringValue  // "alloy"
/// ```
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number literal exactly as written; valid per RFC 8259 §6 when it came from the parser.
    ///
    /// When building one by hand, keep it a valid literal (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`):
    /// the serializer writes an invalid literal as `null` rather than emit invalid JSON. Prefer the
    /// integer literal (`let n: JSONValue = 42`) or `JSONValue(_:)` with a `Double`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object; members keep document order.
    case object(JSONObject)
}
