// The error the request parser throws: the status to answer with and a short reason.

/// A request the parser refuses, with the status the server should answer before closing the connection.
///
/// `reason` is a fixed, human-readable phrase chosen by the parser; it never contains bytes sent by the
/// client, so it is safe to log or to send back as a response body.
public struct HTTPRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The response status: 400, 413, 414, 431, 501 or 505 when thrown by ``HTTPRequestParser``.
    public let status: HTTPStatus
    /// A short explanation, e.g. "bare LF in request head".
    public let reason: String

    /// Creates an error answering `status`, explained by `reason`.
    public init(status: HTTPStatus, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// `400 Bad Request: bare LF: lines must end with CRLF` and so on.
    public var description: String { "\(status.code) \(status.reasonPhrase): \(reason)" }

    static func badRequest(_ reason: String) -> HTTPRequestError {
        HTTPRequestError(status: .badRequest, reason: reason)
    }
}
