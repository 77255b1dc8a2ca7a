// A blocking WebSocket client for tests, framing by hand (independent of the codec under test).

/// One frame as the test client read it.
public struct RawFrame: Equatable {
    public var fin: Bool
    public var opcode: UInt8
    public var payload: [UInt8]

    public init(fin: Bool, opcode: UInt8, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    public var text: String { String(decoding: payload, as: UTF8.self) }
    /// For a close frame: the status code, if present.
    public var closeCode: Int? { payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil }
}

/// Upgrades a TestConnection and exchanges raw frames. Client frames are masked unless asked not to.
public final class RawWebSocketClient {
    public let connection: TestConnection
    public let handshakeResponse: TestResponse
    private var buffer: [UInt8] = []

    /// Connects and upgrades `path`; throws if the answer is not 101 (the response is in the error).
    public init(port: Int, path: String = "/", extraFields: String = "", timeout: Double = 5) throws {
        connection = try TestConnection(port: port, timeout: timeout)
        try connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraFields)\r\n")
        handshakeResponse = try connection.readResponse(bodyExpected: false)
        guard handshakeResponse.status == 101 else {
            throw TestConnection.Failure("upgrade refused: \(handshakeResponse.status)")
        }
    }

    /// Sends one frame. `masked: false` breaks RFC 6455 on purpose.
    public func send(opcode: UInt8, payload: [UInt8], fin: Bool = true, masked: Bool = true, rsv: UInt8 = 0) throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | rsv << 4 | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            frame.append(maskBit | UInt8(payload.count))
        } else if payload.count < 65536 {
            frame += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        } else {
            frame.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((payload.count >> shift) & 0xff)) }
        }
        if masked {
            let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
            frame += key
            frame += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        } else {
            frame += payload
        }
        try connection.send(frame)
    }

    public func send(text: String) throws { try send(opcode: 1, payload: Array(text.utf8)) }

    /// Reads the next frame (server frames are unmasked).
    public func receive() throws -> RawFrame {
        while true {
            if let frame = takeFrame() { return frame }
            let chunk = try connection.receiveSome()
            if chunk.isEmpty { throw TestConnection.Failure("connection closed while waiting for a frame") }
            buffer += chunk
        }
    }

    private func takeFrame() -> RawFrame? {
        guard buffer.count >= 2 else { return nil }
        var length = Int(buffer[1] & 0x7f)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[$1]) }
            offset = 10
        }
        guard buffer.count >= offset + length else { return nil }
        let frame = RawFrame(fin: buffer[0] & 0x80 != 0, opcode: buffer[0] & 0x0f,
                             payload: Array(buffer[offset..<(offset + length)]))
        buffer.removeFirst(offset + length)
        return frame
    }
}
