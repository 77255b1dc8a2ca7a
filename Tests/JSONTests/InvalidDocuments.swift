// Table of invalid JSON texts with the offset and reason each must be refused with.

import JSON
import Testing

/// An input the parser must refuse, where, and why.
struct InvalidDocument: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let offset: Int
    let reason: String

    init(_ name: String, _ text: String, _ offset: Int, _ reason: String) {
        self.init(name, utf8(text), offset, reason)
    }

    init(_ name: String, _ bytes: [UInt8], _ offset: Int, _ reason: String) {
        self.name = name
        self.bytes = bytes
        self.offset = offset
        self.reason = reason
    }

    var testDescription: String { "\(name) -> \(offset): \(reason)" }

    static let end = "unexpected end of input"
    static let value = "expected a value"
    static let trailing = "unexpected data after the JSON value"
    static let afterElement = "expected ',' or ']' after array element"
    static let afterMember = "expected ',' or '}' after object member"
    static let key = "expected a string key"
    static let utf8Error = "invalid UTF-8"
    static let highSurrogate = "unpaired high surrogate in \\u escape"
    static let quote: UInt8 = 0x22

    static let all: [InvalidDocument] = [
        // Truncation: the offset is the input's length.
        .init("empty input", "", 0, end),
        .init("only whitespace", " \n\t ", 4, end),
        .init("open object", "{", 1, end),
        .init("open array", "[", 1, end),
        .init("key without colon", #"{"a""#, 4, end),
        .init("colon without value", #"{"a":"#, 5, end),
        .init("member without close", #"{"a":1"#, 6, end),
        .init("comma without element", "[1,", 3, end),
        .init("unterminated string", #""abc"#, 4, end),
        .init("high surrogate at end", #""\uD800"#, 7, end),

        // Structure (RFC 8259 §2, §4, §5).
        .init("trailing comma in array", "[1,]", 3, "trailing comma in array"),
        .init("trailing comma in object", #"{"a":1,}"#, 7, "trailing comma in object"),
        .init("trailing comma before spaced brace", #"{"a":1 , }"#, 9, "trailing comma in object"),
        .init("leading comma in array", "[,1]", 1, value),
        .init("double comma", "[1,,2]", 3, value),
        .init("empty object member", "{,}", 1, key),
        .init("single-quoted key", "{'a':1}", 1, key),
        .init("bare key", "{a:1}", 1, key),
        .init("number key", "{1:2}", 1, key),
        .init("missing colon", #"{"a" 1}"#, 5, "expected ':' after object key"),
        .init("missing member value", #"{"a":}"#, 5, value),
        .init("double colon", #"{"a"::1}"#, 5, value),
        .init("missing comma between members", #"{"a":1 "b":2}"#, 7, afterMember),
        .init("object closed by bracket", #"{"a":1]"#, 6, afterMember),
        .init("missing comma between elements", "[1 2]", 3, afterElement),
        .init("array closed by brace", "[1}", 2, afterElement),
        .init("two documents", "[] []", 3, trailing),
        .init("garbage after object", "{}x", 2, trailing),
        .init("two numbers", "1 2", 2, trailing),
        .init("NUL after document", [0x7B, 0x7D, 0x00], 2, trailing),
        .init("byte order mark", [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], 0, value),
        .init("comment", "// note\n{}", 0, value),
        .init("single-quoted string", "'a'", 0, value),
        .init("form feed is not whitespace", "\u{C}[]", 0, value),
        .init("non-ASCII outside strings", "[é]", 1, value),

        // Numbers (RFC 8259 §6).
        .init("leading zero", "01", 1, "leading zeros are not allowed"),
        .init("negative leading zero", "-01", 2, "leading zeros are not allowed"),
        .init("double zero in array", "[00]", 2, "leading zeros are not allowed"),
        .init("lone minus", "-", 1, end),
        .init("minus letter", "-a", 1, "expected a digit"),
        .init("plus sign", "+1", 0, value),
        .init("leading dot", ".5", 0, value),
        .init("trailing dot at end", "1.", 2, end),
        .init("dot exponent", "1.e5", 2, "expected a digit after '.'"),
        .init("trailing dot in array", "[1.]", 3, "expected a digit after '.'"),
        .init("empty exponent at end", "1e+", 3, end),
        .init("empty exponent in array", "[1e]", 3, "expected a digit in exponent"),
        .init("NaN", "NaN", 0, value),
        .init("Infinity", "Infinity", 0, value),
        .init("negative Infinity", "-Infinity", 1, "expected a digit"),
        .init("hex number", "0x10", 1, trailing),

        // Literals.
        .init("truncated true", "tru", 3, end),
        .init("capitalised True", "True", 0, value),
        .init("misspelt null", "nul1", 3, "invalid literal"),
        .init("literal run-on in array", "[truex]", 5, afterElement),
        .init("literal run-on at top level", "falsey", 5, trailing),

        // Strings (RFC 8259 §7).
        .init("raw control character", [quote, 0x61, 0x01, quote], 2, "control character in string must be escaped"),
        .init("raw tab", "\"a\tb\"", 2, "control character in string must be escaped"),
        .init("raw unit separator (U+001F)", [quote, 0x1F, quote], 1, "control character in string must be escaped"),
        .init("raw newline after long run", "\"0123456789abcdef\n\"", 17, "control character in string must be escaped"),
        .init("unknown escape", #""\x""#, 2, "invalid escape sequence"),
        .init("escaped single quote", #""\'""#, 2, "invalid escape sequence"),
        .init("short unicode escape", #""\u12""#, 5, "expected 4 hex digits after \\u"),
        .init("non-hex unicode escape", #""\u12G4""#, 5, "expected 4 hex digits after \\u"),
        .init("lone high surrogate", #""\uD800""#, 1, highSurrogate),
        .init("lone low surrogate", #""\uDC00""#, 1, "unpaired low surrogate in \\u escape"),
        .init("high surrogate then BMP escape", #""\uD800\u0041""#, 1, highSurrogate),
        .init("high surrogate then other escape", #""\uD800\n""#, 1, highSurrogate),
        .init("two high surrogates", #""ab\uDBFF\uDBFF""#, 3, highSurrogate),

        // UTF-8 inside strings (RFC 3629): the offset is the first byte that rules the sequence out.
        .init("byte FF", [quote, 0xFF, quote], 1, utf8Error),
        .init("stray continuation byte", [quote, 0x80, quote], 1, utf8Error),
        .init("overlong two-byte form", [quote, 0xC0, 0xAF, quote], 1, utf8Error),
        .init("overlong three-byte form", [quote, 0xE0, 0x80, 0xAF, quote], 2, utf8Error),
        .init("UTF-8 encoded surrogate", [quote, 0xED, 0xA0, 0x80, quote], 2, utf8Error),
        .init("code point past U+10FFFF", [quote, 0xF4, 0x90, 0x80, 0x80, quote], 2, utf8Error),
        .init("missing continuation byte", [quote, 0xC3, quote], 2, utf8Error),
        .init("sequence cut by end of input", [quote, 0xE6, 0x97], 3, end),
    ]
}
