// A one-shot HTTP/1.1 client on a loop (token endpoints, managed identity): dial, send, parse, close.
import HTTP
import Posix
import Reactor
import TLS

/// Sends one request on a fresh connection (`Connection: close`) and collects the response, on a
/// loop, without blocking it. Token requests are rare (one per token lifetime), so connections are
/// not pooled. Everything is bounded: one deadline for the whole exchange, the response head by
/// the parser's limits, the body by `maxResponseBodyBytes`.
public final class HTTPClient: ByteStreamDelegate {
    public typealias Completion = (Result<HTTPClientResponse, HTTPClientError>) -> Void

    private let url: AbsoluteURL
    private let requestBytes: [UInt8]
    private let timeout: Double
    private let maxBodyBytes: Int
    private var completion: Completion?
    private var parser: HTTPResponseParser
    private var head: HTTPResponseHeadParsed?
    private var body: [UInt8] = []
    private var stream: (any ByteStream)?
    private var timer: LoopTimer?

    /// Sends `request` from `context`'s loop; `https` URLs use `tls` (nil refuses them).
    /// `completion` runs exactly once, on the loop.
    public static func send(_ request: HTTPClientRequest, context: LoopContext, tls: TLSConfiguration?,
                            completion: @escaping Completion) {
        let url: AbsoluteURL
        do {
            url = try AbsoluteURL(request.url, schemes: ["http": 80, "https": 443])
        } catch {
            return completion(.failure(.invalidURL(Self.redacted(request.url), reason: error.reason)))
        }
        let bytes: [UInt8]
        do {
            bytes = try HTTPClientRequestEncoder.encode(request, url: url)
        } catch {
            return completion(.failure(error))
        }
        guard url.scheme == "http" || tls != nil else {
            return completion(.failure(.invalidRequest("https is not available (no TLS configuration)")))
        }
        let client = HTTPClient(url: url, requestBytes: bytes, request: request, completion: completion)
        client.start(context: context, tls: url.scheme == "https" ? tls : nil)
    }

    private init(url: AbsoluteURL, requestBytes: [UInt8], request: HTTPClientRequest, completion: @escaping Completion) {
        self.url = url
        self.requestBytes = requestBytes
        self.timeout = request.timeout
        self.maxBodyBytes = request.maxResponseBodyBytes
        self.completion = completion
        parser = HTTPResponseParser(limits: HTTPParserLimits(maxBodyBytes: request.maxResponseBodyBytes),
                                    requestMethod: HTTPMethod(rawValue: request.method) ?? .get)
    }

    private func start(context: LoopContext, tls: TLSConfiguration?) {
        let timer = LoopTimer(context: context) { [weak self] in
            guard let self else { return }
            finish(.failure(.timedOut(url: url.description, seconds: timeout)))
        }
        timer.schedule(after: Nanoseconds.seconds(timeout))
        self.timer = timer
        let target = DialTarget(host: url.host, port: url.port, tls: tls)
        Dialer.dial(target, context: context, timeout: timeout) { [self] result in
            switch result {
            case .success(let stream):
                guard completion != nil else { return stream.close(error: nil) }
                self.stream = stream
                stream.delegate = self
                stream.maxInboundBytes = max(64 * 1024, maxBodyBytes + 32 * 1024)
                requestBytes.withUnsafeBytes { stream.write($0) }
            case .failure(let error):
                finish(.failure(.dial(error)))
            }
        }
    }

    /// Completes once and closes the connection; the stream's delegate link is the last reference.
    private func finish(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        timer?.cancel()
        timer = nil
        // Taken first: closing the stream calls back into `streamClosed`, which must find nothing to complete.
        let completion = self.completion
        self.completion = nil
        let stream = self.stream
        self.stream = nil
        stream?.close(error: nil)
        completion?(result)
    }

    private func complete() {
        guard let head else { return finish(.failure(.closedEarly(url: url.description))) }
        let fields = head.headers.map { ($0.name, $0.value) }
        finish(.success(HTTPClientResponse(status: head.status.code, headers: fields, body: body)))
    }

    // MARK: ByteStreamDelegate

    public func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        var consumed = 0
        while completion != nil {
            let step: HTTPResponseParseStep
            do {
                step = try parser.parse(UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
            } catch {
                if error.kind == .bodyTooLarge {
                    finish(.failure(.responseTooLarge(url: url.description, limit: maxBodyBytes)))
                } else {
                    finish(.failure(.malformedResponse(url: url.description, reason: error.reason)))
                }
                return bytes.count
            }
            switch step {
            case .needMoreBytes:
                return consumed
            case .head(let parsed, let count):
                consumed += count
                // An interim 1xx is followed by the real response.
                head = (100..<200).contains(parsed.status.code) ? nil : parsed
            case .body(let range, let count):
                body += bytes[consumed + range.lowerBound ..< consumed + range.upperBound]
                consumed += count
            case .end(let count):
                consumed += count
                if head != nil { complete() }
            }
        }
        return bytes.count
    }

    public func streamReachedEndOfInput(_ stream: any ByteStream) {
        do {
            if try parser.finishAtEndOfStream() != nil, head != nil { return complete() }
            finish(.failure(.closedEarly(url: url.description)))
        } catch {
            finish(.failure(.closedEarly(url: url.description)))
        }
    }

    public func streamBecameWritable(_ stream: any ByteStream) {}

    public func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        self.stream = nil
        if let error {
            finish(.failure(.transport(url: url.description, underlying: error)))
        } else {
            finish(.failure(.closedEarly(url: url.description)))
        }
    }

    /// The URL without its query, for errors about a URL that did not even parse.
    static func redacted(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}

@available(*, unavailable, message: "an HTTPClient exchange belongs to one loop thread")
extension HTTPClient: Sendable {}
