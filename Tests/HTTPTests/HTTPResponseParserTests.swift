// HTTPResponseParser: valid and invalid responses, fed whole, split at every index and byte by byte.

import HTTP
import Testing

/// Feeds ``HTTPResponseParser`` as a client does (append, parse, drop consumed) and records what it
/// reports, with adjacent body pieces merged so that differently split runs compare equal.
struct ResponseDriver {
    enum Event: Equatable, CustomStringConvertible {
        case head(HTTPResponseHeadParsed)
        case body([UInt8])
        case end

        var description: String {
            switch self {
            case .head(let head): "head(\(head.status.code) \(head.bodyFraming))"
            case .body(let bytes): "body(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
            case .end: "end"
            }
        }
    }

    struct Run {
        var events: [Event]
        var error: HTTPResponseParseError?
        var leftover: [UInt8]
    }

    private var parser: HTTPResponseParser
    private var buffer: [UInt8] = []
    private var events: [Event] = []
    /// Set after the `.end` of a 101: the rest of the input belongs to the new protocol.
    private var switched = false

    init(limits: HTTPParserLimits, requestMethod: HTTPMethod) {
        parser = HTTPResponseParser(limits: limits, requestMethod: requestMethod)
    }

    mutating func feed(_ bytes: some Collection<UInt8>) throws(HTTPResponseParseError) {
        buffer.append(contentsOf: bytes)
        while !switched {
            var parser = self.parser
            let result = buffer.withUnsafeBytes { raw in
                Result { () throws(HTTPResponseParseError) -> HTTPResponseParseStep in try parser.parse(raw) }
            }
            self.parser = parser
            let step = try result.get()
            if case .needMoreBytes = step { return }
            apply(step)
        }
    }

    mutating func finish() throws(HTTPResponseParseError) {
        if switched { return }
        if let step = try parser.finishAtEndOfStream() { apply(step) }
    }

    private mutating func apply(_ step: HTTPResponseParseStep) {
        switch step {
        case .needMoreBytes:
            break
        case .head(let head, let consumed):
            #expect(consumed > 0 && consumed <= buffer.count)
            events.append(.head(head))
            buffer.removeFirst(consumed)
        case .body(let range, let consumed):
            #expect(!range.isEmpty && range.upperBound <= consumed && consumed <= buffer.count, "body \(range) consumed \(consumed)")
            let data = Array(buffer[range])
            if case .body(let earlier)? = events.last {
                events[events.count - 1] = .body(earlier + data)
            } else {
                events.append(.body(data))
            }
            buffer.removeFirst(consumed)
        case .end(let consumed):
            #expect(consumed <= buffer.count)
            if case .head(let head)? = events.last, head.bodyFraming == .switchedProtocols { switched = true }
            events.append(.end)
            buffer.removeFirst(consumed)
        }
    }

    static func run(
        _ pieces: [ArraySlice<UInt8>], limits: HTTPParserLimits = .init(), requestMethod: HTTPMethod = .get,
        endOfStream: Bool = true
    ) -> Run {
        var driver = ResponseDriver(limits: limits, requestMethod: requestMethod)
        do {
            for piece in pieces { try driver.feed(piece) }
            if endOfStream { try driver.finish() }
            return Run(events: driver.events, error: nil, leftover: driver.buffer)
        } catch {
            return Run(events: driver.events, error: error, leftover: driver.buffer)
        }
    }

    static func runWhole(_ bytes: [UInt8], limits: HTTPParserLimits = .init(), requestMethod: HTTPMethod = .get) -> Run {
        run([bytes[...]], limits: limits, requestMethod: requestMethod)
    }
}

/// A valid input and the events it must produce.
struct ValidResponse: Sendable, CustomStringConvertible {
    var name: String
    var raw: [UInt8]
    var requestMethod: HTTPMethod = .get
    /// (status, framing, keepAlive, body) per response, in order.
    var responses: [(code: Int, framing: HTTPResponseBodyFraming, keepAlive: Bool, body: String)]
    var fields: [String: String] = [:]
    var leftover = ""

