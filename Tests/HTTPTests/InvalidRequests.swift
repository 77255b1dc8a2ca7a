// Table of invalid requests and the status each must be refused with.

import HTTP
import Testing

/// An input the parser must refuse, and the status of the refusal.
struct InvalidRequest: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: [UInt8]
    let status: Int
    let limits: HTTPParserLimits

    init(_ name: String, _ status: Int, _ raw: String, limits: HTTPParserLimits = .init()) {
        self.name = name
        self.raw = utf8(raw)
        self.status = status
        self.limits = limits
    }

    var testDescription: String { "\(status): \(name)" }

    /// `GET / HTTP/1.1` with Host and the given extra field lines (each without CRLF).
    static func get(_ fields: String...) -> String {
        "GET / HTTP/1.1\r\nHost: h\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    /// A chunked POST whose body is `body`.
    static func chunked(_ body: String) -> String {
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    }

    static let small = HTTPParserLimits(
        maxRequestLineBytes: 32, maxHeaderBlockBytes: 64, maxHeaderFields: 3, maxBodyBytes: 10, maxChunkLineBytes: 16)

    static let all: [InvalidRequest] = [
        // Line endings (RFC 9112 §2.2).
        InvalidRequest("bare LF ending the request line", 400, "GET / HTTP/1.1\nHost: h\r\n\r\n"),
        InvalidRequest("bare LF ending a field line", 400, "GET / HTTP/1.1\r\nHost: h\n\r\n"),
        InvalidRequest("bare LF ending the head", 400, "GET / HTTP/1.1\r\nHost: h\r\n\n"),
        InvalidRequest("LF-only head", 400, "GET / HTTP/1.1\nHost: h\n\n"),
        InvalidRequest("bare CR in the request line", 400, "GET /\r HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("bare CR in a field value", 400, "GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n"),
        InvalidRequest("bare CR before the empty line", 400, "GET / HTTP/1.1\r\nHost: h\r\n\r\r\n"),
        InvalidRequest("leading bare LF", 400, "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("leading bare CR", 400, "\rGET / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("five leading empty lines", 400, "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"),

        // Request line (RFC 9112 §3).
        InvalidRequest("two spaces after the method", 400, "GET  / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("two spaces before the version", 400, "GET /  HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("trailing space after the version", 400, "GET / HTTP/1.1 \r\nHost: h\r\n\r\n"),
        InvalidRequest("tab as separator", 400, "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("leading space before the method", 400, " GET / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("method with a non-token character", 400, "GE(T / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("method with a non-ASCII byte", 400, "G\u{C9}T / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("request line without target or version", 400, "GET\r\nHost: h\r\n\r\n"),
        InvalidRequest("HTTP/0.9 style request line without version", 400, "GET /\r\nHost: h\r\n\r\n"),
        InvalidRequest("request line without target", 400, "GET HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("empty request line", 400, "\r\n\r\n\r\n\r\n \r\n\r\n"),
        InvalidRequest("control character in the target", 400, "GET /a\u{01}b HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("NUL in the target", 400, "GET /a\u{00} HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("DEL in the target", 400, "GET /a\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("non-ASCII byte in the target", 400, "GET /caf\u{E9} HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("fragment in the target", 400, "GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("relative target", 400, "GET a/b HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("asterisk-form with GET", 400, "GET * HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("authority-form with GET", 400, "GET example.com:80 HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("CONNECT with origin-form", 400, "CONNECT / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("CONNECT without port", 400, "CONNECT example.com HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("CONNECT with absolute-form", 400, "CONNECT http://h:1/ HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("absolute-form with another scheme", 400, "GET ftp://h/ HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("absolute-form with empty host", 400, "GET http:///p HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("absolute-form with userinfo", 400, "GET http://user@h/ HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("absolute-form with invalid port", 400, "GET http://h:8x/ HTTP/1.1\r\nHost: h\r\n\r\n"),

        // Version (RFC 9112 §2.3).
        InvalidRequest("lower-case HTTP name", 400, "GET / http/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("two-digit minor version", 400, "GET / HTTP/1.10\r\nHost: h\r\n\r\n"),
        InvalidRequest("version without minor", 400, "GET / HTTP/1\r\nHost: h\r\n\r\n"),
        InvalidRequest("version without dot", 400, "GET / HTTP/11\r\nHost: h\r\n\r\n"),
        InvalidRequest("version with letter", 400, "GET / HTTP/1.x\r\nHost: h\r\n\r\n"),
        InvalidRequest("HTTPS protocol name", 400, "GET / HTTPS/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("HTTP/2.0", 505, "GET / HTTP/2.0\r\nHost: h\r\n\r\n"),
        InvalidRequest("HTTP/1.2", 505, "GET / HTTP/1.2\r\nHost: h\r\n\r\n"),
        InvalidRequest("HTTP/3.0", 505, "GET / HTTP/3.0\r\nHost: h\r\n\r\n"),
        InvalidRequest("HTTP/0.9", 505, "GET / HTTP/0.9\r\n\r\n"),
        InvalidRequest("unsupported version wins over unknown method", 505, "BREW / HTTP/2.0\r\n\r\n"),

        // Methods (RFC 9110 §9.1).
        InvalidRequest("unknown method", 501, "BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("WebDAV method", 501, "PROPFIND / HTTP/1.1\r\nHost: h\r\n\r\n"),
        InvalidRequest("lower-case method", 501, "get / HTTP/1.1\r\nHost: h\r\n\r\n"),

        // Field lines (RFC 9112 §5, RFC 9110 §5.5).
        InvalidRequest("field line without colon", 400, get("X-Flag")),
        InvalidRequest("space between name and colon", 400, get("X-A : b")),
        InvalidRequest("tab between name and colon", 400, get("X-A\t: b")),
        InvalidRequest("space inside the name", 400, get("X A: b")),
        InvalidRequest("empty field name", 400, get(": value")),
        InvalidRequest("non-token character in the name", 400, get("X(A): b")),
        InvalidRequest("non-ASCII byte in the name", 400, get("X-\u{E9}: b")),
        InvalidRequest("obs-fold continuation line", 400, get("X-A: a", " b")),
        InvalidRequest("obs-fold with tab", 400, get("X-A: a", "\tb")),
        InvalidRequest("whitespace before the first field line", 400, "GET / HTTP/1.1\r\n Host: h\r\n\r\n"),
        InvalidRequest("NUL in a value", 400, get("X-A: a\u{00}b")),
        InvalidRequest("control character in a value", 400, get("X-A: a\u{01}b")),
        InvalidRequest("escape character in a value", 400, get("X-A: \u{1B}[31m")),
        InvalidRequest("DEL in a value", 400, get("X-A: a\u{7F}")),

        // Host (RFC 9112 §3.2).
        InvalidRequest("HTTP/1.1 without Host", 400, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
        InvalidRequest("absolute-form HTTP/1.1 without Host", 400, "GET http://h/ HTTP/1.1\r\n\r\n"),
        InvalidRequest("two Host fields", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"),
        InvalidRequest("two Host fields in HTTP/1.0", 400, "GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n"),
        InvalidRequest("Host with a space", 400, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
        InvalidRequest("Host with a path", 400, "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"),
        InvalidRequest("Host with userinfo", 400, "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n"),
        InvalidRequest("Host with a list", 400, "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n"),
        InvalidRequest("Host with a non-numeric port", 400, "GET / HTTP/1.1\r\nHost: a:http\r\n\r\n"),

        // Framing (RFC 9112 §6, RFC 9110 §8.6).
        InvalidRequest("Transfer-Encoding with Content-Length", 400, get("Transfer-Encoding: chunked", "Content-Length: 3")),
        InvalidRequest("Content-Length before Transfer-Encoding", 400, get("Content-Length: 3", "Transfer-Encoding: chunked")),
        InvalidRequest("Transfer-Encoding in HTTP/1.0", 400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        InvalidRequest("chunked listed twice", 400, get("Transfer-Encoding: chunked, chunked")),
        InvalidRequest("chunked in two fields", 400, get("Transfer-Encoding: chunked", "Transfer-Encoding: chunked")),
        InvalidRequest("chunked not the final coding", 400, get("Transfer-Encoding: chunked, gzip")),
        InvalidRequest("only an unsupported coding", 400, get("Transfer-Encoding: gzip")),
        InvalidRequest("empty Transfer-Encoding", 400, get("Transfer-Encoding: ")),
        InvalidRequest("chunked with a parameter", 400, get("Transfer-Encoding: chunked;q=1")),
        InvalidRequest("invalid transfer coding", 400, get("Transfer-Encoding: chun ked")),
        InvalidRequest("unsupported coding before chunked", 501, get("Transfer-Encoding: gzip, chunked")),
        InvalidRequest("unsupported coding in an earlier field", 501, get("Transfer-Encoding: x-custom", "Transfer-Encoding: chunked")),
        InvalidRequest("Content-Length with a sign", 400, get("Content-Length: +5")),
        InvalidRequest("negative Content-Length", 400, get("Content-Length: -1")),
        InvalidRequest("Content-Length with a space inside", 400, get("Content-Length: 1 2")),
        InvalidRequest("hexadecimal Content-Length", 400, get("Content-Length: 0x10")),
        InvalidRequest("empty Content-Length", 400, get("Content-Length:")),
        InvalidRequest("differing Content-Length list", 400, get("Content-Length: 5, 6")),
        InvalidRequest("Content-Length list with an empty element", 400, get("Content-Length: 5,")),
        InvalidRequest("differing Content-Length fields", 400, get("Content-Length: 5", "Content-Length: 6")),
        InvalidRequest("Content-Length not representable", 400, get("Content-Length: 99999999999999999999999")),
        InvalidRequest("Content-Length one past the body limit", 413, get("Content-Length: 1048577")),
        InvalidRequest("Content-Length of Int.max", 413, get("Content-Length: 9223372036854775807")),

        // Chunked coding (RFC 9112 §7.1).
        InvalidRequest("chunk size not hex", 400, chunked("g\r\n")),
        InvalidRequest("empty chunk size", 400, chunked("\r\nabc\r\n0\r\n\r\n")),
        InvalidRequest("chunk size with a sign", 400, chunked("+5\r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("whitespace after the chunk size", 400, chunked("5 \r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("whitespace after a chunk extension name", 400, chunked("5;a \r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("chunk size overflowing Int", 400, chunked("10000000000000000\r\n")),
        InvalidRequest("chunk extension without name", 400, chunked("5;=x\r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("chunk extension without value", 400, chunked("5;a=\r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("unterminated quoted chunk extension", 400, chunked("5;a=\"x\r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("control character in a chunk extension", 400, chunked("5;a=\"\u{01}\"\r\nhello\r\n0\r\n\r\n")),
        InvalidRequest("bare LF after the chunk size", 400, chunked("5\nhello\r\n0\r\n\r\n")),
        InvalidRequest("chunk data longer than its size", 400, chunked("5\r\nhelloX\r\n0\r\n\r\n")),
        InvalidRequest("chunk data followed by two bytes other than CRLF", 400, chunked("5\r\nhelloXY0\r\n\r\n")),
        InvalidRequest("chunk data followed by LF only", 400, chunked("5\r\nhello\n\n0\r\n\r\n")),
        InvalidRequest("bare LF after chunk data", 400, chunked("5\r\nhello\n0\r\n\r\n")),
        InvalidRequest("bare LF after the last chunk", 400, chunked("0\n\r\n")),
        InvalidRequest("invalid trailer field", 400, chunked("0\r\nX-T : v\r\n\r\n")),
        InvalidRequest("obs-fold in the trailer section", 400, chunked("0\r\nX-T: v\r\n w\r\n\r\n")),
        InvalidRequest("bare LF ending the trailer section", 400, chunked("0\r\nX-T: v\r\n\n")),
        InvalidRequest("chunk-size line too long", 400, chunked("1;a=aaaaaaaaaaaaa\r\nx\r\n0\r\n\r\n"), limits: small),
        InvalidRequest("chunk larger than the body limit", 413, chunked("B\r\n"), limits: small),
        InvalidRequest("chunked body growing past the body limit", 413, chunked("6\r\nabcdef\r\n5\r\n"), limits: small),
        InvalidRequest("chunk of Int.max bytes", 413, chunked("7FFFFFFFFFFFFFFF\r\n")),
        InvalidRequest("trailer section too large", 431, chunked("0\r\nX-Trailer: " + String(repeating: "t", count: 60) + "\r\n\r\n"), limits: small),
        InvalidRequest("too many trailer fields", 431, chunked("0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"), limits: small),

        // Limits.
        InvalidRequest("request line too long", 414, "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\n\r\n", limits: small),
        InvalidRequest("header section too large", 431, "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 60) + "\r\n\r\n", limits: small),
        InvalidRequest("too many header fields", 431, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: small),
        InvalidRequest("Content-Length past a small body limit", 413, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: small),
    ]
}
