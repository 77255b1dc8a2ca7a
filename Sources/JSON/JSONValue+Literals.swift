// Literal and numeric initializers, so tests and rewrites can write JSON values inline.

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }

    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public init(integerLiteral value: Int) { self = .number(String(value)) }

    /// A float literal, written in Swift's shortest round-trip form (`0.5`, `1e-05`).
    public init(floatLiteral value: Double) {
        precondition(value.isFinite, "JSON has no literal for \(value)")
        self = .number(value.description)
    }

    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// An object with the members in the order written; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }

    public init(nilLiteral: ()) { self = .null }

    /// The number `value`.
    public init(_ value: Int) { self = .number(String(value)) }

    /// The number `value` in Swift's shortest round-trip form, which is always a valid JSON literal
    /// for finite values (`100.0`, `1e+16`, `5e-324`); nil for NaN and infinities, which JSON lacks.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self = .number(value.description)
    }
}
