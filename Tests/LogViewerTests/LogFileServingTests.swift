// GET /logs/api/sessions/FILE over real sockets: exact bytes, gzip as a content coding, HEAD, 405, and no escape.
#if canImport(Glibc)
import Glibc
#endif
import JSON
import Testing

@Suite struct LogFileServingTests {
    @Test func aPlainLogIsServedAsNDJSON() throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get("/logs/api/sessions/\(LogViewerFixture.plain)")
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/x-ndjson")
        #expect(response.header("content-encoding") == nil)
        #expect(response.header("cache-control") == "no-store")
        #expect(response.header("x-content-type-options") == "nosniff")
        #expect(response.text == LogViewerFixture.plainText)
    }

    @Test func aGzippedLogIsServedAsStoredWithContentEncoding() throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get("/logs/api/sessions/\(LogViewerFixture.gzipped)")
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/x-ndjson")
        #expect(response.header("content-encoding") == "gzip")
        #expect(response.body == fixture.gzippedBytes)
        let inflated = try #require(LogViewerFixture.gunzip(response.body))
        #expect(String(decoding: inflated, as: UTF8.self) == LogViewerFixture.gzippedText)
    }

    @Test func headGivesTheLengthsWithoutBodies() throws {
        let fixture = try LogViewerFixture()
        let connection = try fixture.connect()
        try connection.send(LogViewerFixture.request("/logs/api/sessions/\(LogViewerFixture.gzipped)", method: "HEAD")
                            + LogViewerFixture.request("/logs/api/sessions", method: "HEAD")
                            + LogViewerFixture.request("/logs/api/sessions/\(LogViewerFixture.plain)"))
        let file = try connection.readResponse(bodyExpected: false)
        #expect(file.status == 200)
        #expect(file.header("content-length") == String(fixture.gzippedBytes.count))
        #expect(file.header("content-encoding") == "gzip")
        let listing = try connection.readResponse(bodyExpected: false)
        #expect(listing.status == 200)
        #expect(Int(listing.header("content-length") ?? "") ?? 0 > 100)
        // Had a HEAD sent a body, this response would be read from the middle of it.
        let next = try connection.readResponse()
        #expect(next.status == 200 && next.text == LogViewerFixture.plainText)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func otherMethodsAre405(method: String) throws {
        let fixture = try LogViewerFixture()
        let connection = try fixture.connect()
        try connection.send("\(method) /logs/api/sessions/\(LogViewerFixture.plain) HTTP/1.1\r\nHost: x\r\n"
                            + "Authorization: Bearer \(LogViewerFixture.token)\r\nContent-Length: 0\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 405)
        #expect(response.header("allow") == "GET, HEAD")
        // The log is still there: nothing but GET and HEAD reaches the viewer.
        #expect(fixture.size(of: LogViewerFixture.plain) == LogViewerFixture.plainText.utf8.count)
    }

    @Test(arguments: [
        "/logs/api/sessions/../secret.txt",
        "/logs/api/sessions/..%2fsecret.txt",
        "/logs/api/sessions/%2e%2e%2fsecret.txt",
        "/logs/api/sessions/%2e%2e/%2e%2e/secret.txt",
        "/logs/api/../../secret.txt",
        "/logs/api/sessions/notes.txt",
        "/logs/api/sessions/20261121T152334Z-rs_4K2N0Q8X1M3B7C9D.jsonl",
        "/logs/api/sessions/\(LogViewerFixture.symlinkDecoy)",
        "/logs/api/sessions/\(LogViewerFixture.directoryDecoy)",
        "/logs/api/sessions/\(LogViewerFixture.fifoDecoy)",
        "/logs/api/sessions/\(LogViewerFixture.plain)/",
        "/logs/api/sessions//\(LogViewerFixture.plain)",
        "/logs/api/sessions/./\(LogViewerFixture.plain)",
        "/logs/api/sessions/%32\(LogViewerFixture.plain.dropFirst())",  // an encoded '2'
        "/logs/api/sessions/\(LogViewerFixture.plain)%00",
        "/logs/api/sessions/\(LogViewerFixture.plain).gz",
        "/logs/api/sessions/",
        "/logs/api/",
    ])
    func namesOtherThanOurLogsAre404(target: String) throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get(target)
        #expect(response.status == 404, "\(target) -> \(response.status)")
        #expect(!response.text.contains(LogViewerFixture.secret))
        #expect(!response.text.contains("session_start"))
        #expect(try JSONValue.parse(response.body)["error"]?.stringValue != nil)
    }

    @Test func aPrunedLogIs404() throws {
        let fixture = try LogViewerFixture()
        unlink("\(fixture.logDirectory)/\(LogViewerFixture.plain)")
        let response = try fixture.get("/logs/api/sessions/\(LogViewerFixture.plain)")
        #expect(response.status == 404)
        #expect(try JSONValue.parse(response.body)["error"]?.stringValue?.contains("reload the list") == true)
    }
}
