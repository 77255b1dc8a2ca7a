// The incremental, strict HTTP/1.1 request parser (RFC 9112) the server feeds with received bytes.

/// Parses HTTP/1.0 and HTTP/1.1 requests from a byte stream, one step at a time, without I/O and
/// without copying body bytes.
///
/// Contract: `input` is every byte received and not yet consumed, oldest first. Between calls the
/// caller only appends to it, except that after a step reports `consumed: n` it drops the first n
/// bytes before the next call. A step that returns ``HTTPParseStep/needMoreBytes`` consumed nothing
/// and the parser remembers how far it scanned, so feeding a request in pieces costs O(bytes).
///
/// Sequence per request: `.head`, then `.body` steps if the framing has a body, then `.end`; after
/// `.end` the next request (pipelined, RFC 9112 §9.3.2) may follow. Every refusal is an
/// ``HTTPRequestError`` whose status the server answers with before closing the connection; once one
/// was thrown the parser keeps throwing it until ``reset()``. Limits are enforced as soon as they can
/// no longer be met, so no partial line grows past them.
public struct HTTPRequestParser: Sendable {
    private enum State {
        case head
        case fixedLength(remaining: Int)
        case chunked
        case complete
        case failed(HTTPRequestError)
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits
    private var state = State.head
    private var headScanner = HeadScanner()
    private var chunkedDecoder = ChunkedBodyDecoder()

    /// Creates a parser awaiting the first request of a connection.
    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    /// Forgets all state: ready for a fresh request on a new connection.
    public mutating func reset() {
        state = .head
        headScanner.reset()
        chunkedDecoder = ChunkedBodyDecoder()
    }

    /// Parses the next step out of `input` (see the type's contract).
    public mutating func parse(_ input: UnsafeRawBufferPointer) throws(HTTPRequestError) -> HTTPParseStep {
        do {
            return try step(input)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step(_ p: UnsafeRawBufferPointer) throws(HTTPRequestError) -> HTTPParseStep {
        switch state {
        case .head:
            guard let (head, consumed) = try headScanner.scan(p, limits: limits) else { return .needMoreBytes }
            switch head.bodyFraming {
            case .none, .contentLength(0): state = .complete
            case .contentLength(let length): state = .fixedLength(remaining: length)
            case .chunked: state = .chunked
            }
            return .head(head, consumed: consumed)

        case .fixedLength(let remaining):
            // RFC 9112 §6.2: exactly Content-Length bytes of body follow the head.
            guard p.count > 0 else { return .needMoreBytes }
            let n = min(remaining, p.count)
            state = n == remaining ? .complete : .fixedLength(remaining: remaining &- n)
            return .body(0..<n, consumed: n)

        case .chunked:
            let step = try chunkedDecoder.next(p, limits: limits)
            if case .end = step { state = .head }
            return step

        case .complete:
            state = .head
            return .end(consumed: 0)

        case .failed(let error):
            throw error
        }
    }
}
