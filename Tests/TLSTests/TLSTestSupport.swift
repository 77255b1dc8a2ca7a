// Harness for TLS tests over loopback: a running loop, a TLS server on it, and delegates that record.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import Posix
import Reactor
import Synchronization
import TestSupport
import TLS

/// One loop for one test (client and server streams share it); stopped and joined when released.
final class TestLoop: Sendable {
    let group: LoopGroup
    var loop: EventLoop { group.loops[0] }

    init() throws {
        group = try LoopGroup(count: 1)
        try group.start { _ in }
    }

    deinit {
        group.stop()
        group.join()
    }

    /// Runs `body` on the loop.
    func run(_ body: @escaping @Sendable (LoopContext) -> Void) { loop.execute(body) }

    /// Runs `body` on the loop and returns its result.
    func sample<Value: Sendable>(_ body: @escaping @Sendable (LoopContext) -> Value) throws -> Value {
        let result = Recorder<Value>()
        loop.execute { result.append(body($0)) }
        guard eventually({ !result.values.isEmpty }) else { throw TestConnection.Failure("the loop did not answer") }
        return result.values[0]
    }
}

/// What one stream's delegate heard, readable from the test thread.
final class StreamProbe: Sendable {
    let events = Recorder<String>()
    private let bytes = Mutex<[UInt8]>([])
    private let closure = Mutex<(description: String?, tls: TLSError?)?>(nil)
    private let details = Mutex<[String: String]>([:])

    var received: [UInt8] { bytes.withLock { $0 } }
    var text: String { String(decoding: received, as: UTF8.self) }
    var isClosed: Bool { closure.withLock { $0 != nil } }
    /// The close error's description; nil while open or after an orderly close.
    var closeError: String? { closure.withLock { $0?.description } }
    var closeTLSError: TLSError? { closure.withLock { $0?.tls } }
    func detail(_ key: String) -> String? { details.withLock { $0[key] } }

    func append(_ chunk: UnsafeRawBufferPointer) { bytes.withLock { $0 += chunk } }
    func setDetail(_ key: String, _ value: String?) { details.withLock { $0[key] = value ?? "nil" } }

    func recordClose(_ error: (any Error)?) {
        closure.withLock { $0 = (error.map { "\($0)" }, error as? TLSError) }
        events.append(error == nil ? "closed" : "closed with error")
    }

    /// Records the negotiated parameters of an established TLS stream.
    func recordEstablished(_ stream: any ByteStream) {
        events.append("established")
        guard let tls = stream as? TLSStream else { return }
        setDetail("version", tls.protocolVersion)
        setDetail("alpn", tls.negotiatedALPN)
        setDetail("serverName", tls.serverName)
        setDetail("reused", tls.sessionReused ? "yes" : "no")
    }
}

/// Consumes and records every byte; hooks let a test act at each event.
final class RecordingDelegate: ByteStreamDelegate {
    let probe: StreamProbe
    var onEstablished: (any ByteStream) -> Void = { _ in }
    var onEndOfInput: (any ByteStream) -> Void = { _ in }

    init(_ probe: StreamProbe) { self.probe = probe }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        probe.append(UnsafeRawBufferPointer(bytes))
        return bytes.count
    }

    func streamEstablished(_ stream: any ByteStream) {
        probe.recordEstablished(stream)
        onEstablished(stream)
    }

    func streamReachedEndOfInput(_ stream: any ByteStream) {
        probe.events.append("eof")
        onEndOfInput(stream)
    }

    func streamBecameWritable(_ stream: any ByteStream) { probe.events.append("writable") }
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) { probe.recordClose(error) }
}

/// Echoes everything back, pausing its input while its output is full; closes after the peer's EOF.
final class EchoDelegate: ByteStreamDelegate {
    let probe: StreamProbe

    init(_ probe: StreamProbe) { self.probe = probe }

    func stream(_ stream: any ByteStream, received bytes: UnsafeMutableRawBufferPointer) -> Int {
        stream.write(UnsafeRawBufferPointer(bytes))
        if stream.isOutputFull { stream.pauseReading() }
        return bytes.count
    }

    func streamEstablished(_ stream: any ByteStream) { probe.recordEstablished(stream) }
    func streamBecameWritable(_ stream: any ByteStream) { stream.resumeReading() }
    func streamReachedEndOfInput(_ stream: any ByteStream) { stream.closeAfterFlush() }
    func streamClosed(_ stream: any ByteStream, error: (any Error)?) { probe.recordClose(error) }
}

/// A TLS server on loopback: accepts on the test loop and runs the server handshake with a fresh
/// delegate from `makeDelegate` for each connection.
final class TLSTestServer: Sendable {
    let port: Int
    let host: String

