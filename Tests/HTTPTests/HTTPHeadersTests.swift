// HTTPHeaders lookups: case-insensitive names, trimmed values, token lists, iteration order.

import HTTP
import Testing

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    static func headers(_ fields: String) throws -> HTTPHeaders {
        let run = ParserDriver.runWhole(utf8("GET / HTTP/1.1\r\n" + fields + "\r\n"))
        let head = try #require(run.events.first?.head, "error: \(String(describing: run.error))")
        return head.headers
    }

    @Test func looksUpNamesIgnoringCaseAndReturnsTheFirstValue() throws {
        let headers = try Self.headers("Host: h\r\nX-Multi: one\r\nx-multi: two\r\n")
        #expect(headers["x-MULTI"] == "one")
        #expect(headers.values("X-Multi") == ["one", "two"])
        #expect(headers.values("absent") == [])
        #expect(headers["absent"] == nil)
        #expect(headers.contains("HOST"))
        #expect(!headers.contains("Hos"))
        #expect(headers.count == 3)
        #expect(!headers.isEmpty)
    }

    @Test func valuesExcludeSurroundingWhitespaceButKeepInnerWhitespace() throws {
        let headers = try Self.headers("Host: h\r\nX-A:\t a  b \t\r\nX-B:c\r\n")
        #expect(headers["x-a"] == "a  b")
        #expect(headers["x-b"] == "c")
    }

    @Test func iteratesFieldsInOrderWithOriginalCase() throws {
        let headers = try Self.headers("Host: h\r\nX-One: 1\r\nx-two: 2\r\n")
        let pairs = headers.map { "\($0.name)=\($0.value)" }
        #expect(pairs == ["Host=h", "X-One=1", "x-two=2"])
    }

    @Test func findsTokensAcrossAllInstancesOfAListField() throws {
        let headers = try Self.headers("Host: h\r\nConnection: keep-alive ,, Upgrade\r\nConnection:\tX-Other\r\nUpgrade: WebSocket\r\n")
        #expect(headers.containsToken("upgrade", in: "connection"))
        #expect(headers.containsToken("KEEP-ALIVE", in: "Connection"))
        #expect(headers.containsToken("x-other", in: "Connection"))
        #expect(headers.containsToken("websocket", in: "upgrade"))
        #expect(!headers.containsToken("close", in: "Connection"))
        #expect(!headers.containsToken("keep", in: "Connection"))
        #expect(!headers.containsToken("", in: "Connection"))
        #expect(!headers.containsToken("upgrade", in: "Absent"))
    }

    @Test func buildsFromPairsForTests() {
        let headers = HTTPHeaders([("Content-Type", "text/plain"), ("X-A", "1")])
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.count == 2)
        #expect(headers == HTTPHeaders([("Content-Type", "text/plain"), ("X-A", "1")]))
        #expect(headers != HTTPHeaders([("content-type", "text/plain"), ("X-A", "1")]))
        #expect(HTTPHeaders().isEmpty)
    }

    @Test func parsedHeadersEqualHeadersBuiltFromTheSamePairs() throws {
        let parsed = try Self.headers("Host: h\r\nX-A:  1 \r\n")
        #expect(parsed == HTTPHeaders([("Host", "h"), ("X-A", "1")]))
    }
}
