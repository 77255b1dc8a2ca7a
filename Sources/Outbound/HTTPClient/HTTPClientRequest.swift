// One HTTP/1.1 request for the client: what to send, how long to wait, how much answer to accept.

/// A request for ``HTTPClient``: an `http://` or `https://` URL, fields, a body, and the bounds that
/// keep a broken or hostile server from hanging the caller or filling memory.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    /// Extra fields; `Host`, `Content-Length` and `Connection` are written by the client.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Seconds for the whole exchange: resolve, connect, TLS, send, receive.
    public var timeout: Double
    /// A longer response body fails the request (token responses are a few KB).
    public var maxResponseBodyBytes: Int

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                timeout: Double = 10, maxResponseBodyBytes: Int = 1 << 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBodyBytes = maxResponseBodyBytes
    }
}

/// The answer: status, fields in order, and the whole body (decoded from chunked if it was).
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first field named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }
}
