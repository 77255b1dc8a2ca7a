// Valid requests parse to the expected heads, bodies and ends.

import HTTP
import Testing

@Suite("Valid requests")
struct ValidRequestTests {
    @Test("parses valid request", arguments: ValidRequest.all)
    func parsesValidRequest(_ example: ValidRequest) throws {
        let run = ParserDriver.runWhole(example.raw)
        #expect(run.error == nil, "unexpected error \(String(describing: run.error))")
        #expect(run.leftover == 0)
        let requests = Self.group(run.events)
        try #require(requests.count == example.requests.count, "events: \(run.events)")
        for (request, expected) in zip(requests, example.requests) {
            let head = request.head
            #expect(head.method == expected.method)
            #expect(head.target == expected.target)
            #expect(head.path == expected.path)
            #expect(head.query == expected.query)
            #expect(head.version == expected.version)
            #expect(head.keepAlive == expected.keepAlive)
            #expect(head.bodyFraming == expected.framing)
            #expect(String(decoding: request.body, as: UTF8.self) == expected.body)
            for (name, value) in expected.fields {
                #expect(head.headers[name] == value, "field \(name)")
            }
            if let count = expected.fieldCount {
                #expect(head.headers.count == count)
            }
        }
    }

    /// Splits events into requests, checking each is `head, body?, end`.
    static func group(_ events: [ParserDriver.Event]) -> [(head: HTTPRequestHead, body: [UInt8])] {
        var requests: [(head: HTTPRequestHead, body: [UInt8])] = []
        var current: (head: HTTPRequestHead, body: [UInt8])?
        for event in events {
            switch event {
            case .head(let head):
                #expect(current == nil, "head before the previous request ended")
                current = (head, [])
            case .body(let bytes):
                #expect(current != nil, "body outside a request")
                current?.body += bytes
            case .end:
                if let request = current { requests.append(request) } else { Issue.record("end outside a request") }
                current = nil
            }
        }
        #expect(current == nil, "last request did not end")
        return requests
    }

    @Test func bodylessRequestEndsOnTheNextCallWithoutConsuming() throws {
        var parser = HTTPRequestParser()
        let bytes = utf8("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        let first = try parser.parseBytes(bytes)
        guard case .head(_, let consumed) = first else { Issue.record("expected a head, got \(first)"); return }
        #expect(consumed == bytes.count)
        let second = try parser.parseBytes([UInt8]())
        #expect(second == .end(consumed: 0))
        let third = try parser.parseBytes([UInt8]())
        #expect(third == .needMoreBytes)
    }

    @Test func contentLengthBodyIsReportedInPlaceAndThenEnds() throws {
        var parser = HTTPRequestParser()
        var buffer = utf8("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhel")
        let head = try parser.parseBytes(buffer)
        guard case .head(_, let consumed) = head else { Issue.record("expected a head, got \(head)"); return }
        buffer.removeFirst(consumed)
        #expect(try parser.parseBytes(buffer) == .body(0..<3, consumed: 3))
        buffer = utf8("loGET")
        #expect(try parser.parseBytes(buffer) == .body(0..<2, consumed: 2))
        buffer.removeFirst(2)
        #expect(try parser.parseBytes(buffer) == .end(consumed: 0))
        #expect(try parser.parseBytes(buffer) == .needMoreBytes)
    }

    @Test func chunkedFramingIsConsumedWithTheDataAroundIt() throws {
        var parser = HTTPRequestParser()
        var buffer = utf8("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
        let head = try parser.parseBytes(buffer)
        guard case .head(_, let consumed) = head else { Issue.record("expected a head, got \(head)"); return }
        buffer.removeFirst(consumed)
        buffer += utf8("5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n")
        #expect(try parser.parseBytes(buffer) == .body(7..<12, consumed: 14))
        buffer.removeFirst(14)
        #expect(try parser.parseBytes(buffer) == .end(consumed: 11))
    }

    @Test func resetDiscardsAPartialRequest() throws {
        var parser = HTTPRequestParser()
        let partial = utf8("POST / HTTP/1.1\r\nHost: h\r\nContent-Le")
        #expect(try parser.parseBytes(partial) == .needMoreBytes)
        parser.reset()
        let fresh = utf8("GET /fresh HTTP/1.1\r\nHost: h\r\n\r\n")
        let step = try parser.parseBytes(fresh)
        guard case .head(let head, _) = step else { Issue.record("expected a head, got \(step)"); return }
        #expect(head.path == "/fresh")
    }
}
