// Typed, non-throwing reads of a JSONValue: each answers nil when the value has another shape.

extension JSONValue {
    /// The member named `key` when this is an object; nil when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// The integer, when this is a number written as an integer literal that fits in `Int`.
    ///
    /// `42` and `-0` give 42 and 0. Literals with a fraction or an exponent (`1.0`, `1e2`) give nil,
    /// as do integers outside `Int`'s range and strings such as `"42"`: a token endpoint that sends
    /// `"expires_in":"3599"` must be read with ``stringValue``.
    public var intValue: Int? {
        guard case .number(let literal) = self else { return nil }
        return Int(literal)
    }

    /// The nearest `Double`, when this is a number. Literals beyond `Double`'s range give ±infinity
    /// (`1e400`) or zero (`1e-400`), following IEEE 754 rounding.
    public var doubleValue: Double? {
        guard case .number(let literal) = self else { return nil }
        return Double(literal)
    }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// True for JSON `null` only (not for a missing member: `value["absent"]?.isNull` is nil).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
