// A session's frames into its frame log (`--log-dir`): what the relay forwarded, made, rewrote and consumed.
import FrameLog
import JSON
import WebSocket
import WebSocketIO

/// Records one session's frames, or nothing when frame logging is off. Loop-confined (it holds the
/// session's `FrameLogSession`); each call copies the payload once into the loop's staging buffer.
struct FrameRecorder {
    let log: FrameLogSession?

    var isOn: Bool { log != nil }

    func record(_ direction: FrameDirection, _ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        guard let log, let logged = Self.opcode(opcode) else { return }
        log.frame(direction, logged, payload: payload)
    }

    func record(_ direction: FrameDirection, text bytes: [UInt8]) {
        guard let log else { return }
        bytes.withUnsafeBytes { log.frame(direction, .text, payload: $0) }
    }

    /// A frame the relay changed on its way: the record carries both versions.
    func rewritten(_ direction: FrameDirection, _ bytes: [UInt8], original: UnsafeRawBufferPointer) {
        guard let log else { return }
        bytes.withUnsafeBytes { log.frame(direction, .text, payload: $0, original: original) }
    }

    func control(_ direction: FrameDirection, _ frame: WebSocketControlFrame) {
        guard let log else { return }
        switch frame {
        case .ping(let payload): log.frame(direction, .ping, payload: payload)
        case .pong(let payload): log.frame(direction, .pong, payload: payload)
        case .close(let code, let reason): log.close(direction, code: code?.rawValue, reason: reason)
        }
    }

    func end(_ fields: JSONObject) { log?.end(fields) }

    private static func opcode(_ opcode: WebSocketOpcode) -> FrameLogOpcode? {
        switch opcode {
        case .text: .text
        case .binary: .binary
        case .ping: .ping
        case .pong: .pong
        case .close: .close
        case .continuation: nil
        }
    }
}
