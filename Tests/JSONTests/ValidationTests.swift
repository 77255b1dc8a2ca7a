// Validation without building agrees with the parser: on every refused document and on random corruption.

import JSON
import Testing

@Suite("Validation")
struct ValidationTests {
    private func isValid(_ bytes: [UInt8], limits: JSONLimits = .default) -> Bool {
        bytes.withUnsafeBytes { JSONValue.isValid($0, limits: limits) }
    }

    @Test("refuses what the parser refuses", arguments: InvalidDocument.all)
    func refusesInvalidDocument(_ example: InvalidDocument) {
        #expect(!isValid(example.bytes))
    }

    @Test("accepts what the parser accepts", arguments: PropertyTests.seeds)
    func acceptsValidDocument(_ document: String) {
        #expect(isValid(utf8(document)))
        #expect(isValid(utf8(" \r\n\(document)\n")))
    }

    @Test func limitsApplyAsInParsing() {
        let deep = utf8(String(repeating: "[", count: 10) + String(repeating: "]", count: 10))
        #expect(isValid(deep, limits: JSONLimits(maxDepth: 10, maxBytes: 100)))
        #expect(!isValid(deep, limits: JSONLimits(maxDepth: 9, maxBytes: 100)))
        #expect(!isValid(deep, limits: JSONLimits(maxDepth: 10, maxBytes: 19)))
        #expect(!isValid([]))
    }

    @Test func agreesWithTheParserOnCorruptedDocuments() {
        var generator = SeededGenerator(seed: 0xBADC0DE)
        let interesting: [UInt8] = Array(#"{}[]":,\/"u0123456789abcdefABCDEF-+.eE tfnrul"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
        for _ in 0..<4000 {
            var bytes = utf8(PropertyTests.seeds.randomElement(using: &generator)!)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = interesting.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: if bytes.count > 1 { bytes.remove(at: position) }
                }
            }
            let parses = (try? JSONValue.parse(bytes)) != nil
            #expect(isValid(bytes) == parses, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
