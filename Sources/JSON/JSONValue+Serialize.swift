// Compact serialization: no whitespace, members in order, number literals as stored.

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of this value as UTF-8.
    ///
    /// No whitespace is added; object members come out in their stored order and numbers as their
    /// stored literal, so a compact document that was parsed serializes back to the same bytes
    /// (escapes inside strings are the exception: they come out in the canonical form of
    /// ``serialize(into:)``). A `.number` holding an invalid literal is written as `null`, so the
    /// output is always valid JSON.
    public func serialized() -> [UInt8] {
        var output = JSONOutput()
        write(to: &output)
        return Array(output.bytes)
    }

    /// Appends the compact JSON text of this value to `buffer`.
    ///
    /// Strings escape `"`, `\` and U+0000–U+001F (as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx`), and
    /// also U+2028 and U+2029, which are valid in JSON but end a line in JavaScript source. Every
    /// other character, including all other non-ASCII text, is written as raw UTF-8.
    public func serialize(into buffer: inout [UInt8]) {
        var output = JSONOutput()
        write(to: &output)
        buffer.append(contentsOf: output.bytes)
    }

    private func write(to output: inout JSONOutput) {
        switch self {
        case .null:
            output.append("null")
        case .bool(let bool):
            output.append(bool ? "true" : "false")
        case .number(let literal):
            if JSONParser.isValidNumberLiteral(literal) {
                output.append(utf8: literal)
            } else {
                output.append("null")
            }
        case .string(let string):
            JSONStringEscaping.append(string, to: &output)
        case .array(let elements):
            output.append(JSONByte.openBracket)
            var first = true
            for element in elements {
                if !first { output.append(JSONByte.comma) }
                first = false
                element.write(to: &output)
            }
            output.append(JSONByte.closeBracket)
        case .object(let object):
            output.append(JSONByte.openBrace)
            var first = true
            for (key, value) in object {
                if !first { output.append(JSONByte.comma) }
                first = false
                JSONStringEscaping.append(key, to: &output)
                output.append(JSONByte.colon)
                value.write(to: &output)
            }
            output.append(JSONByte.closeBrace)
        }
    }

    /// The compact JSON text of this value.
    public var serializedString: String {
        String(decoding: serialized(), as: UTF8.self)
    }

    /// The compact JSON text, as ``serializedString``.
    public var description: String { serializedString }
}
