// Opens a client WebSocket: TCP connect, upgrade request, response check, then hands over to a WebSocketConnection.
import Buffers
import HTTP
import Posix
import Reactor
import WebSocket

/// Drives one outgoing connection through its opening handshake on a loop. On success the
/// completion receives a `WebSocketConnection` (set its delegate there); bytes that arrived right
/// after the 101 response are then decoded as frames. Loop-confined.
public final class WebSocketConnector: ByteStreamDelegate {
    public typealias Completion = (Result<WebSocketConnection, WebSocketConnectError>) -> Void

    private let handshake: WebSocketClientHandshake
    private let configuration: WebSocketConnectionConfiguration
    private var completion: Completion?
    private var parser = WebSocketClientHandshake.makeResponseParser()
    private var response: HTTPResponseHeadParsed?
    private var errorBody: [UInt8] = []
    private var timer: LoopTimer?
    /// The peer, for errors: an address or `host:port`.
    private let peer: String

    /// Connects to `address` (already resolved) and performs `handshake`'s upgrade (offering
    /// permessage-deflate as its configuration says) within `timeout` seconds. `completion` runs
    /// exactly once, on `context`'s loop.
    @discardableResult
    public static func connect(to address: SocketAddress, handshake: WebSocketClientHandshake,
                               configuration: WebSocketConnectionConfiguration, timeout: Double,
                               context: LoopContext, completion: @escaping Completion) -> WebSocketConnector {
        let connector = WebSocketConnector(peer: "\(address)", handshake: handshake, configuration: configuration,
                                           completion: completion)
        do {
            let stream = try TCPConnection.connect(to: address, context: context, timeout: Nanoseconds.seconds(timeout),
                                                   delegate: connector)
            connector.begin(stream, context: context, timeout: timeout)
        } catch {
            connector.finish(.failure(.transport(address: "\(address)", underlying: error)))
        }
        return connector
    }

    /// Performs `handshake`'s upgrade over an open stream (TCP or TLS, from a dialer) within
    /// `timeout` seconds; the connector becomes the stream's delegate until it hands over.
    @discardableResult
    public static func upgrade(_ stream: any ByteStream, peer: String, handshake: WebSocketClientHandshake,
                               configuration: WebSocketConnectionConfiguration, timeout: Double,
                               completion: @escaping Completion) -> WebSocketConnector {
        let connector = WebSocketConnector(peer: peer, handshake: handshake, configuration: configuration,
                                           completion: completion)
        stream.delegate = connector
        connector.begin(stream, context: stream.context, timeout: timeout)
        return connector
    }

    private func begin(_ stream: any ByteStream, context: LoopContext, timeout: Double) {
        let timer = LoopTimer(context: context) { [weak self, weak stream] in
            self?.finish(.failure(.timedOut(seconds: timeout)))
            stream?.close(error: nil)
        }
        timer.schedule(after: Nanoseconds.seconds(timeout))
        self.timer = timer
        handshake.requestBytes().withUnsafeBytes { stream.write($0) }
    }

    private init(peer: String, handshake: WebSocketClientHandshake, configuration: WebSocketConnectionConfiguration,
                 completion: @escaping Completion) {
        self.peer = peer
        self.handshake = handshake
        self.configuration = configuration
        self.completion = completion
    }

    private func finish(_ result: Result<WebSocketConnection, WebSocketConnectError>) {
        timer?.cancel()
        guard let completion else { return }
        self.completion = nil
        completion(result)
    }

    // MARK: ByteStreamDelegate

    public func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        var consumed = 0
        while completion != nil {
            let step: HTTPResponseParseStep
            do {
                step = try parser.parse(UnsafeRawBufferPointer(UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...])))
            } catch {
                // An error body longer than the cap still yields its status and first bytes.
                if error.kind == .bodyTooLarge, response != nil {
                    rejectWithResponse(stream)
                } else {
                    finish(.failure(.malformedResponse(error)))
                    stream.close(error: nil)
                }
                return bytes.count
            }
            switch step {
            case .needMoreBytes:
                return consumed
            case .head(let head, let count):
                consumed += count
                if head.status.code == 101 { return consumed + upgrade(stream, head: head) }
                // An interim 1xx (100 Continue) is followed by the real response.
                response = (100..<200).contains(head.status.code) ? nil : head
            case .body(let range, let count):
                let room = WebSocketClientHandshake.maxErrorBodyBytes - errorBody.count
                if room > 0 { errorBody += bytes[consumed + range.lowerBound ..< consumed + min(range.upperBound, range.lowerBound + room)] }
                consumed += count
            case .end(let count):
                consumed += count
                guard response != nil else { continue }  // the end of an interim response
                rejectWithResponse(stream)
                return bytes.count
            }
        }
        return bytes.count
    }

    /// A 101 arrived: check it, create the codecs and hand the stream to a WebSocketConnection.
    /// Returns 0: the bytes after the head are offered to the new delegate by the stream itself.
    private func upgrade(_ stream: any ByteStream, head: HTTPResponseHeadParsed) -> Int {
        let negotiated: PerMessageDeflateParameters?
        do {
            negotiated = try handshake.validate(head).deflate
        } catch {
            finish(.failure(.handshake(error)))
            stream.close(error: nil)
            return 0
        }
        var inflater: (any WebSocketMessageInflater)?
        var deflater: (any WebSocketMessageDeflater)?
        if let negotiated {
            (inflater, deflater) = PerMessageDeflate.makeCodecs(parameters: negotiated, role: .client,
                                                                 configuration: handshake.deflate)
        }
        let connection = WebSocketConnection(stream: stream, role: .client, configuration: configuration,
                                             inflater: inflater, deflater: deflater)
        finish(.success(connection))
        return 0
    }

    private func rejectWithResponse(_ stream: any ByteStream) {
        guard let response else { return }
        do {
            _ = try handshake.validate(response, body: errorBody)
            finish(.failure(.closedDuringHandshake))  // unreachable: only a 101 validates
        } catch {
            finish(.failure(.handshake(error)))
        }
        stream.close(error: nil)
    }

    public func streamReachedEndOfInput(_ stream: any ByteStream) {
        // A read-until-close error body ends here.
        if response != nil {
            _ = try? parser.finishAtEndOfStream()
            return rejectWithResponse(stream)
        }
        finish(.failure(.closedDuringHandshake))
        stream.close(error: nil)
    }

    public func streamBecameWritable(_ stream: any ByteStream) {}

    public func streamClosed(_ stream: any ByteStream, error: (any Error)?) {
        if let error {
            finish(.failure(.transport(address: peer, underlying: error)))
        } else {
            finish(.failure(.closedDuringHandshake))
        }
    }
}

@available(*, unavailable, message: "a WebSocketConnector belongs to one loop thread")
extension WebSocketConnector: Sendable {}
