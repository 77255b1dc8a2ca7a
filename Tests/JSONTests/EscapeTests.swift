// String escapes are decoded on the way in and written canonically on the way out.

import JSON
import Testing

@Suite("Escapes")
struct EscapeTests {
    /// A JSON string literal and the Swift string it decodes to.
    struct Decoding: Sendable, CustomTestStringConvertible {
        let json: String
        let decoded: String
        var testDescription: String { json }
    }

    static let decodings: [Decoding] = [
        .init(json: #""\u0000""#, decoded: "\u{0}"),
        .init(json: #""a\u0000b""#, decoded: "a\u{0}b"),
        .init(json: #""\"\\\/\b\f\n\r\t""#, decoded: "\"\\/\u{8}\u{C}\n\r\t"),
        .init(json: #""\u0041\u00e9\u00E9\u65e5""#, decoded: "Aéé日"),
        .init(json: #""\uD83D\uDE00""#, decoded: "😀"),
        .init(json: #""\ud83d\ude00""#, decoded: "😀"),
        .init(json: #""\uD800\uDC00""#, decoded: "\u{10000}"),
        .init(json: #""\uDBFF\uDFFF""#, decoded: "\u{10FFFF}"),
        .init(json: #""x\uD83D\uDE00y\uD83C\uDF89z""#, decoded: "x😀y🎉z"),
        .init(json: #""\u2028\u2029""#, decoded: "\u{2028}\u{2029}"),
        .init(json: #""\uFFFF\uFEFF""#, decoded: "\u{FFFF}\u{FEFF}"),
        // Escapes after long plain runs and at word boundaries exercise the eight-byte scanner.
        .init(json: #""0123456789abcdef\n0123456789abcdef""#, decoded: "0123456789abcdef\n0123456789abcdef"),
        .init(json: #""0123456\"""#, decoded: "0123456\""),
        .init(json: #""01234567\\""#, decoded: "01234567\\"),
        .init(json: "\"é日本語🎉 raw UTF-8 stays as is, même après \\n\"", decoded: "é日本語🎉 raw UTF-8 stays as is, même après \n"),
    ]

    @Test("decodes escape", arguments: decodings)
    func decodesEscape(_ example: Decoding) throws {
        #expect(try JSONValue.parse(example.json) == .string(example.decoded))
    }

    /// A Swift string and the JSON the serializer must write for it.
    struct Encoding: Sendable, CustomTestStringConvertible {
        let string: String
        let json: String
        var testDescription: String { json }
    }

    static let encodings: [Encoding] = [
        .init(string: "\u{0}", json: #""\u0000""#),
        .init(string: "\u{1}\u{1F}", json: #""\u0001\u001f""#),
        .init(string: "\u{8}\u{9}\u{A}\u{C}\u{D}", json: #""\b\t\n\f\r""#),
        .init(string: "\u{B}", json: #""\u000b""#),
        .init(string: "\"\\", json: #""\"\\""#),
        .init(string: "/", json: #""/""#),
        .init(string: "\u{7F}", json: "\"\u{7F}\""),
        .init(string: "\u{2028}", json: #""\u2028""#),
        .init(string: "a\u{2029}b", json: #""a\u2029b""#),
        .init(string: "\u{2027}\u{202A}\u{2020}", json: "\"\u{2027}\u{202A}\u{2020}\""),
        .init(string: "é日本語", json: "\"é日本語\""),
        .init(string: "😀", json: "\"😀\""),
        .init(string: "0123456789abcdef\u{2028}0123456789abcdef\"", json: #""0123456789abcdef\u20280123456789abcdef\"""#),
        .init(string: "", json: #""""#),
    ]

    @Test("writes escape", arguments: encodings)
    func writesEscape(_ example: Encoding) {
        #expect(JSONValue.string(example.string).serializedString == example.json)
    }

    @Test func objectKeysAreEscapedLikeValues() throws {
        let value: JSONValue = ["a\"b\u{2028}": "\u{0}"]
        #expect(value.serializedString == #"{"a\"b\u2028":"\u0000"}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test func everyControlCharacterRoundTrips() throws {
        for scalar in 0..<0x20 {
            let string = "<\(Character(Unicode.Scalar(UInt8(scalar))))>"
            let json = JSONValue.string(string).serialized()
            #expect(!json.contains { $0 < 0x20 }, "U+\(scalar) written raw")
            #expect(try JSONValue.parse(json) == .string(string))
        }
    }

    @Test func randomStringsRoundTrip() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\u{0}", "\n", "\u{1F}", "\u{7F}", "é", "日",
                                          "\u{2028}", "\u{2029}", "\u{2027}", "😀", "\u{FFFD}", "\u{10FFFF}"]
        for _ in 0..<500 {
            let length = Int.random(in: 0..<40, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(alphabet.randomElement(using: &generator)!) }
            let string = String(scalars)
            let value = JSONValue.string(string)
            #expect(try JSONValue.parse(value.serialized()) == value)
        }
    }
}
