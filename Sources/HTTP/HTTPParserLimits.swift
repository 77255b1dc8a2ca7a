// Size limits the request parser enforces before buffering beyond them.

/// Bounds on what ``HTTPRequestParser`` accepts from a client.
///
/// Every limit is checked as soon as it can no longer be met, without waiting for a line end, so a
/// client that never ends a line cannot make the caller buffer more than the limit.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line, excluding its CRLF. Exceeded: 414 URI Too Long.
    public var maxRequestLineBytes: Int
    /// Longest header section: every field line after the request line with its CRLF, plus the
    /// CRLF of the empty line ending the head. Also bounds a chunked trailer section. Exceeded: 431.
    public var maxHeaderBlockBytes: Int
    /// Most field lines in the header section (and in a chunked trailer section). Exceeded: 431.
    public var maxHeaderFields: Int
    /// Largest request body, whether declared by Content-Length or received chunked. Exceeded: 413.
    public var maxBodyBytes: Int
    /// Longest chunk-size line (size plus chunk extensions), excluding its CRLF. Exceeded: 400.
    public var maxChunkLineBytes: Int

    /// Creates limits; every argument defaults to the value suited to a public-facing server.
    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBlockBytes: Int = 16 * 1024,
        maxHeaderFields: Int = 100,
        maxBodyBytes: Int = 1 * 1024 * 1024,
        maxChunkLineBytes: Int = 4 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBlockBytes = maxHeaderBlockBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }
}