    init(on loop: TestLoop, host: String = "127.0.0.1", configuration: TLSConfiguration, handshakeTimeout: UInt64? = nil,
         makeDelegate: @escaping @Sendable () -> any ByteStreamDelegate) throws {
        self.host = host
        let listening = try Socket.listen(on: try SocketAddress.resolve(host: host, port: 0)[0], reusePort: false)
        port = try Socket.localAddress(of: listening).port
        let ready = Recorder<Bool>()
        loop.run { context in
            let listener = try? Listener(context: context, descriptor: listening, onAccept: { descriptor, peer in
                guard let connection = try? TCPConnection(context: context, descriptor: descriptor, peer: peer) else { return }
                _ = TLSStream.accept(over: connection, configuration: configuration, handshakeTimeout: handshakeTimeout,
                                     delegate: makeDelegate())
            }, onError: { _ in })
            ready.append(listener != nil)
        }
        guard eventually({ !ready.values.isEmpty }), ready.values == [true] else {
            throw TestConnection.Failure("the TLS test server did not start")
        }
    }

    var address: SocketAddress { try! SocketAddress.resolve(host: host, port: port, passive: false)[0] }
}

/// A plain TCP listener the test thread drives by hand (a server that is not TLS, or stalls).
final class RawListener {
    let descriptor: Int32
    let port: Int

    init(host: String = "127.0.0.1") throws {
        descriptor = try Socket.listen(on: try SocketAddress.resolve(host: host, port: 0)[0], reusePort: false)
        port = try Socket.localAddress(of: descriptor).port
    }

    deinit { close(descriptor) }

    /// Waits for one connection; returns a blocking socket with a 5 s receive timeout.
    func acceptOne() throws -> Int32 {
        var accepted: Int32 = -1
        guard eventually({ accepted = accept(descriptor, nil, nil); return accepted >= 0 }) else {
            throw TestConnection.Failure("nobody connected")
        }
        _ = fcntl(accepted, F_SETFL, fcntl(accepted, F_GETFL) & ~O_NONBLOCK)
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(accepted, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return accepted
    }
}

enum TestTLS {
    static func certificates() throws -> TestCertificates { try TestCertificates.shared() }

    static func server(_ identity: TestCertificates.Identity, alpn: [String] = ["http/1.1"],
                       maximumVersion: TLSVersion? = nil) throws -> TLSConfiguration {
        try TLSConfiguration.server(certificateChainFile: identity.certificateFile, privateKeyFile: identity.privateKeyFile,
                                    alpn: alpn, maximumVersion: maximumVersion)
    }

    static func client(alpn: [String] = ["http/1.1"], minimumVersion: TLSVersion = .tls12) throws -> TLSConfiguration {
        try TLSConfiguration.client(trust: .caFile(certificates().caFile), alpn: alpn, minimumVersion: minimumVersion)
    }

    /// Connects a client on `loop` with `delegate` (made on the loop); `opened` runs right after connect.
    static func connect(on loop: TestLoop, to address: SocketAddress, serverName: String, configuration: TLSConfiguration,
                        timeout: UInt64 = Nanoseconds.seconds(5),
                        makeDelegate: @escaping @Sendable () -> any ByteStreamDelegate,
                        opened: @escaping @Sendable (TLSStream) -> Void = { _ in }) {
        loop.run { context in
            let delegate = makeDelegate()
            do {
                let stream = try TLSStream.connect(to: address, serverName: serverName, configuration: configuration,
                                                   context: context, timeout: timeout, delegate: delegate)
                opened(stream)
            } catch {
                delegate.streamClosed(DeadStream(context: context), error: error)
            }
        }
    }

    /// The byte at `index` of the test pattern (251 is prime, so shifted or reordered blocks show).
    @inline(__always)
    static func patternByte(_ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: index % 251) }
}

extension ByteStream {
    func write(text: String) {
        Array(text.utf8).withUnsafeBytes { write($0) }
    }
}

/// Stands in for a stream that could not even be created, so a connect error reaches the probe.
final class DeadStream: ByteStream {
    let context: LoopContext
    var delegate: (any ByteStreamDelegate)?
    init(context: LoopContext) { self.context = context }
    var isOpen: Bool { false }
    var isOutputFull: Bool { false }
    var bufferedOutputBytes: Int { 0 }
    var maxInboundBytes = 0
    var bytesTransferred: (read: Int, written: Int) { (0, 0) }
    func write(_ bytes: UnsafeRawBufferPointer) {}
    func withOutboundQueue(_ body: (inout OutboundQueue) -> Void) {}
    func pauseReading() {}
    func resumeReading() {}
    func closeAfterFlush() {}
    func close(error: (any Error)?) {}
}
