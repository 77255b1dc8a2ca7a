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
        for bytes in corruptedDocuments(of: PropertyTests.seeds, seed: 0xBADC0DE, count: 4000) {
            let parses = (try? JSONValue.parse(bytes)) != nil
            #expect(isValid(bytes) == parses, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
