// The hook through which an application answers plain HTTP requests of its own (the log viewer's API).
import HTTP

/// Answers GET and HEAD requests for the paths it claims. The server asks it after /healthz, /readyz
/// and /metrics and before static files; other methods get the server's 405 without reaching it.
/// `respond` runs on the loop that owns the connection, so it must be quick and must not block for
/// long (opening a file or reading a directory is the most it should do).
package protocol HTTPService: Sendable {
    /// Whether `path` (still percent-encoded, without the query) belongs to this service.
    func handles(path: String) -> Bool
    /// The answer to `head`. For HEAD the server sends the head only and closes a file body's descriptor.
    func respond(to head: HTTPRequestHead) -> HTTPServiceResponse
}

/// A status, fields and body from an `HTTPService`. The server adds `Date`, `Server`, `Content-Length`
/// and `Connection`, so `headerFields` must not contain them.
package struct HTTPServiceResponse {
    package var status: HTTPStatus
    /// nil omits the field (e.g. a redirect without a body).
    package var contentType: String?
    package var headerFields: [(String, String)]
    package var body: HTTPServiceBody

    package init(status: HTTPStatus, contentType: String?, headerFields: [(String, String)] = [], body: HTTPServiceBody) {
        self.status = status
        self.contentType = contentType
        self.headerFields = headerFields
        self.body = body
    }
}

/// The body of an `HTTPServiceResponse`.
package enum HTTPServiceBody {
    case bytes([UInt8])
    /// `count` bytes of an open file from its start, sent with sendfile. The server owns `descriptor`
    /// from here and closes it (after sending, or at once for HEAD or a connection already gone).
    case file(descriptor: Int32, count: Int)

    /// The Content-Length of a GET.
    package var count: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .file(_, let count): count
        }
    }
}
