// A client that stops reading must not make the relay buffer without bound: the relay stops reading
// the upstream, TCP pushes back, and the upstream's own queue fills. Reading again resumes the flow.
#if canImport(Glibc)
import Glibc
#endif
import NetworkTestSupport
import Synchronization
import TestSupport
import Testing
import WebSocket
import WebSocketIO

/// Sends 16 KiB events for as long as its connection accepts them (pausing when the queue is full),
/// counting what it managed to send.
final class FloodingUpstreamSession: WebSocketConnectionDelegate {
    let sent: Counter
    private var flooding = false
    private let chunk = Array(#"{"type":"response.output_audio.delta","delta":""#.utf8) + [UInt8](repeating: 0x41, count: 16 * 1024) + Array(#""}"#.utf8)

    init(sent: Counter) { self.sent = sent }

    func webSocket(_ connection: WebSocketConnection, received message: WebSocketMessage) {
        if String(decoding: message.payload, as: UTF8.self).contains("\"flood\"") {
            flooding = true
            pump(connection)
        }
    }

    func webSocketBecameWritable(_ connection: WebSocketConnection) { pump(connection) }

    private func pump(_ connection: WebSocketConnection) {
        while flooding, connection.isOpen, !connection.isOutputFull {
            chunk.withUnsafeBytes { connection.send(.text, payload: $0) }
            sent.add(chunk.count)
        }
    }

    func webSocketClosed(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) { flooding = false }
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func add(_ amount: Int) { value.add(amount, ordering: .relaxed) }
    var current: Int { value.load(ordering: .relaxed) }
}

@Suite struct BackpressureTests {
    @Test func aClientThatStopsReadingPausesTheUpstream() throws {
        let sent = Counter()
        let relay = try RelayUnderTest(upstreamReply: .webSocket { connection in
            connection.delegate = FloodingUpstreamSession(sent: sent)
            connection.send(text: upstreamGreeting)
        })
        let client = try relay.client()
        _ = try client.receiveEvent()
        try client.send(text: #"{"type":"response.create","flood":true}"#)
        // The client reads nothing: the flow must stop at what sockets and watermarks hold.
        usleep(1_000_000)
        let plateau = sent.current
        usleep(700_000)
        #expect(sent.current == plateau, "the upstream kept sending while the client read nothing")
        #expect(plateau > 0)
        #expect(plateau < 48 << 20, "bounded by socket buffers and watermarks, not by the relay's memory")
        // Reading again lets it flow: read well past the plateau.
        var read = 0
        while read < plateau + (4 << 20) {
            read += try client.receive().payload.count
        }
        #expect(sent.current > plateau)
    }
}
