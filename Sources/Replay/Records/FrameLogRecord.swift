// One line of a frame log as a typed record: session_start, session_end, frames_missing or a frame.

import FrameLog
import JSON

/// One record of a frame log, with typed accessors for the contract's fields (CONTRACT.md, "Frame
/// log"). Every field the line had is kept in ``fields``, so unknown fields pass through; a missing
/// or ill-typed field reads as nil rather than failing.
public struct FrameLogRecord: Sendable {
    /// What the record is, from its `event` field (or its frame fields when it has none).
    public enum Kind: Sendable, Equatable {
        case sessionStart
        case sessionEnd
        case framesMissing
        case frame
        /// A record with an `event` this reader does not know; kept, not interpreted.
        case otherEvent(String)
        /// An object with neither `event` nor frame fields.
        case unrecognized
    }

    /// The 1-based line of the log this record was read from.
    public let line: Int
    /// All the record's fields, in the order written.
    public let fields: JSONObject
    public let kind: Kind
    /// `ts` as microseconds since 1970-01-01T00:00:00Z; nil when absent or not RFC 3339.
    public let epochMicroseconds: Int64?
    /// The text of a JSON `data` / `original` exactly as the line held it (see
    /// ``FrameLogReader/preservesPayloadBytes``); nil when not kept or not a JSON object or array.
    let dataText: [UInt8]?
    let originalText: [UInt8]?

    /// A record of `fields`, read from line `line`.
    public init(line: Int, fields: JSONObject) {
        self.init(line: line, fields: fields, lineText: nil)
    }

    /// A record of `fields`; with `lineText` (the whole line) the JSON payloads keep their exact bytes.
    init(line: Int, fields: JSONObject, lineText: UnsafeRawBufferPointer?) {
        self.line = line
        self.fields = fields
        func text(of key: String) -> [UInt8]? {
            guard let lineText, let value = fields[key] else { return nil }
            switch value {
            case .object, .array:
                return TopLevelMemberScanner.valueRange(of: key, in: lineText).map { Array(lineText[$0]) }
            default:
                return nil
            }
        }
        dataText = text(of: "data")
        originalText = text(of: "original")
        if let event = fields["event"]?.stringValue {
            switch event {
            case "session_start": kind = .sessionStart
            case "session_end": kind = .sessionEnd
            case "frames_missing": kind = .framesMissing
            default: kind = .otherEvent(event)
            }
        } else if fields["dir"] != nil || fields["opcode"] != nil {
            kind = .frame
        } else {
            kind = .unrecognized
        }
        epochMicroseconds = fields["ts"]?.stringValue.flatMap(FrameLogTimestamp.epochMicroseconds(from:))
    }

    /// A field by name.
    public subscript(field: String) -> JSONValue? { fields[field] }

    /// `ts` as written (RFC 3339 UTC with microseconds).
    public var timestamp: String? { fields["ts"]?.stringValue }
    /// `ts` as seconds since the epoch (microsecond resolution, within a Double's precision).
    public var time: Double? { epochMicroseconds.map { Double($0) / 1_000_000 } }
    /// The relay's session id.
    public var session: String? { fields["session"]?.stringValue }
    public var seq: Int? { fields["seq"]?.intValue }
    /// `event` for session records; nil for frames.
    public var event: String? { fields["event"]?.stringValue }

    // MARK: Frames

    public var direction: FrameDirection? { fields["dir"]?.stringValue.flatMap(FrameDirection.init(name:)) }
    public var opcode: FrameLogOpcode? { fields["opcode"]?.stringValue.flatMap(FrameLogOpcode.init(name:)) }
    /// The event type: the record's `type`, else `data.type` when the payload is a JSON object.
    public var type: String? { fields["type"]?.stringValue ?? fields["data"]?["type"]?.stringValue }
    /// The payload length on the wire, as logged.
    public var bytes: Int? { fields["bytes"]?.intValue }
    /// The payload: the JSON value of a JSON text frame, else a string (base64 for binary, see ``isBase64``).
    public var data: JSONValue? { fields["data"] }
    /// The client's payload before the relay rewrote the frame; nil when it was not rewritten.
    public var original: JSONValue? { fields["original"] }
    /// True when `data` is base64 (`"encoding":"base64"`).
    public var isBase64: Bool { fields["encoding"]?.stringValue == "base64" }
    /// The close code of a close frame.
    public var closeCode: Int? { fields["code"]?.intValue }
    /// The close reason of a close frame.
    public var closeReason: String? { fields["reason"]?.stringValue }
    /// Set when the log was written with `--log-audio omit`: the audio field was emptied; N bytes left out.
    public var audioOmittedBytes: Int? { fields["audio_omitted_bytes"]?.intValue }
    /// Set when the log was written with `--log-audio truncate`: the audio field was shortened by N bytes.
    public var audioTruncatedBytes: Int? { fields["audio_truncated_bytes"]?.intValue }
    /// Whether the frame's audio is not in the log whole (omitted or truncated when logged).
    public var isAudioElided: Bool { fields["audio_omitted_bytes"] != nil || fields["audio_truncated_bytes"] != nil }

    /// The payload as a JSON object (a realtime event), when it is one.
    public var payloadObject: JSONObject? { fields["data"]?.objectValue }
}
