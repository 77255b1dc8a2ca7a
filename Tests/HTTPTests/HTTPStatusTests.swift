// Status constants carry their RFC 9110 codes and phrases.

import HTTP
import Testing

@Suite("HTTPStatus")
struct HTTPStatusTests {
    @Test(arguments: [
        (HTTPStatus.ok, 200, "OK"),
        (.switchingProtocols, 101, "Switching Protocols"),
        (.movedPermanently, 301, "Moved Permanently"),
        (.notModified, 304, "Not Modified"),
        (.badRequest, 400, "Bad Request"),
        (.forbidden, 403, "Forbidden"),
        (.notFound, 404, "Not Found"),
        (.methodNotAllowed, 405, "Method Not Allowed"),
        (.requestTimeout, 408, "Request Timeout"),
        (.payloadTooLarge, 413, "Content Too Large"),
        (.uriTooLong, 414, "URI Too Long"),
        (.upgradeRequired, 426, "Upgrade Required"),
        (.requestHeaderFieldsTooLarge, 431, "Request Header Fields Too Large"),
        (.internalServerError, 500, "Internal Server Error"),
        (.notImplemented, 501, "Not Implemented"),
        (.serviceUnavailable, 503, "Service Unavailable"),
        (.httpVersionNotSupported, 505, "HTTP Version Not Supported"),
    ])
    func constantHasCodeAndPhrase(status: HTTPStatus, code: Int, phrase: String) {
        #expect(status.code == code)
        #expect(status.reasonPhrase == phrase)
        #expect(HTTPStatus(code: code) == status)
        #expect(HTTPStatus(code: code).reasonPhrase == phrase)
    }

    @Test func statusesCompareByCodeOnly() {
        #expect(HTTPStatus(code: 200, reasonPhrase: "Fine") == .ok)
        #expect(HTTPStatus(code: 200, reasonPhrase: "Fine").hashValue == HTTPStatus.ok.hashValue)
        #expect(HTTPStatus(code: 599).reasonPhrase == "")
    }
}
