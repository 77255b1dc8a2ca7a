// Strict RFC 8259 recursive-descent parser over a borrowed byte buffer: structure and literals.

/// Parses one JSON text from bytes it borrows for the duration of the parse.
///
/// Grammar is RFC 8259 §2–§7 with nothing extra: no comments, no trailing commas, no byte order
/// mark, no `NaN`/`Infinity`, whitespace limited to space, tab, CR and LF. Every error carries the
/// offset of the first byte that cannot be accepted (see ``JSONParseError``). Strings and numbers
/// live in `JSONParser+String.swift` and `JSONParser+Number.swift`.
struct JSONParser {
    let base: UnsafePointer<UInt8>
    /// One past the last byte.
    let end: Int
    /// The next byte to read.
    var index: Int
    /// Containers currently open around `index`.
    private var depth = 0
    private let maxDepth: Int

    /// A parser over `count` bytes at `base`, starting at `index`.
    init(base: UnsafePointer<UInt8>, count: Int, index: Int = 0, maxDepth: Int = JSONLimits.default.maxDepth) {
        self.base = base
        self.end = count
        self.index = index
        self.maxDepth = maxDepth
    }

    /// Parses `bytes` as one complete JSON text.
    static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits) throws(JSONParseError) -> JSONValue {
        try over(bytes, limits: limits) { (parser: inout JSONParser) throws(JSONParseError) in try parser.parseDocument() }
    }

    /// Runs `body` with a parser over `bytes`, after the checks every entry point shares: the byte
    /// limit, and an empty input.
    static func over<Result>(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits,
                             _ body: (inout JSONParser) throws(JSONParseError) -> Result) throws(JSONParseError) -> Result {
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(offset: limits.maxBytes, reason: "input larger than the byte limit")
        }
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(offset: 0, reason: "unexpected end of input")
        }
        var parser = JSONParser(
            base: raw.assumingMemoryBound(to: UInt8.self), count: bytes.count, maxDepth: limits.maxDepth)
        return try body(&parser)
    }

    /// A whole JSON text: one value with optional whitespace around it (RFC 8259 §2).
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == end else { throw failure("unexpected data after the JSON value") }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < end else { throw endOfInput() }
        switch base[index] {
        case JSONByte.openBrace: return try parseObject()
        case JSONByte.openBracket: return try parseArray()
        case JSONByte.quote: return .string(try parseString())
        case JSONByte.minus, JSONByte.zero...JSONByte.nine: return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw failure("expected a value")
        }
    }

    /// RFC 8259 §4. `index` is at `{`.
    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var object = JSONObject()
        // One bit per key seen, chosen by a cheap hash: a clear bit proves a key is new, so the
        // duplicate search (string comparisons against every earlier key) runs only on a hit.
        var seenKeys: UInt64 = 0
        skipWhitespace()
        if index < end, base[index] == JSONByte.closeBrace {
            return .object(leaveContainer(object))
        }
        while true {
            guard index < end else { throw endOfInput() }
            guard base[index] == JSONByte.quote else { throw failure("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < end else { throw endOfInput() }
            guard base[index] == JSONByte.colon else { throw failure("expected ':' after object key") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            let keyBit = Self.filterBit(for: key)
            if seenKeys & keyBit == 0 {
                seenKeys |= keyBit
                object.append(key, value)
            } else {
                // Maybe a duplicate: the last value wins, at the first position (see JSONObject).
                object[key] = value
            }
            skipWhitespace()
            guard index < end else { throw endOfInput() }
            switch base[index] {
            case JSONByte.comma:
                index += 1
                skipWhitespace()
                if index < end, base[index] == JSONByte.closeBrace { throw failure("trailing comma in object") }
            case JSONByte.closeBrace:
                return .object(leaveContainer(object))
            default:
                throw failure("expected ',' or '}' after object member")
            }
        }
    }

    /// RFC 8259 §5. `index` is at `[`.
    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < end, base[index] == JSONByte.closeBracket {
            return .array(leaveContainer(elements))
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < end else { throw endOfInput() }
            switch base[index] {
            case JSONByte.comma:
                index += 1
                skipWhitespace()
                if index < end, base[index] == JSONByte.closeBracket { throw failure("trailing comma in array") }
            case JSONByte.closeBracket:
                return .array(leaveContainer(elements))
            default:
                throw failure("expected ',' or ']' after array element")
            }
        }
    }

    /// The bit of `seenKeys` for `key`: from its length and its first and last bytes, all O(1).
    private static func filterBit(for key: String) -> UInt64 {
        var key = key
        let hash = key.withUTF8 { utf8 in
            utf8.isEmpty ? 0 : utf8.count &* 31 &+ Int(utf8[0]) &* 7 &+ Int(utf8[utf8.count - 1])
        }
        return 1 << UInt64(hash & 63)
    }

    /// Checks the depth limit *before* descending, so the recursion is bounded by `maxDepth`.
    mutating func enterContainer() throws(JSONParseError) {
        guard depth < maxDepth else { throw failure("nesting deeper than the depth limit") }
        depth += 1
        index += 1
    }

    /// Steps past the closing bracket and returns `container`.
    mutating func leaveContainer<Container>(_ container: Container) -> Container {
        depth -= 1
        index += 1
        return container
    }

    /// `true`, `false` or `null` (RFC 8259 §3), which must be spelled exactly, in lowercase.
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in bytes {
            guard index < end else { throw endOfInput() }
            guard base[index] == expected else { throw failure("invalid literal") }
            index += 1
        }
    }

    // MARK: Helpers shared with the string and number scanners

    mutating func skipWhitespace() {
        while index < end, JSONByte.isWhitespace(base[index]) { index += 1 }
    }

    /// An error at the current byte.
    func failure(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    /// The input stopped inside a value.
    func endOfInput() -> JSONParseError {
        JSONParseError(offset: end, reason: "unexpected end of input")
    }
}
