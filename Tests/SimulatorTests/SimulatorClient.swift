// A blocking test client for the simulator: send events as JSON, read server events in order.
#if canImport(Glibc)
import Buffers
import Glibc
#endif
import JSON
import Logging
@testable import Simulator
import TestSupport

/// A simulator with fast pacing for tests, and a client connected to it over a real socket.
final class SimulatorClient {
    let simulator: RealtimeSimulator
    let raw: RawWebSocketClient
    /// Every event read so far, in order.
    private(set) var received: [JSONValue] = []

    init(speed: Double = 20, sessionLifetime: Double = 1800,
         path: String = "/openai/v1/realtime?model=test-deployment", extraFields: String = "api-key: test-key\r\n") throws {
        var options = SimulatorOptions()
        options.speed = speed
        options.sessionLifetime = sessionLifetime
        simulator = try RealtimeSimulator(port: 0, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                          options: options)
        raw = try RawWebSocketClient(port: simulator.port, path: path, extraFields: extraFields)
    }

    /// Closing first lets the simulator's drain finish at once instead of waiting out its timeout
    /// for a close answer this blocking client would never send.
    deinit {
        try? raw.send(opcode: 8, payload: [0x03, 0xE8])
        shutdown(raw.connection.descriptor, Int32(SHUT_RDWR))
        simulator.stop()
    }

    func send(_ event: JSONValue) throws { try raw.send(text: event.serializedString) }

    /// The next server event; fails on anything but a JSON text frame.
    func next() throws -> JSONValue {
        let frame = try raw.receive()
        guard frame.opcode == 1 else {
            throw TestConnection.Failure("expected a text frame, got opcode \(frame.opcode) code \(frame.closeCode ?? 0)")
        }
        let event = try JSONValue.parse(frame.payload)
        received.append(event)
        return event
    }

    /// Reads events until one of `type` arrives; returns it (everything read is in `received`).
    @discardableResult
    func next(_ type: String, limit: Int = 5000) throws -> JSONValue {
        for _ in 0..<limit {
            let event = try next()
            if event["type"]?.stringValue == type { return event }
        }
        throw TestConnection.Failure("no \(type) within \(limit) events")
    }

    /// Reads events up to and including one of `type`; returns those events.
    func events(through type: String) throws -> [JSONValue] {
        let start = received.count
        try next(type)
        return Array(received[start...])
    }

    /// Sends 100 ms appends of `samples` (PCM16 at 24 kHz).
    func append(_ samples: [Int16]) throws {
        for start in stride(from: 0, to: samples.count, by: 2400) {
            let chunk = samples[start..<min(start + 2400, samples.count)]
            var bytes: [UInt8] = []
            for sample in chunk { bytes += [UInt8(truncatingIfNeeded: sample), UInt8(truncatingIfNeeded: sample >> 8)] }
            try send(["type": "input_audio_buffer.append", "audio": .string(Base64.encode(bytes))])
        }
    }
}

extension JSONValue {
    var type: String? { self["type"]?.stringValue }
}

/// Test audio independent of the simulator's synthesizer: a 150 Hz tone with four harmonics and a
/// 4 Hz syllable-like amplitude wobble, at about -14 dBFS RMS; or silence.
enum TestAudio {
    static func voice(milliseconds: Int, amplitude: Double = 0.35) -> [Int16] {
        (0..<(milliseconds * 24)).map { index in
            let time = Double(index) / 24000
            var value = 0.0
            for harmonic in 1...4 { value += sin(2 * Double.pi * 150 * Double(harmonic) * time) / Double(harmonic) }
            let envelope = 0.75 + 0.25 * sin(2 * Double.pi * 4 * time)
            return Int16(value / 2.1 * amplitude * envelope * 32767)
        }
    }

    static func silence(milliseconds: Int) -> [Int16] { [Int16](repeating: 0, count: milliseconds * 24) }

    /// PCM16 little-endian bytes to samples.
    static func samples(_ bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    }

    static func rms(_ samples: [Int16]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}
