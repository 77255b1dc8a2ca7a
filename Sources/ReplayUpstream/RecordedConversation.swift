// A recorded session as an upstream would play it again: the server's frames, and where the client's came.
import FrameLog
import Replay

/// The steps of a recorded session from the upstream's side, in log order. Server frames are what the
/// upstream sent (the `original` of a frame the relay rewrote, so hidden instructions come back as the
/// upstream had them); client frames are what the client sent (before any rewrite by the relay): markers
/// a replay waits for, and what `replay send` sends again.
public struct RecordedConversation: Sendable {
    public enum Step: Sendable {
        /// A text or binary frame the upstream sent, at `time` (seconds since the session started).
        case server(opcode: FrameLogOpcode, payload: [UInt8], time: Double)
        /// The client sent a frame (text or binary) at `time`.
        case client(type: String?, opcode: FrameLogOpcode, payload: [UInt8], time: Double)
        /// The upstream closed the session.
        case close(code: Int, reason: String, time: Double)
    }

    public var steps: [Step]
    /// The recorded session's id and deployment, for messages.
    public var session: String?
    public var deployment: String?
    public var serverFrames: Int
    public var clientFrames: Int
    /// Frames whose audio the log left out (`--log-audio truncate|omit`): replayed as logged.
    public var elidedAudioFrames: Int
    /// Corrupt or truncated lines the reader skipped (with their line numbers).
    public var diagnostics: [String]

    /// Reads `path` (`.jsonl` or `.jsonl.gz`) through; corrupt lines are skipped and reported.
    public static func load(path: String) throws(FrameLogOpenError) -> RecordedConversation {
        let reader = try FrameLogReader(path: path, preservesPayloadBytes: true)
        var conversation = RecordedConversation(steps: [], serverFrames: 0, clientFrames: 0, elidedAudioFrames: 0, diagnostics: [])
        var start: Double?
        for record in reader {
            if record.event == "session_start" {
                conversation.session = record.session
                conversation.deployment = record["deployment"]?.stringValue
                start = start ?? record.time
                continue
            }
            guard record.kind == .frame, let direction = record.direction, let opcode = record.opcode,
                  let time = record.time else { continue }
            start = start ?? time
            let at = time - (start ?? time)
            switch (direction, opcode) {
            case (.upstreamToClient, .text), (.upstreamToClient, .binary):
                guard let payload = record.originalPayloadBytes() ?? record.payloadBytes() else { continue }
                if record.isAudioElided { conversation.elidedAudioFrames += 1 }
                conversation.steps.append(.server(opcode: opcode, payload: payload, time: at))
                conversation.serverFrames += 1
            case (.clientToUpstream, .text), (.clientToUpstream, .binary), (.clientToRelay, .text), (.clientToRelay, .binary):
                guard let payload = record.originalPayloadBytes() ?? record.payloadBytes() else { continue }
                if record.isAudioElided { conversation.elidedAudioFrames += 1 }
                conversation.steps.append(.client(type: record.type, opcode: opcode, payload: payload, time: at))
                conversation.clientFrames += 1
            case (.upstreamToRelay, .close):
                conversation.steps.append(.close(code: record.closeCode ?? 1000, reason: record.closeReason ?? "", time: at))
            default:
                continue  // pings, pongs, the relay's own frames: not the upstream's to replay
            }
        }
        conversation.diagnostics = reader.diagnostics.map { "\($0)" }
        return conversation
    }

    /// Seconds from the first to the last step.
    public var duration: Double {
        switch steps.last {
        case .server(_, _, let time), .client(_, _, _, let time), .close(_, _, let time): time
        case nil: 0
        }
    }
}
