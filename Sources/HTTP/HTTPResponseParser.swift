// The incremental, strict HTTP/1.1 response parser (RFC 9112) a client feeds with received bytes.

/// Parses HTTP/1.x responses from a byte stream, one step at a time, without I/O and without copying
/// body bytes: the client-side counterpart of ``HTTPRequestParser``, with the same caller contract.
///
/// Contract: `input` is every byte received and not yet consumed, oldest first. Between calls the
/// caller only appends to it, except that after a step reports `consumed: n` it drops the first n
/// bytes before the next call. A ``HTTPResponseParseStep/needMoreBytes`` step consumed nothing and the
/// parser remembers how far it scanned. When the peer closes the stream, the caller calls
/// ``finishAtEndOfStream()`` (after `parse` returned `.needMoreBytes` for every received byte).
///
/// Sequence per response: `.head`, then `.body` steps if the framing has a body, then `.end`. Framing
/// follows RFC 9112 §6.3 (see ``HTTPResponseBodyFraming``): after a 1xx other than 101 the final
/// response follows; after a 101 (or a 2xx to CONNECT) the `.end(consumed: 0)` step is the last one
/// and the rest of the input belongs to the new protocol; a body without Content-Length or chunked
/// coding lasts until the end of the stream.
///
/// Limits (``HTTPParserLimits``): `maxRequestLineBytes` bounds the status line, `maxHeaderBlockBytes`
/// and `maxHeaderFields` the header section (and a chunked trailer section), `maxChunkLineBytes` a
/// chunk-size line. `maxBodyBytes` caps the body whatever its framing: the first `maxBodyBytes` bytes
/// are reported, then ``HTTPResponseParseError/Kind-swift.enum/bodyTooLarge`` is thrown, so a client
/// that keeps only a prefix of an error body can take what it got. Same field rules as requests.
public struct HTTPResponseParser: Sendable {
    private enum State {
        case head
        case fixedLength(remaining: Int)
        case chunked
        case untilClose
        case complete
        case switchingProtocols
        case switchedProtocols
        case failed(HTTPResponseParseError)
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits
    /// The method of the request the next response answers: HEAD responses have no body and a 2xx to
    /// CONNECT opens a tunnel (RFC 9112 §6.3). Set it before each request on a persistent connection.
    public var requestMethod: HTTPMethod
    private var state = State.head
    private var headScanner = HTTPResponseHeadScanner()
    private var chunkedDecoder = ChunkedBodyDecoder()
    /// Body bytes reported for the current response.
    private var bodyBytes = 0

    /// Creates a parser awaiting the first response of a connection.
    public init(limits: HTTPParserLimits = .init(), requestMethod: HTTPMethod = .get) {
        self.limits = limits
        self.requestMethod = requestMethod
    }

    /// Forgets all state: ready for a fresh response on a new connection.
    public mutating func reset() {
        state = .head
        headScanner.reset()
        chunkedDecoder = ChunkedBodyDecoder()
        bodyBytes = 0
    }

