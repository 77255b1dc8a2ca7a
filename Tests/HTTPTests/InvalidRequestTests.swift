// Invalid requests are refused with the right status, however the bytes are split.

import HTTP
import Testing

@Suite("Invalid requests")
struct InvalidRequestTests {
    @Test("refuses invalid request", arguments: InvalidRequest.all)
    func refusesInvalidRequest(_ example: InvalidRequest) {
        let whole = ParserDriver.runWhole(example.raw, limits: example.limits)
        #expect(whole.error?.status.code == example.status, "got \(String(describing: whole.error))")
        #expect(whole.error.map { !$0.reason.isEmpty && $0.reason.count < 80 } ?? false)
    }

    @Test("refuses invalid request fed byte by byte with the same status", arguments: InvalidRequest.all)
    func refusesInvalidRequestFedByteByByte(_ example: InvalidRequest) {
        let whole = ParserDriver.runWhole(example.raw, limits: example.limits)
        let split = ParserDriver.runByteByByte(example.raw, limits: example.limits)
        #expect(split.error != nil)
        #expect(split.error?.status == whole.error?.status)
        #expect(split.error?.reason == whole.error?.reason)
    }

    @Test func keepsThrowingAfterAnErrorUntilReset() throws {
        var parser = HTTPRequestParser()
        let bad = utf8("GET / HTTP/1.1\nHost: h\r\n\r\n")
        #expect(throws: HTTPRequestError.self) {
            _ = try parser.parseBytes(bad)
        }
        let good = utf8("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(throws: HTTPRequestError.self) {
            _ = try parser.parseBytes(good)
        }
        parser.reset()
        let step = try parser.parseBytes(good)
        guard case .head = step else { Issue.record("expected a head after reset, got \(step)"); return }
    }

    @Test func errorReasonsDoNotEchoClientBytes() {
        let marker = "ZZSECRETZZ"
        let inputs = [
            "GET /\(marker)\u{01} HTTP/1.1\r\n\r\n",
            "\(marker)( / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\n\(marker) x: y\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: \(marker)\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: \(marker) x\r\n\r\n",
        ]
        for input in inputs {
            let run = ParserDriver.runWhole(utf8(input))
            #expect(run.error != nil)
            #expect(!(run.error?.reason.contains(marker) ?? true))
            #expect(!(run.error?.description.contains(marker) ?? true))
        }
    }
}
