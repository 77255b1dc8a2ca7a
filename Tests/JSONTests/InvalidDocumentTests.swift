// Invalid JSON is refused at the right byte, with the right reason.

import JSON
import Testing

@Suite("Invalid documents")
struct InvalidDocumentTests {
    @Test("refuses invalid document", arguments: InvalidDocument.all)
    func refusesInvalidDocument(_ example: InvalidDocument) {
        let error = parseError(example.bytes)
        #expect(error == JSONParseError(offset: example.offset, reason: example.reason), "got \(String(describing: error))")
    }

    @Test("refuses invalid document inside an array at the shifted offset", arguments: InvalidDocument.all)
    func refusesInvalidDocumentNestedInArray(_ example: InvalidDocument) {
        // Wrapping in `[` ... `]` moves the failure one byte right, unless the failure was about what
        // follows the value, which the wrapper changes.
        guard !example.reason.hasPrefix("unexpected data"), example.reason != InvalidDocument.end else { return }
        let error = parseError([0x5B] + example.bytes + [0x5D])
        #expect(error?.offset == example.offset + 1, "got \(String(describing: error))")
    }

    @Test func descriptionNamesOffsetAndReason() {
        let error = parseError(utf8(#"{"model" "gpt"}"#))
        #expect(error?.description == "invalid JSON at byte 9: expected ':' after object key")
    }

    @Test func reasonsNeverQuoteTheInput() {
        let secret = "SECRETTOKEN"
        let inputs = [#"{"access_token":"\#(secret)"#, #"{"\#(secret)" 1}"#, "[\(secret)]", #""\#(secret)\q""#]
        for input in inputs {
            let error = parseError(utf8(input))
            #expect(error != nil)
            #expect(error.map { !$0.description.contains(secret) } ?? false)
        }
    }

    @Test func stringInputReportsUTF8Offsets() {
        // "é" is two bytes, so the value where the colon belongs is byte 6, not character 5.
        #expect(throws: JSONParseError(offset: 6, reason: "expected ':' after object key")) {
            try JSONValue.parse(#"{"é" 1}"#)
        }
    }
}
