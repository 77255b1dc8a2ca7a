// Table of valid requests and what the parser must report for each.

import HTTP
import Testing

/// A valid input (one or more pipelined requests) and the requests it holds.
struct ValidRequest: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: [UInt8]
    let requests: [ExpectedRequest]

    init(_ name: String, _ raw: String, _ requests: ExpectedRequest...) {
        self.name = name
        self.raw = utf8(raw)
        self.requests = requests
    }

    var testDescription: String { name }

    static let all: [ValidRequest] = [
        ValidRequest(
            "minimal GET", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", fields: ["host": "example.com"], fieldCount: 1)),
        ValidRequest(
            "HEAD with OWS around values and an empty value",
            "HEAD /index.html HTTP/1.1\r\nHost: a\r\nAccept: \t text/html \t\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n",
            ExpectedRequest(
                method: .head, target: "/index.html", path: "/index.html",
                fields: ["accept": "text/html", "x-empty": "", "X-SPACES": "", "missing": nil], fieldCount: 4)),
        ValidRequest(
            "query string", "GET /search?q=a%20b&x=1 HTTP/1.1\r\nHost: h\r\n\r\n",
            ExpectedRequest(method: .get, target: "/search?q=a%20b&x=1", path: "/search", query: "q=a%20b&x=1")),
        ValidRequest(
            "empty query and a second question mark", "GET /p??a=? HTTP/1.1\r\nHost: h\r\n\r\n",
            ExpectedRequest(method: .get, target: "/p??a=?", path: "/p", query: "?a=?")),
        ValidRequest(
            "absolute-form with path and query", "GET http://example.com/p/q?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
            ExpectedRequest(method: .get, target: "http://example.com/p/q?x=1", path: "/p/q", query: "x=1")),
        ValidRequest(
            "absolute-form https without path", "GET https://example.com:8443 HTTP/1.1\r\nHost: example.com:8443\r\n\r\n",
            ExpectedRequest(method: .get, target: "https://example.com:8443", path: "/")),
        ValidRequest(
            "absolute-form with upper-case scheme and query only", "GET HTTP://Example.com?x HTTP/1.1\r\nHost: Example.com\r\n\r\n",
            ExpectedRequest(method: .get, target: "HTTP://Example.com?x", path: "/", query: "x")),
        ValidRequest(
            "OPTIONS asterisk-form", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
            ExpectedRequest(method: .options, target: "*", path: "*")),
        ValidRequest(
            "CONNECT authority-form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
            ExpectedRequest(method: .connect, target: "example.com:443", path: "example.com:443")),
        ValidRequest(
            "HTTP/1.0 without Host closes by default", "GET /old HTTP/1.0\r\n\r\n",
            ExpectedRequest(method: .get, target: "/old", path: "/old", version: .http1_0, keepAlive: false, fieldCount: 0)),
        ValidRequest(
            "HTTP/1.0 with Connection keep-alive persists", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", version: .http1_0, keepAlive: true)),
        ValidRequest(
            "HTTP/1.0 with keep-alive and close closes",
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", version: .http1_0, keepAlive: false)),
        ValidRequest(
            "HTTP/1.1 with Connection close closes", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", keepAlive: false)),
        ValidRequest(
            "HTTP/1.1 Connection list containing close in any case closes",
            "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade ,\t CLOSE\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", keepAlive: false)),
        ValidRequest(
            "HTTP/1.1 Connection token merely containing close persists",
            "GET / HTTP/1.1\r\nHost: h\r\nConnection: closed, x-close\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", keepAlive: true)),
        ValidRequest(
            "WebSocket upgrade", """
            GET /realtime?deployment=gpt HTTP/1.1\r
            Host: relay.example\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            \r

            """,
            ExpectedRequest(
                method: .get, target: "/realtime?deployment=gpt", path: "/realtime", query: "deployment=gpt",
                fields: ["upgrade": "websocket", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ=="], fieldCount: 5)),
        ValidRequest(
            "up to four leading empty lines are ignored", "\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/")),
        ValidRequest(
            "empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", fields: ["host": ""])),
        ValidRequest(
            "IPv6 Host with port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
            ExpectedRequest(method: .get, target: "/", path: "/", fields: ["host": "[::1]:8080"])),
        ValidRequest(
            "field names with every tchar and obs-text in a value",
            "GET / HTTP/1.1\r\nHost: h\r\nX-!#$%&'*+-.^_`|~09az: v\r\nX-Name: caf\u{E9} \u{1F600}\r\n\r\n",
            ExpectedRequest(
                method: .get, target: "/", path: "/",
                fields: ["x-!#$%&'*+-.^_`|~09AZ": "v", "x-name": "caf\u{E9} \u{1F600}"])),
        ValidRequest(
            "every implemented method",
            "PUT /a HTTP/1.1\r\nHost: h\r\n\r\nDELETE /a HTTP/1.1\r\nHost: h\r\n\r\nPATCH /a HTTP/1.1\r\nHost: h\r\n\r\nTRACE /a HTTP/1.1\r\nHost: h\r\n\r\n",
            ExpectedRequest(method: .put, target: "/a", path: "/a"),
            ExpectedRequest(method: .delete, target: "/a", path: "/a"),
            ExpectedRequest(method: .patch, target: "/a", path: "/a"),
            ExpectedRequest(method: .trace, target: "/a", path: "/a")),
        ValidRequest(
            "Content-Length body", "POST /api HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world",
            ExpectedRequest(method: .post, target: "/api", path: "/api", framing: .contentLength(11), body: "hello world")),
        ValidRequest(
            "Content-Length zero", "POST /api HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
            ExpectedRequest(method: .post, target: "/api", path: "/api", framing: .contentLength(0))),
        ValidRequest(
            "Content-Length with leading zeros", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0003\r\n\r\nabc",
            ExpectedRequest(method: .post, target: "/", path: "/", framing: .contentLength(3), body: "abc")),
        ValidRequest(
            "identical Content-Length list and repeated field",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5 , 5\r\nContent-Length: 5\r\n\r\nhello",
            ExpectedRequest(method: .post, target: "/", path: "/", framing: .contentLength(5), body: "hello")),
        ValidRequest(
            "HTTP/1.0 POST with Content-Length", "POST /form HTTP/1.0\r\nContent-Length: 3\r\n\r\na=b",
            ExpectedRequest(
                method: .post, target: "/form", path: "/form", version: .http1_0, keepAlive: false,
                framing: .contentLength(3), body: "a=b")),
        ValidRequest(
            "chunked body with extensions and trailers", """
            POST /upload HTTP/1.1\r
            Host: h\r
            Transfer-Encoding: chunked\r
            \r
            5;name=value\r
            hello\r
            6 ; a = "q \\" s" ;b\r
             world\r
            0;last\r
            X-Trailer: yes\r
            X-Other: 1\r
            \r

            """,
            ExpectedRequest(
                method: .post, target: "/upload", path: "/upload", framing: .chunked, body: "hello world",
                fields: ["x-trailer": nil])),
        ValidRequest(
            "chunked body with upper- and lower-case hex and leading zeros",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n000b\r\nabcdefghijk\r\n00\r\n\r\n",
            ExpectedRequest(method: .post, target: "/", path: "/", framing: .chunked, body: "0123456789abcdefghijk")),
        ValidRequest(
            "chunked coding named in any case, empty list elements ignored",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\nTransfer-Encoding: , Chunked ,\r\n\r\n1\r\nx\r\n0\r\n\r\n",
            ExpectedRequest(method: .post, target: "/", path: "/", framing: .chunked, body: "x")),
        ValidRequest(
            "chunked body with no data", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            ExpectedRequest(method: .post, target: "/", path: "/", framing: .chunked)),
        ValidRequest(
            "pipeline of three: GET, Content-Length POST, chunked POST", """
            GET /one HTTP/1.1\r
            Host: h\r
            \r
            POST /two HTTP/1.1\r
            Host: h\r
            Content-Length: 4\r
            \r
            abcdPOST /three?x HTTP/1.1\r
            Host: h\r
            Transfer-Encoding: chunked\r
            Connection: close\r
            \r
            3\r
            xyz\r
            0\r
            \r

            """,
            ExpectedRequest(method: .get, target: "/one", path: "/one"),
            ExpectedRequest(method: .post, target: "/two", path: "/two", framing: .contentLength(4), body: "abcd"),
            ExpectedRequest(
                method: .post, target: "/three?x", path: "/three", query: "x", keepAlive: false, framing: .chunked,
                body: "xyz")),
        ValidRequest(
            "pipeline with an empty line after a body",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n",
            ExpectedRequest(method: .post, target: "/", path: "/", framing: .contentLength(2), body: "ok"),
            ExpectedRequest(method: .get, target: "/next", path: "/next")),
    ]

    /// The pipeline of three used by the split-feeding property.
    static var pipelineOfThree: ValidRequest { all.first { $0.name.hasPrefix("pipeline of three") }! }
}