    /// Parses the next step out of `input` (see the type's contract).
    public mutating func parse(_ input: UnsafeRawBufferPointer) throws(HTTPResponseParseError) -> HTTPResponseParseStep {
        do {
            return try step(input)
        } catch let error as HTTPRequestError {
            try fail(HTTPResponseParseError(error))
        } catch let error as HTTPResponseParseError {
            try fail(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Reports the end of the stream (RFC 9112 §8): `.end(consumed: 0)` when it completes a response
    /// whose body lasts until close, nil when it falls between responses or after a 101, and
    /// ``HTTPResponseParseError/Kind-swift.enum/truncated`` when a response was cut short.
    public mutating func finishAtEndOfStream() throws(HTTPResponseParseError) -> HTTPResponseParseStep? {
        switch state {
        case .head:
            guard !headScanner.hasStarted else {
                try fail(HTTPResponseParseError(kind: .truncated, reason: "stream ended inside a response head"))
            }
            return nil
        case .untilClose, .complete:
            reset()
            return .end(consumed: 0)
        case .fixedLength, .chunked:
            try fail(HTTPResponseParseError(kind: .truncated, reason: "stream ended inside a response body"))
        case .switchingProtocols:
            state = .switchedProtocols
            return .end(consumed: 0)
        case .switchedProtocols:
            return nil
        case .failed(let error):
            throw error
        }
    }

    private mutating func fail(_ error: HTTPResponseParseError) throws(HTTPResponseParseError) -> Never {
        state = .failed(error)
        throw error
    }

    private mutating func step(_ p: UnsafeRawBufferPointer) throws -> HTTPResponseParseStep {
        switch state {
        case .head:
            guard let (head, consumed) = try headScanner.scan(p, limits: limits, requestMethod: requestMethod) else {
                return .needMoreBytes
            }
            bodyBytes = 0
            switch head.bodyFraming {
            case .none, .contentLength(0): state = .complete
            case .contentLength(let length): state = .fixedLength(remaining: length)
            case .chunked: state = .chunked
            case .untilClose: state = .untilClose
            case .switchedProtocols: state = .switchingProtocols
            }
            return .head(head, consumed: consumed)

        case .fixedLength(let remaining):
            // RFC 9112 §6.2: exactly Content-Length bytes of body follow the head.
            guard p.count > 0 else { return .needMoreBytes }
            let n = min(remaining, p.count)
            state = n == remaining ? .complete : .fixedLength(remaining: remaining &- n)
            return try capped(.body(0..<n, consumed: n))

        case .chunked:
            // The decoder's own body limit is lifted: the cap is applied uniformly by `capped`.
            var decoderLimits = limits
            decoderLimits.maxBodyBytes = .max
            let step = try chunkedDecoder.next(p, limits: decoderLimits)
            if case .end(let consumed) = step {
                state = .head
                return .end(consumed: consumed)
            }
            return try capped(HTTPResponseParseStep(step))

        case .untilClose:
            // RFC 9112 §6.3 rule 8: every byte until the connection closes.
            guard p.count > 0 else { return .needMoreBytes }
            return try capped(.body(0..<p.count, consumed: p.count))

        case .complete:
            state = .head
            return .end(consumed: 0)

        case .switchingProtocols:
            state = .switchedProtocols
            return .end(consumed: 0)

        case .switchedProtocols:
            throw HTTPResponseParseError(kind: .malformed, reason: "the input after a 101 belongs to the new protocol")

        case .failed(let error):
            throw error
        }
    }

    /// Applies `maxBodyBytes` to a body step: past the cap the step is cut to the bytes still allowed
    /// and the parser fails with `bodyTooLarge` on the next call (at once when nothing is allowed).
    private mutating func capped(_ step: HTTPResponseParseStep) throws(HTTPResponseParseError) -> HTTPResponseParseStep {
        guard case .body(let range, _) = step else { return step }
        let allowed = limits.maxBodyBytes &- bodyBytes
        let tooLarge = HTTPResponseParseError(kind: .bodyTooLarge, reason: "response body exceeds the body limit")
        if range.count <= allowed {
            bodyBytes &+= range.count
            return step
        }
        guard allowed > 0 else { throw tooLarge }
        bodyBytes &+= allowed
        state = .failed(tooLarge)
        let end = range.lowerBound &+ allowed
        return .body(range.lowerBound..<end, consumed: end)
    }
}

extension HTTPResponseParseStep {
    /// The same step as reported by the chunked decoder (which never reports a head).
    fileprivate init(_ step: HTTPParseStep) {
        switch step {
        case .needMoreBytes: self = .needMoreBytes
        case .body(let range, let consumed): self = .body(range, consumed: consumed)
        case .end(let consumed): self = .end(consumed: consumed)
        case .head: preconditionFailure("the chunked decoder never reports a head")
        }
    }
}
