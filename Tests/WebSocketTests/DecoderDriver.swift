// Test driver: feeds WebSocketFrameDecoder exactly as a connection does (append, decode, drop consumed).

@testable import WebSocket
import Testing

/// Emulates the caller contract of ``WebSocketFrameDecoder``: keeps every received, unconsumed byte
/// in one buffer that it only appends to, decodes until the decoder needs more bytes, copies out what
/// each step points at before the next call, and drops what each step consumed.
struct DecoderDriver {
    /// One step, with the bytes it pointed at copied out.
    enum Event: Equatable, CustomStringConvertible {
        case fragment(consumed: Int)
        case message(WebSocketOpcode, [UInt8], compressed: Bool, consumed: Int)
        case ping([UInt8], consumed: Int)
        case pong([UInt8], consumed: Int)
        case close(UInt16?, String, consumed: Int)

        var description: String {
            switch self {
            case .fragment(let consumed): "fragment(\(consumed))"
            case .message(let opcode, let bytes, let compressed, let consumed):
                "message(\(opcode), \(bytes.count) bytes\(compressed ? ", compressed" : ""), \(consumed))"
            case .ping(let bytes, let consumed): "ping(\(bytes), \(consumed))"
            case .pong(let bytes, let consumed): "pong(\(bytes), \(consumed))"
            case .close(let code, let reason, let consumed): "close(\(code.map(String.init) ?? "nil"), \(reason.debugDescription), \(consumed))"
            }
        }
    }

    private var decoder: WebSocketFrameDecoder
    private(set) var buffer: [UInt8] = []
    private(set) var events: [Event] = []

    init(role: WebSocketRole, configuration: WebSocketConfiguration = .init(), inflater: (any WebSocketMessageInflater)? = nil) {
        decoder = WebSocketFrameDecoder(role: role, configuration: configuration, inflater: inflater)
    }

    /// The event a step reports and the bytes it consumed (nil event: needs more bytes).
    static func event(_ step: WebSocketDecodeStep) -> (event: Event?, consumed: Int) {
        switch step {
        case .needMoreBytes:
            return (nil, 0)
        case .consumed(let consumed):
            return (.fragment(consumed: consumed), consumed)
        case .message(let message, let consumed):
            return (.message(message.opcode, Array(message.payload), compressed: message.wasCompressed, consumed: consumed), consumed)
        case .ping(let payload, let consumed):
            return (.ping(Array(payload), consumed: consumed), consumed)
        case .pong(let payload, let consumed):
            return (.pong(Array(payload), consumed: consumed), consumed)
        case .close(let code, let reason, let consumed):
            return (.close(code?.rawValue, reason, consumed: consumed), consumed)
        }
    }

    /// Appends `bytes` and decodes until the decoder needs more.
    mutating func feed(_ bytes: some Collection<UInt8>) throws(WebSocketProtocolError) {
        buffer.append(contentsOf: bytes)
        while true {
            var input = buffer
            buffer = []
            let result = input.withUnsafeMutableBytes { raw in
                Result { () throws(WebSocketProtocolError) in Self.event(try decoder.decode(raw)) }
            }
            buffer = input
            let (event, consumed) = try result.get()
            guard let event else { return }
            #expect(consumed > 0 && consumed <= buffer.count, "\(event) consumed \(consumed) of \(buffer.count)")
            events.append(event)
            buffer.removeFirst(consumed)
        }
    }

    /// Feeds the pieces in order; returns the events, the error if one was thrown, and the bytes left.
    static func run(
        _ pieces: [ArraySlice<UInt8>], role: WebSocketRole, configuration: WebSocketConfiguration = .init(),
        inflater: (any WebSocketMessageInflater)? = nil
    ) -> (events: [Event], error: WebSocketProtocolError?, leftover: Int) {
        var driver = DecoderDriver(role: role, configuration: configuration, inflater: inflater)
        do {
            for piece in pieces { try driver.feed(piece) }
            return (driver.events, nil, driver.buffer.count)
        } catch {
            return (driver.events, error, driver.buffer.count)
        }
    }

    static func runWhole(
        _ bytes: [UInt8], role: WebSocketRole, configuration: WebSocketConfiguration = .init(),
        inflater: (any WebSocketMessageInflater)? = nil
    ) -> (events: [Event], error: WebSocketProtocolError?, leftover: Int) {
        run([bytes[...]], role: role, configuration: configuration, inflater: inflater)
    }

    static func runSplit(_ bytes: [UInt8], at index: Int, role: WebSocketRole) -> (events: [Event], error: WebSocketProtocolError?, leftover: Int) {
        run([bytes[..<index], bytes[index...]], role: role)
    }

    static func runByteByByte(
        _ bytes: [UInt8], role: WebSocketRole, configuration: WebSocketConfiguration = .init(),
        inflater: (any WebSocketMessageInflater)? = nil
    ) -> (events: [Event], error: WebSocketProtocolError?, leftover: Int) {
        run(bytes.indices.map { bytes[$0...$0] }, role: role, configuration: configuration, inflater: inflater)
    }
}
