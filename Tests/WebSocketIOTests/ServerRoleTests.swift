// The server role over real sockets: echo, ping/pong, protocol errors and their close codes, keepalive, drain.
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

@Suite struct ServerRoleTests {
    @Test(arguments: [0, 1, 125, 126, 65535, 70_000])
    func textAndBinaryMessagesEchoUnchanged(size: Int) throws {
        let server = try WebSocketTestServer()
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        let text = String(repeating: "é", count: size / 2) + String(repeating: "a", count: size % 2)
        try client.send(text: text)
        let echoed = try client.receive()
        #expect(echoed.opcode == 1 && echoed.text == text)
        let binary = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try client.send(opcode: 2, payload: binary)
        #expect(try client.receive() == RawFrame(fin: true, opcode: 2, payload: binary))
    }

    @Test func handshakeAnswersWithTheRFCAcceptKey() throws {
        let server = try WebSocketTestServer()
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        #expect(client.handshakeResponse.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func fragmentedMessageWithInterleavedPingIsReassembled() throws {
        let server = try WebSocketTestServer()
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        try client.send(opcode: 1, payload: Array("Hel".utf8), fin: false)
        try client.send(opcode: 9, payload: Array("p".utf8))
        try client.send(opcode: 0, payload: Array("lo".utf8))
        #expect(try client.receive() == RawFrame(fin: true, opcode: 10, payload: Array("p".utf8)))
        #expect(try client.receive().text == "Hello")
    }

    @Test(arguments: [
        ("unmasked frame", RawCase.unmasked, 1002),
        ("reserved bit", RawCase.reservedBit, 1002),
        ("unknown opcode", RawCase.unknownOpcode, 1002),
        ("invalid UTF-8", RawCase.invalidUTF8, 1007),
        ("too big", RawCase.tooBig, 1009),
        ("invalid close code", RawCase.invalidCloseCode, 1002),
    ])
    func protocolErrorsCloseWithTheirCode(name: String, kind: RawCase, code: Int) throws {
        let server = try WebSocketTestServer { $0.webSocket.codec = .init(maxMessageBytes: 1000) }
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        switch kind {
        case .unmasked: try client.send(opcode: 1, payload: Array("x".utf8), masked: false)
        case .reservedBit: try client.send(opcode: 1, payload: Array("x".utf8), rsv: 2)
        case .unknownOpcode: try client.send(opcode: 3, payload: [])
        case .invalidUTF8: try client.send(opcode: 1, payload: [0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xed, 0xa0, 0x80])
        case .tooBig: try client.send(opcode: 2, payload: [UInt8](repeating: 0, count: 1001))
        case .invalidCloseCode: try client.send(opcode: 8, payload: [0x03, 0xe4])  // 996
        }
        let close = try client.receive()
        #expect(close.opcode == 8)
        #expect(close.closeCode == code, "\(name)")
        #expect(client.connection.peerClosed())
    }

    @Test func closeHandshakeEchoesTheCodeAndEndsTCP() throws {
        let server = try WebSocketTestServer()
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        try client.send(opcode: 8, payload: [0x03, 0xe8] + Array("bye".utf8))
        let close = try client.receive()
        #expect(close.opcode == 8 && close.closeCode == 1000)
        #expect(client.connection.peerClosed())
    }

    @Test func idlePeerGetsPingsAndASilentOneIsDropped() throws {
        let server = try WebSocketTestServer {
            $0.webSocket.pingInterval = 0.2
            $0.webSocket.deadPeerTimeout = 0.7
        }
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        let ping = try client.receive()
        #expect(ping.opcode == 9)
        // Never answer: the server gives up after the dead-peer timeout.
        let start = ChildProcess.now()
        var sawEnd = false
        while ChildProcess.now() - start < 3 {
            guard let frame = try? client.receive() else { sawEnd = true; break }
            #expect(frame.opcode == 9)
        }
        #expect(sawEnd)
    }

    @Test func refusedUpgradeGetsTheServicesStatus() throws {
        let server = try WebSocketTestServer()
        #expect(throws: (any Error).self) { _ = try RawWebSocketClient(port: server.port, path: "/forbidden") }
        let connection = try TestConnection(port: server.port)
        try connection.send("GET /forbidden HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 403)
        #expect(response.text.contains("origin not allowed"))
    }

    @Test func wrongVersionGets426NamingVersion13() throws {
        let server = try WebSocketTestServer()
        let connection = try TestConnection(port: server.port)
        try connection.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 426)
        #expect(response.header("sec-websocket-version") == "13")
    }

    @Test func drainSaysGoingAway() throws {
        let server = try WebSocketTestServer()
        let client = try RawWebSocketClient(port: server.port, path: "/ws")
        server.server.beginDrain()
        let close = try client.receive()
        #expect(close.opcode == 8 && close.closeCode == 1001)
    }
}

enum RawCase: Sendable { case unmasked, reservedBit, unknownOpcode, invalidUTF8, tooBig, invalidCloseCode }
