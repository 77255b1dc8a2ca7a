// Properties over many generated inputs: truncation, random corruption, and peek-versus-parse.

import JSON
import Testing

@Suite("Properties")
struct PropertyTests {
    static let seeds: [String] = [
        #"{"type":"session.update","session":{"instructions":"Be brief.\n\"Quoted\" \u00e9 \ud83d\ude00","voice":"alloy","speed":1.0,"tools":[],"turn_detection":null,"flags":[true,false]}}"#,
        #"[0,-0,1.5e-3,123456789012345678901234567890,"a\\b\/c",{"k":{"k":[[]]}},null]"#,
        #"{"event_id":"evt_1","item":{"type":"message","content":[{"type":"input_text","text":"type"}]},"type":"conversation.item.create"}"#,
        "\"\u{E9}\u{65E5}\u{1F389} \\u2028 \\t\"",
    ]

    @Test("every proper prefix of a container ends too early", arguments: seeds)
    func everyProperPrefixEndsTooEarly(_ document: String) {
        let bytes = utf8(document)
        for length in 0..<bytes.count {
            // An exactly sized allocation, so a sanitizer run catches any read past the end.
            let prefix = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 1)
            defer { prefix.deallocate() }
            prefix.copyBytes(from: bytes[..<length])
            let error: JSONParseError?
            do {
                _ = try JSONValue.parse(UnsafeRawBufferPointer(prefix))
                error = nil
            } catch let thrown {
                error = thrown
            }
            #expect(error == JSONParseError(offset: length, reason: "unexpected end of input"),
                    "prefix \(length): \(String(describing: error))")
            // The peek copes with every prefix too.
            _ = JSONTypePeek.type(in: UnsafeRawBufferPointer(prefix))
            _ = JSONTypePeek.hasDuplicateType(in: UnsafeRawBufferPointer(prefix))
        }
    }

    @Test func corruptedDocumentsFailCleanlyOrStayStable() throws {
        for bytes in corruptedDocuments(of: Self.seeds, seed: 0xC0FFEE, count: 4000) {
            let peeked = bytes.withUnsafeBytes { JSONTypePeek.type(in: $0) }
            let hasDuplicate = bytes.withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) }
            do {
                let value = try JSONValue.parse(bytes)
                // Accepted input serializes to text that parses back to the same value, stably.
                let once = value.serialized()
                let again = try JSONValue.parse(once)
                #expect(again == value)
                #expect(again.serialized() == once)
                if !hasDuplicate {
                    #expect(peeked == value["type"]?.stringValue, "\(String(decoding: bytes, as: UTF8.self))")
                }
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(!error.reason.isEmpty)
            }
        }
    }

    @Test func peekAgreesWithParseOnGeneratedEvents() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            var event = JSONObject()
            let typePosition = Int.random(in: 0..<5, using: &generator)
            for position in 0..<5 {
                if position == typePosition {
                    event["type"] = .string(Self.randomText(using: &generator))
                } else {
                    event["k\(position)"] = Self.randomValue(depth: 0, using: &generator)
                }
            }
            let bytes = JSONValue.object(event).serialized()
            #expect(JSONTypePeek.type(in: bytes) == event["type"]?.stringValue)
            #expect(!bytes.withUnsafeBytes { JSONTypePeek.hasDuplicateType(in: $0) })
            // And on the same event cut right after the type's value.
            let cutLength = bytes.withUnsafeBytes { JSONTypePeek.typeRange(in: $0)?.upperBound }
            if let cutLength {
                let cut = Array(bytes[...cutLength])
                #expect(JSONTypePeek.type(in: cut) == event["type"]?.stringValue)
            }
        }
    }

    /// Text rich in the characters that trip scanners: quotes, backslashes, braces, "type".
    static func randomText(using generator: inout SeededGenerator) -> String {
        let pieces = ["type", "\"", "\\", "{", "}", "[", "]", ":", ",", "a", "é", "😀", "\n", "\u{0}", "\u{2028}", " ",
                      "\"type\":\"x\""]
        return (0..<Int.random(in: 0..<8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth < 3 ? 7 : 4), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return JSONValue(Int.random(in: -1000...1000, using: &generator))
        case 3: return .string(randomText(using: &generator))
        case 4:
            let count = Int.random(in: 0..<4, using: &generator)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0..<4, using: &generator) {
                let key = Bool.random(using: &generator) ? "type" : randomText(using: &generator)
                object[key] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(object)
        }
    }
}