    var description: String { name }

    static let all: [ValidResponse] = [
        ValidResponse(
            name: "content-length",
            raw: utf8("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"),
            responses: [(200, .contentLength(5), true, "hello")], fields: ["content-type": "text/plain"]),
        ValidResponse(
            name: "204 then a pipelined 404",
            raw: utf8("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"),
            responses: [(204, .none, true, ""), (404, .contentLength(2), true, "no")]),
        ValidResponse(
            name: "chunked with extensions and trailers",
            raw: utf8("HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"),
            responses: [(401, .chunked, true, "hello world")]),
        ValidResponse(
            name: "101 leaves the following bytes to the new protocol",
            raw: utf8("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Content-Length: 9\r\n\r\n") + [0x81, 0x02, 0x68, 0x69],
            responses: [(101, .switchedProtocols, false, "")], fields: ["upgrade": "websocket"],
            leftover: "\u{81}\u{02}hi"),
        ValidResponse(
            name: "100 Continue then 200",
            raw: utf8("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
            responses: [(100, .none, true, ""), (200, .contentLength(0), true, "")]),
        ValidResponse(
            name: "304 ignores Content-Length",
            raw: utf8("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"),
            responses: [(304, .none, true, "")]),
        ValidResponse(
            name: "HEAD response ignores Content-Length",
            raw: utf8("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), requestMethod: .head,
            responses: [(200, .none, true, "")]),
        ValidResponse(
            name: "body until close",
            raw: utf8("HTTP/1.1 500 Internal Server Error\r\n\r\nsomething broke"),
            responses: [(500, .untilClose, false, "something broke")]),
        ValidResponse(
            name: "empty reason phrase and a missing one",
            raw: utf8("HTTP/1.1 200 \r\nContent-Length: 1\r\n\r\naHTTP/1.1 204\r\n\r\n"),
            responses: [(200, .contentLength(1), true, "a"), (204, .none, true, "")]),
        ValidResponse(
            name: "HTTP/1.0 closes unless keep-alive",
            raw: utf8("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\ny"),
            responses: [(200, .contentLength(1), false, "x"), (200, .contentLength(1), true, "y")]),
        ValidResponse(
            name: "Connection: close and repeated identical Content-Length",
            raw: utf8("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok"),
            responses: [(200, .contentLength(2), false, "ok")]),
        ValidResponse(
            name: "CONNECT 200 is a tunnel",
            raw: utf8("HTTP/1.1 200 Connection established\r\n\r\ntunnel"), requestMethod: .connect,
            responses: [(200, .switchedProtocols, false, "")], leftover: "tunnel"),
    ]
}

/// An invalid input and the kind of error it must produce.
struct InvalidResponse: Sendable, CustomStringConvertible {
    var raw: String
    var kind: HTTPResponseParseError.Kind
    var description: String { raw.debugDescription }

    static let all: [InvalidResponse] = [
        InvalidResponse(raw: "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "\r\nHTTP/1.1 200 OK\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/2.0 200 OK\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 20 OK\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 2000 OK\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 600 Odd\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 099 Odd\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1  200 OK\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "http/1.1 200 OK\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nX : a\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nX: a\u{0}b\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\na", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", kind: .unsupportedTransferCoding),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", kind: .malformed),
        InvalidResponse(raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX", kind: .malformed),
    ]
}

@Suite("HTTP response parser")
struct HTTPResponseParserTests {
    @Test("parses valid response", arguments: ValidResponse.all)
    func parsesValidResponse(_ example: ValidResponse) throws {
        let run = ResponseDriver.runWhole(example.raw, requestMethod: example.requestMethod)
        #expect(run.error == nil, "unexpected error \(String(describing: run.error))")
        #expect(run.leftover == Array(example.leftover.unicodeScalars.map { UInt8($0.value) }))
        let responses = Self.group(run.events)
        try #require(responses.count == example.responses.count, "events: \(run.events)")
        for (response, expected) in zip(responses, example.responses) {
            #expect(response.head.status.code == expected.code)
            #expect(response.head.bodyFraming == expected.framing)
            #expect(response.head.keepAlive == expected.keepAlive)
            #expect(String(decoding: response.body, as: UTF8.self) == expected.body)
        }
        for (name, value) in example.fields {
            #expect(responses.first?.head.headers[name] == value)
        }
    }

    @Test("cutting the input at every index yields the same events", arguments: ValidResponse.all)
    func cuttingAtEveryIndexYieldsTheSameEvents(_ example: ValidResponse) {
        let whole = ResponseDriver.runWhole(example.raw, requestMethod: example.requestMethod)
        for index in 0...example.raw.count {
            let split = ResponseDriver.run(
                [example.raw[..<index], example.raw[index...]], requestMethod: example.requestMethod)
            #expect(split.error == nil, "cut at \(index): \(String(describing: split.error))")
            #expect(split.events == whole.events, "cut at \(index)")
            #expect(split.leftover == whole.leftover, "cut at \(index)")
        }
        let byteByByte = ResponseDriver.run(
            example.raw.indices.map { example.raw[$0...$0] }, requestMethod: example.requestMethod)
        #expect(byteByByte.events == whole.events)
        #expect(byteByByte.leftover == whole.leftover)
    }

    @Test("refuses invalid response, however it is split", arguments: InvalidResponse.all)
    func refusesInvalidResponse(_ example: InvalidResponse) {
        let raw = utf8(example.raw)
        #expect(ResponseDriver.runWhole(raw).error?.kind == example.kind)
        for index in 0...raw.count {
            let run = ResponseDriver.run([raw[..<index], raw[index...]])
            #expect(run.error?.kind == example.kind, "cut at \(index): \(String(describing: run.error))")
        }
    }

    @Test func keepsTheReasonPhraseAndFieldsInOrder() throws {
        let run = ResponseDriver.runWhole(utf8("HTTP/1.1 429 Slow Down Please\r\nRetry-After: 3\r\nX-A: 1\r\nx-a: 2\r\n\r\n"))
        let head = try #require(run.events.first.flatMap { if case .head(let h) = $0 { h } else { nil } })
        #expect(head.status == .tooManyRequests)
        #expect(head.status.reasonPhrase == "Slow Down Please")
        #expect(head.version == .http1_1)
        #expect(head.headers["retry-after"] == "3")
        #expect(head.headers.values("X-A") == ["1", "2"])
    }

    @Test func oneParseErrorIsRepeatedUntilReset() throws {
        var parser = HTTPResponseParser()
        let bad = utf8("HTTP/1.1 99 x\r\n\r\n")
        let good = utf8("HTTP/1.1 204 No Content\r\n\r\n")
        for _ in 0..<2 {
            let result = bad.withUnsafeBytes { raw in
                Result { () throws(HTTPResponseParseError) -> HTTPResponseParseStep in try parser.parse(raw) }
            }
            #expect(throws: HTTPResponseParseError.self) { try result.get() }
        }
        parser.reset()
        let result = good.withUnsafeBytes { raw in
            Result { () throws(HTTPResponseParseError) -> HTTPResponseParseStep in try parser.parse(raw) }
        }
        guard case .head(let head, _) = try result.get() else { Issue.record("expected a head"); return }
        #expect(head.status == .noContent)
    }

    /// Splits events into responses, checking each is `head, body?, end`.
    static func group(_ events: [ResponseDriver.Event]) -> [(head: HTTPResponseHeadParsed, body: [UInt8])] {
        var responses: [(head: HTTPResponseHeadParsed, body: [UInt8])] = []
        var current: (head: HTTPResponseHeadParsed, body: [UInt8])?
        for event in events {
            switch event {
            case .head(let head):
                #expect(current == nil, "head before the previous response ended")
                current = (head, [])
            case .body(let bytes):
                #expect(current != nil, "body outside a response")
                current?.body += bytes
            case .end:
                if let response = current { responses.append(response) } else { Issue.record("end outside a response") }
                current = nil
            }
        }
        #expect(current == nil, "last response did not end")
        return responses
    }
}

@Suite("HTTP response parser: end of stream and limits")
struct HTTPResponseParserLimitTests {
    @Test func endOfStreamBetweenResponsesIsClean() {
        let run = ResponseDriver.runWhole(utf8("HTTP/1.1 204 No Content\r\n\r\n"))
        #expect(run.error == nil)
        #expect(run.events.count == 2)
        #expect(ResponseDriver.runWhole([]).error == nil)
    }

    @Test(arguments: [
        "HTTP/1.1 20", "HTTP/1.1 200 OK\r\nX: y\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
    ])
    func endOfStreamInsideAResponseIsTruncation(_ text: String) {
        #expect(ResponseDriver.runWhole(utf8(text)).error?.kind == .truncated)
    }

    @Test func statusLineOfExactlyTheLimitIsAcceptedAndOneMoreIsNot() {
        let limits = HTTPParserLimits(maxRequestLineBytes: 64)
        let fixed = "HTTP/1.1 200 ".utf8.count
        let exact = "HTTP/1.1 200 " + String(repeating: "r", count: 64 - fixed)
        #expect(ResponseDriver.runWhole(utf8(exact + "\r\n\r\n"), limits: limits).error == nil)
        #expect(ResponseDriver.runWhole(utf8(exact + "r\r\n\r\n"), limits: limits).error?.kind == .headTooLarge)
        // Without any line end the limit trips as soon as it can no longer be met.
        let endless = ResponseDriver.run([utf8(exact + "rr")[...]], limits: limits, endOfStream: false)
        #expect(endless.error?.kind == .headTooLarge)
    }

    @Test func headerSectionAndFieldCountLimits() {
        let limits = HTTPParserLimits(maxHeaderBlockBytes: 64, maxHeaderFields: 3)
        let fixed = "X: \r\n\r\n".utf8.count
        let exact = "HTTP/1.1 204 No Content\r\nX: " + String(repeating: "v", count: 64 - fixed) + "\r\n\r\n"
        #expect(ResponseDriver.runWhole(utf8(exact), limits: limits).error == nil)
        let over = "HTTP/1.1 204 No Content\r\nX: " + String(repeating: "v", count: 65 - fixed) + "\r\n\r\n"
        #expect(ResponseDriver.runWhole(utf8(over), limits: limits).error?.kind == .headTooLarge)
        let three = "HTTP/1.1 204 No Content\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(ResponseDriver.runWhole(utf8(three), limits: limits).error == nil)
        let four = "HTTP/1.1 204 No Content\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"
        #expect(ResponseDriver.runWhole(utf8(four), limits: limits).error?.kind == .headTooLarge)
    }

    @Test(arguments: ["content-length", "chunked", "until-close"])
    func bodyPastTheCapReportsThePrefixThenFails(_ framing: String) {
        let body = String(repeating: "0123456789", count: 50)
        let raw: [UInt8] = switch framing {
        case "content-length": utf8("HTTP/1.1 401 Unauthorized\r\nContent-Length: 500\r\n\r\n" + body)
        case "chunked": utf8("HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n"
            + body.prefix(100) + "\r\n190\r\n" + body.dropFirst(100) + "\r\n0\r\n\r\n")
        default: utf8("HTTP/1.1 401 Unauthorized\r\n\r\n" + body)
        }
        let limits = HTTPParserLimits(maxBodyBytes: 128)
        for index in stride(from: 0, through: raw.count, by: 7) {
            let run = ResponseDriver.run([raw[..<index], raw[index...]], limits: limits)
            #expect(run.error?.kind == .bodyTooLarge, "cut at \(index)")
            #expect(run.events.count == 2, "cut at \(index): \(run.events)")
            #expect(run.events.last == .body(Array(utf8(body).prefix(128))), "cut at \(index)")
        }
    }

    @Test func bodyOfExactlyTheCapIsAccepted() {
        let limits = HTTPParserLimits(maxBodyBytes: 5)
        let run = ResponseDriver.runWhole(utf8("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"), limits: limits)
        #expect(run.error == nil)
        #expect(run.events.count == 3)
    }
}
