// Limits hold exactly at their boundary and fail as soon as they can no longer be met.

import HTTP
import Testing

@Suite("Limits")
struct LimitTests {
    /// A request line of exactly `length` bytes (CRLF excluded).
    static func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    /// A header section (fields, their CRLFs and the final CRLF) of exactly `length` bytes.
    static func headerSection(length: Int) -> String {
        let fixed = "Host: h\r\nX: \r\n\r\n".utf8.count
        return "Host: h\r\nX: " + String(repeating: "v", count: length - fixed) + "\r\n\r\n"
    }

    static func status(_ text: String, _ limits: HTTPParserLimits = .init()) -> Int? {
        ParserDriver.runWhole(utf8(text), limits: limits).error?.status.code
    }

    @Test(arguments: [64, 8 * 1024])
    func acceptsRequestLineOfExactlyTheLimit(limit: Int) {
        let limits = HTTPParserLimits(maxRequestLineBytes: limit)
        #expect(Self.status(Self.requestLine(length: limit) + "\r\nHost: h\r\n\r\n", limits) == nil)
    }

    @Test(arguments: [64, 8 * 1024])
    func rejectsRequestLineOneByteOverTheLimitWith414(limit: Int) {
        let limits = HTTPParserLimits(maxRequestLineBytes: limit)
        #expect(Self.status(Self.requestLine(length: limit + 1) + "\r\nHost: h\r\n\r\n", limits) == 414)
    }

    @Test func leadingEmptyLinesDoNotCountTowardsTheRequestLine() {
        let limits = HTTPParserLimits(maxRequestLineBytes: 64)
        #expect(Self.status("\r\n\r\n" + Self.requestLine(length: 64) + "\r\nHost: h\r\n\r\n", limits) == nil)
    }

    @Test func rejectsEndlessRequestLineAsSoonAsItPassesTheLimit() throws {
        let limit = 8 * 1024
        var driver = ParserDriver(limits: HTTPParserLimits(maxRequestLineBytes: limit))
        try driver.feed(utf8("GET /"))
        try driver.feed(repeatElement(UInt8(ascii: "a"), count: limit - 5))
        #expect(driver.buffer.count == limit)
        #expect(throws: HTTPRequestError(status: .uriTooLong, reason: "request line too long")) {
            try driver.feed([UInt8(ascii: "a")])
        }
    }

    @Test(arguments: [64, 16 * 1024])
    func acceptsHeaderSectionOfExactlyTheLimit(limit: Int) {
        let limits = HTTPParserLimits(maxHeaderBlockBytes: limit)
        #expect(Self.status("GET / HTTP/1.1\r\n" + Self.headerSection(length: limit), limits) == nil)
    }

    @Test(arguments: [64, 16 * 1024])
    func rejectsHeaderSectionOneByteOverTheLimitWith431(limit: Int) {
        let limits = HTTPParserLimits(maxHeaderBlockBytes: limit)
        #expect(Self.status("GET / HTTP/1.1\r\n" + Self.headerSection(length: limit + 1), limits) == 431)
    }

    @Test func rejectsEndlessHeaderLineBeforeBufferingPastTheLimit() throws {
        let limit = 16 * 1024
        var driver = ParserDriver(limits: HTTPParserLimits(maxHeaderBlockBytes: limit))
        let requestLine = utf8("GET / HTTP/1.1\r\n")
        try driver.feed(requestLine + utf8("X-Slow: "))
        var section = 8
        var status: HTTPStatus?
        while section <= limit + 1 {
            section += 1
            do {
                try driver.feed([UInt8(ascii: "s")])
            } catch {
                status = error.status
                break
            }
        }
        #expect(status == .requestHeaderFieldsTooLarge)
        // It fails as soon as the section can no longer end (CRLF CRLF) within the limit...
        #expect(section == limit - 1)
        // ...and never holds more than the limit.
        #expect(driver.buffer.count <= requestLine.count + limit)
    }

    @Test func rejectsEndlessHeaderSectionOfShortLinesAtTheLimit() throws {
        let limit = 1024
        var driver = ParserDriver(limits: HTTPParserLimits(maxHeaderBlockBytes: limit, maxHeaderFields: 10_000))
        try driver.feed(utf8("GET / HTTP/1.1\r\n"))
        var sent = 0
        var status: HTTPStatus?
        while sent <= limit + 8 {
            do {
                try driver.feed(utf8("A: b\r\n"))
                sent += 6
            } catch {
                status = error.status
                break
            }
        }
        #expect(status == .requestHeaderFieldsTooLarge)
        #expect(sent <= limit)
    }

    @Test(arguments: [1, 3, 100])
    func acceptsExactlyTheMaximumNumberOfFields(limit: Int) {
        let fields = (1..<limit).map { "X-\($0): v\r\n" }.joined()
        let limits = HTTPParserLimits(maxHeaderFields: limit)
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n", limits) == nil)
    }

    @Test(arguments: [1, 3, 100])
    func rejectsOneFieldMoreThanTheMaximumWith431(limit: Int) {
        let fields = (0..<limit).map { "X-\($0): v\r\n" }.joined()
        let limits = HTTPParserLimits(maxHeaderFields: limit)
        #expect(Self.status("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n", limits) == 431)
    }

    @Test func acceptsContentLengthOfExactlyTheBodyLimit() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let run = ParserDriver.runWhole(utf8("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"), limits: limits)
        #expect(run.error == nil)
        #expect(run.events.contains(.body(utf8("0123456789"))))
    }

    @Test func rejectsContentLengthOneByteOverTheBodyLimitWith413() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits) == 413)
    }

    @Test func acceptsChunkedBodyOfExactlyTheBodyLimit() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let raw = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n"
        #expect(Self.status(raw, limits) == nil)
    }

    @Test func rejectsChunkedBodyOneByteOverTheBodyLimitWith413BeforeItsDataArrives() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let raw = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n0123\r\n7\r\n"
        #expect(Self.status(raw, limits) == 413)
    }

    @Test func acceptsChunkSizeLineOfExactlyTheLimit() {
        let limits = HTTPParserLimits(maxChunkLineBytes: 8)
        let raw = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;ab=xyz\r\nx\r\n0\r\n\r\n"
        #expect(Self.status(raw, limits) == nil)
        #expect(Self.status(raw.replacingOccurrences("xyz", "xyzw"), limits) == 400)
    }

    @Test func acceptsTrailerSectionOfExactlyTheLimitAndRejectsOneMore() {
        let limits = HTTPParserLimits(maxHeaderBlockBytes: 64)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        #expect(Self.status(head + Self.headerSection(length: 64), limits) == nil)
        #expect(Self.status(head + Self.headerSection(length: 65), limits) == 431)
    }

    @Test func defaultLimitsMatchTheServerContract() {
        let limits = HTTPParserLimits()
        #expect(limits.maxRequestLineBytes == 8 * 1024)
        #expect(limits.maxHeaderBlockBytes == 16 * 1024)
        #expect(limits.maxHeaderFields == 100)
        #expect(limits.maxBodyBytes == 1024 * 1024)
        #expect(limits.maxChunkLineBytes == 4 * 1024)
    }
}
