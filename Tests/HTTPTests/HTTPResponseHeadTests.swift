// Response heads serialise to the exact status line and field lines, and cannot be split.

import HTTP
import Testing

@Suite("HTTPResponseHead")
struct HTTPResponseHeadTests {
    static func written(_ head: HTTPResponseHead) -> String {
        var buffer: [UInt8] = []
        head.write(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func writesStatusLineFieldsAndEmptyLine() {
        let head = HTTPResponseHead(status: .ok, headers: [("Content-Length", "5"), ("Content-Type", "text/plain")])
        #expect(Self.written(head) == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n")
    }

    @Test func writesSwitchingProtocolsWithoutFields() {
        #expect(Self.written(HTTPResponseHead(status: .switchingProtocols)) == "HTTP/1.1 101 Switching Protocols\r\n\r\n")
    }

    @Test func appendsToExistingBufferContents() {
        var buffer = utf8("prefix")
        HTTPResponseHead(status: .notFound).write(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "prefixHTTP/1.1 404 Not Found\r\n\r\n")
    }

    @Test func writesUnregisteredStatusWithEmptyReasonPhrase() {
        #expect(Self.written(HTTPResponseHead(status: HTTPStatus(code: 299))) == "HTTP/1.1 299 \r\n\r\n")
    }

    @Test func neutralisesControlBytesSoValuesCannotInjectFields() {
        let head = HTTPResponseHead(status: .movedPermanently, headers: [("Location", "/a\r\nSet-Cookie: x=1\u{0}\u{7F}\tb")])
        #expect(Self.written(head) == "HTTP/1.1 301 Moved Permanently\r\nLocation: /a  Set-Cookie: x=1  \tb\r\n\r\n")
    }

    @Test func writesNonASCIIValuesAsUTF8() {
        let head = HTTPResponseHead(status: .ok, headers: [("X-Name", "caf\u{E9}")])
        #expect(Self.written(head) == "HTTP/1.1 200 OK\r\nX-Name: caf\u{E9}\r\n\r\n")
    }
}
