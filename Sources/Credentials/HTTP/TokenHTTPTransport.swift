// The HTTP seam: credentials build requests, another module's event-loop client sends them.

/// One HTTP request to a token endpoint (Entra ID, IMDS, App Service).
public struct TokenHTTPRequest: Sendable {
    public var method: String
    /// Absolute `http://` or `https://` URL, query included.
    public var url: String
    /// Extra header fields; the transport adds `Host`, `Content-Length` and connection management.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Limit for the whole request (connect, TLS, send, response), in seconds.
    public var timeout: Double

    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = [], timeout: Double) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// A complete HTTP response.
public struct TokenHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Sends token requests. Provided by the HTTP client module; tests use a scripted fake.
public protocol TokenHTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws on connect/TLS/timeout/oversized-response failures; the error's description is
    /// user-readable and secret-free.
    func send(_ request: TokenHTTPRequest) async throws -> TokenHTTPResponse
}
