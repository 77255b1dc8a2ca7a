// JSONTypePeek finds the top-level "type" without being fooled, and without reading past it.

import JSON
import Testing

@Suite("JSONTypePeek")
struct TypePeekTests {
    /// A payload and the type the peek must report (nil: none).
    struct Case: Sendable, CustomTestStringConvertible {
        let payload: String
        let type: String?
        var testDescription: String { payload }
        init(_ payload: String, _ type: String?) {
            self.payload = payload
            self.type = type
        }
    }

    static let cases: [Case] = [
        .init(#"{"type":"session.update"}"#, "session.update"),
        .init(#"{"event_id":"evt_1","type":"response.create"}"#, "response.create"),
        .init(#"{"item":{"type":"message"},"type":"conversation.item.create"}"#, "conversation.item.create"),
        .init(#"{"item":{"type":"message","content":[{"type":"input_text","text":"hi"}]},"type":"conversation.item.create"}"#,
              "conversation.item.create"),
        .init(#"{"a":[["type"],{"type":"x"}],"type":"real"}"#, "real"),
        // "type" inside string values, including escaped quotes around it.
        .init(#"{"text":"\"type\":\"fake\"","type":"real"}"#, "real"),
        .init(#"{"text":"{\"type\":\"fake\"}","type":"real"}"#, "real"),
        .init(#"{"text":"ends with backslash\\","type":"real"}"#, "real"),
        .init(#"{"text":"x\\\"","type":"real"}"#, "real"),
        .init(#"{"text":"brackets ] } [ { inside","type":"real"}"#, "real"),
        // Whitespace anywhere JSON allows it.
        .init(" \r\n\t{ \"type\" \n:\t\"spaced\" }", "spaced"),
        // Other value kinds before the type.
        .init(#"{"n":-1.5e3,"b":true,"z":null,"o":{},"a":[],"type":"after.scalars"}"#, "after.scalars"),
        .init(#"{"n" : 1 , "type" : "spaced.scalar"}"#, "spaced.scalar"),
        // Escapes in the key or the value.
        .init(#"{"typ\u0065":"escaped.key"}"#, "escaped.key"),
        .init(#"{"\u0074\u0079\u0070\u0065":"fully.escaped.key"}"#, "fully.escaped.key"),
        .init(#"{"type":"conv\u0065rsation.created"}"#, "conversation.created"),
        .init(#"{"type":"a\"b"}"#, "a\"b"),
        .init(#"{"type":"\u65e5\u672c"}"#, "日本"),
        .init(#"{"type":"日本"}"#, "日本"),
        // Near misses.
        .init(#"{"types":"x","type":"y"}"#, "y"),
        .init(#"{"Type":"x"}"#, nil),
        .init(#"{"typ":"x"}"#, nil),
        .init(#"{"type\u0000":"x"}"#, nil),
        .init(#"{"type":1}"#, nil),
        .init(#"{"type":null}"#, nil),
        .init(#"{"type":{"type":"x"}}"#, nil),
        .init(#"{"type":["x"]}"#, nil),
        .init(#"{"type":"\x"}"#, nil),
        // Not an object, or no type at all.
        .init(#"[{"type":"x"}]"#, nil),
        .init(#""type""#, nil),
        .init("null", nil),
        .init("", nil),
        .init("   ", nil),
        .init("{}", nil),
        .init(#"{"a":1}"#, nil),
        .init(#"{"a":1,"b":[1,2,{"type":"q"}],"c":true}"#, nil),
        // Truncated before the type's value is complete.
        .init(#"{"type":"sess"#, nil),
        .init(#"{"ty"#, nil),
        .init(#"{"type""#, nil),
        .init(#"{"type":"#, nil),
        .init(#"{"event_id":"abc"#, nil),
        .init(#"{"item":{"type":"message""#, nil),
        // Truncated after it: the rest does not matter.
        .init(#"{"type":"x""#, "x"),
        .init(#"{"type":"x","delta":"AAA"#, "x"),
    ]

    @Test("peeks type", arguments: cases)
    func peeksType(_ example: Case) {
        let bytes = utf8(example.payload)
        let type = bytes.withUnsafeBytes { JSONTypePeek.type(in: $0) }
        #expect(type == example.type)
        // typeRange agrees whenever the type is written without escapes.
        let range = bytes.withUnsafeBytes { JSONTypePeek.typeRange(in: $0) }
        if let range {
            #expect(String(decoding: bytes[range], as: UTF8.self) == example.type)
        } else if let type {
            #expect(example.payload.contains("\\"), "no range for unescaped type \(type)")
        }
    }

    @Test("peek agrees with a full parse", arguments: cases)
    func peekAgreesWithFullParse(_ example: Case) {
        guard let value = try? JSONValue.parse(example.payload) else { return }
        #expect(JSONTypePeek.type(in: utf8(example.payload)) == value["type"]?.stringValue)
    }

    @Test func typeRangeIsNilWhenTheTypeHasEscapes() {
        let bytes = utf8(#"{"type":"conv\u0065rsation.created"}"#)
        #expect(bytes.withUnsafeBytes { JSONTypePeek.typeRange(in: $0) } == nil)
        #expect(JSONTypePeek.type(in: bytes) == "conversation.created")
    }

    @Test func typeRangeIndexesTheContents() {
        let bytes = utf8(#"{"event_id":"e","type":"response.done"}"#)
        #expect(bytes.withUnsafeBytes { JSONTypePeek.typeRange(in: $0) } == 24..<37)
    }

    // MARK: Audio frames: the peek must stop at the type

    static let audio = String(repeating: "UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA=", count: 20_000)

    @Test func findsTypeBeforeHugeAudioInABufferCutRightAfterIt() {
        let head = #"{"type":"input_audio_buffer.append","audio":""#
        let full = utf8(head + Self.audio + #""}"#)
        #expect(JSONTypePeek.type(in: full) == "input_audio_buffer.append")
        // Cut the buffer right after the type's closing quote: nothing beyond it is needed.
        let typeEnd = utf8(#"{"type":"input_audio_buffer.append""#).count
        full.withUnsafeBytes { bytes in
            let cut = UnsafeRawBufferPointer(rebasing: bytes[..<typeEnd])
            #expect(JSONTypePeek.typeRange(in: cut) == 9..<(typeEnd - 1))
            #expect(JSONTypePeek.type(in: cut) == "input_audio_buffer.append")
            // One byte shorter and the type is unterminated: no answer.
            #expect(JSONTypePeek.type(in: UnsafeRawBufferPointer(rebasing: bytes[..<(typeEnd - 1)])) == nil)
        }
    }

    @Test func findsTypeAfterEventIDBeforeHugeDeltaInACutBuffer() {
        let head = #"{"event_id":"event_DxBs8","type":"response.output_audio.delta""#
        let full = utf8(head + #","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":""#
            + Self.audio + #""}"#)
        full.withUnsafeBytes { bytes in
            let cut = UnsafeRawBufferPointer(rebasing: bytes[..<utf8(head).count])
            #expect(JSONTypePeek.type(in: cut) == "response.output_audio.delta")
        }
    }

    @Test func skipsHugeAudioBeforeTheType() {
        let bytes = utf8(#"{"audio":""# + Self.audio + #"","nested":{"type":"no"},"type":"input_audio_buffer.append"}"#)
        #expect(JSONTypePeek.type(in: bytes) == "input_audio_buffer.append")
    }

    @Test func laterContentDoesNotChangeTheAnswer() {
        // Whatever follows the type (here: invalid JSON) is never looked at.
        let bytes = utf8(#"{"type":"response.create",,,"broken"#)
        #expect(JSONTypePeek.type(in: bytes) == "response.create")
    }

    /// The block skip (32 bytes at a time) must stop for a quote or backslash at any offset in or
    /// across a block, and never read past the end when a string runs to it.
    @Test func stringsOfEveryLengthAndEscapePositionAreSkippedExactly() {
        for length in 0..<100 {
            let plain = String(repeating: "A", count: length)
            let bytes = utf8(#"{"audio":""# + plain + #"","type":"real"}"#)
            #expect(JSONTypePeek.type(in: bytes) == "real", "length \(length)")
            for escapeAt in stride(from: 0, to: length, by: 7) {
                var escaped = Array(plain.utf8)
                escaped.replaceSubrange(escapeAt..<escapeAt + 1, with: Array(#"\""#.utf8))
                let withEscape = utf8(#"{"audio":""# + String(decoding: escaped, as: UTF8.self) + #"","type":"real"}"#)
                #expect(JSONTypePeek.type(in: withEscape) == "real", "length \(length), escape at \(escapeAt)")
            }
            let unterminated = utf8(#"{"audio":""# + plain)
            #expect(JSONTypePeek.type(in: unterminated) == nil)
        }
    }

    // MARK: Duplicates

    @Test func duplicateTypeKeysAreDetectable() throws {
        let smuggled = utf8(#"{"type":"input_audio_buffer.append","type":"session.update","session":{}}"#)
        #expect(JSONTypePeek.type(in: smuggled) == "input_audio_buffer.append")
        #expect(try JSONValue.parse(smuggled)["type"] == "session.update")
        #expect(smuggled.withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) })

        let escapedDuplicate = utf8(#"{"type":"a","x":{"type":"b"},"typ\u0065":"c"}"#)
        #expect(escapedDuplicate.withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) })

        let single = utf8(#"{"type":"a","item":{"type":"b"},"text":"\"type\":1","audio":""# + Self.audio + #""}"#)
        #expect(!single.withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) })
        #expect(!utf8("[1]").withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) })
        #expect(![UInt8]().withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) })
    }
}
