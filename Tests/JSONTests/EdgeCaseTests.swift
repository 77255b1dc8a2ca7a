// Corner cases in the style of JSONTestSuite: what must parse, and more of what must not.

import JSON
import Testing

@Suite("Edge cases")
struct EdgeCaseTests {
    static let accepted: [[UInt8]] = [
        utf8("[1E22]"), utf8("[0e+1]"), utf8("[1e-0]"), utf8("[123e65]"), utf8("[-0.0e-0]"), utf8("[1E-2]"),
        utf8(#"{"":0}"#), utf8(#"[""]"#), utf8(" [1] "), utf8(#"{"a":{}}"#), utf8("[[[]]]"),
        utf8(#"["\u0061\u30af\u30EA\u30b9"]"#), utf8(#""\u005C""#), utf8(#"["\u200B"]"#),
        utf8(#"["\uDBFF\uDFFF"]"#), utf8(#"["\uFFFE"]"#),
        utf8("\"\u{7F}\""),  // DEL is not a control character in JSON's sense
        [0x22, 0xEF, 0xBF, 0xBF, 0x22],  // U+FFFF, a noncharacter, is still valid UTF-8
        [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22],  // U+10FFFF
        [0x22, 0xED, 0x9F, 0xBF, 0x22],  // U+D7FF, just below the surrogates
        utf8(#"{"a":1,"a":2}"#),
    ]

    @Test func acceptsEveryValidCornerCase() {
        for bytes in Self.accepted {
            #expect(parseError(bytes) == nil, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    static let refused: [[UInt8]] = [
        utf8("[1.0e+]"), utf8("[-1x]"), utf8("[1e1.0]"), utf8("[0.e1]"), utf8("[.2e-3]"), utf8("[1.5e]"),
        utf8("[-]"), utf8("[--1]"), utf8("[0x1]"), utf8("[1_000]"), utf8("[１]"), utf8("[Infinity]"), utf8("[-NaN]"),
        utf8(#"["\uD800\u"]"#), utf8(#"["\uD800\uD800x"]"#), utf8(#"["\u00A"]"#), utf8(#"["\a"]"#), utf8(#"["\"]"#),
        utf8(#"{"a":"b"}#"#), utf8(#"{"a" b}"#), utf8(#"{"a":"a" 123}"#), utf8(#"{:"b"}"#), utf8(#"{"a":1,,"b":2}"#),
        utf8("[\u{A0}1]"), utf8("[1]\u{A0}"), utf8("[\u{2028}]"), utf8("[1]\u{0}"), utf8("[\"a\u{0}\"]"),
        utf8("[null, nul]"), utf8("[True]"), utf8("[undefined]"), utf8("/* c */ []"), utf8("[1] // c"),
        utf8("{\"a\":1}}"), utf8("[[]"), utf8("[]]"), utf8("]"), utf8("}"), utf8(":"), utf8(","),
        [0x5B, 0x22, 0xFE, 0x22, 0x5D], [0x5B, 0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22, 0x5D],
        [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00],  // UTF-16 with a byte order mark
        [0x5B, 0x00, 0x31, 0x00, 0x5D, 0x00],  // UTF-16LE without one
    ]

    @Test func refusesEveryInvalidCornerCase() {
        for bytes in Self.refused {
            let error = parseError(bytes)
            #expect(error != nil, "\(String(decoding: bytes, as: UTF8.self))")
            if let error { #expect(error.offset <= bytes.count) }
        }
    }
}
