// Writes frame records as JSON Lines, fields in the contract's order. Runs on the writer thread only.
import JSON

/// One record per line: `{"ts":…,"session":…,"seq":…,"dir":…,"opcode":…,"type":…,"bytes":…,"data":…}`.
/// Field order: ts, session, seq, dir, opcode, type, bytes, [code, reason], data, [encoding],
/// [original, original_encoding], [audio_omitted_bytes | audio_truncated_bytes].
struct FrameRecordFormatter {
    let audio: AudioLogging
    private var timestamps = RFC3339Cache()

    init(audio: AudioLogging) { self.audio = audio }

    /// A text, binary, ping or pong frame. Control payloads are bytes, not text: base64 like binary.
    mutating func appendFrame(session: String, seq: UInt64, microseconds: Int64, direction: FrameDirection,
                              opcode: FrameLogOpcode, payload: UnsafeRawBufferPointer,
                              original: UnsafeRawBufferPointer?, to line: inout [UInt8]) {
        if opcode == .close {  // a raw close payload: logged like `close(_:code:reason:)` would
            let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
            let reason = payload.count > 2 ? String(decoding: UnsafeRawBufferPointer(rebasing: payload[2...]), as: UTF8.self) : ""
            appendClose(session: session, seq: seq, microseconds: microseconds, direction: direction, code: code,
                        reason: reason, bytes: payload.count, to: &line)
            return
        }
        let isText = opcode == .text
        let data = EmbeddedPayload(payload, isText: isText, audio: audio)
        let originalData = original.map { EmbeddedPayload($0, isText: isText, audio: audio) }
        appendHead(session: session, seq: seq, microseconds: microseconds, direction: direction, opcode: opcode,
                   to: &line)
        if let type = data.type {
            line.append(",\"type\":")
            JSONValue.string(type).serialize(into: &line)
        }
        line.append(",\"bytes\":")
        line.append(decimal: payload.count)
        line.append(",\"data\":")
        data.append(payload, to: &line)
        if data.isBase64 { line.append(",\"encoding\":\"base64\"") }
        if let original, let originalData {
            line.append(",\"original\":")
            originalData.append(original, to: &line)
            if originalData.isBase64 { line.append(",\"original_encoding\":\"base64\"") }
        }
        if let audioBytes = data.audioBytes ?? originalData?.audioBytes {
            line.append(audio == .omit ? ",\"audio_omitted_bytes\":" : ",\"audio_truncated_bytes\":")
            line.append(decimal: audioBytes)
        }
        line.append("}\n")
    }

    /// A close frame: `bytes` is what its payload held (2 + reason bytes, 0 without a code).
    mutating func appendClose(session: String, seq: UInt64, microseconds: Int64, direction: FrameDirection,
                              code: UInt16?, reason: String, bytes: Int? = nil, to line: inout [UInt8]) {
        appendHead(session: session, seq: seq, microseconds: microseconds, direction: direction, opcode: .close,
                   to: &line)
        line.append(",\"bytes\":")
        line.append(decimal: bytes ?? (code == nil ? 0 : 2 + reason.utf8.count))
        if let code {
            line.append(",\"code\":")
            line.append(decimal: Int(code))
        }
        line.append(",\"reason\":")
        JSONValue.string(reason).serialize(into: &line)
        line.append("}\n")
    }

    /// `session_start` or `session_end`: the fixed fields, then the caller's (credentials redacted).
    /// Caller fields named like a fixed one are skipped: the record's identity cannot be overridden.
    mutating func appendSessionEvent(_ event: String, session: String, seq: UInt64, microseconds: Int64,
                                     fields: JSONObject, to line: inout [UInt8]) {
        line.append("{\"event\":\"")
        line.append(contentsOf: event.utf8)
        line.append("\",\"ts\":\"")
        timestamps.append(microseconds: microseconds, to: &line)
        line.append("\",\"session\":\"")
        line.append(contentsOf: session.utf8)
        line.append("\",\"seq\":")
        line.append(decimal: seq)
        for (key, value) in CredentialRedaction.redacted(fields) where !Self.fixedEventKeys.contains(key) {
            line.append(UInt8(ascii: ","))
            JSONValue.string(key).serialize(into: &line)
            line.append(UInt8(ascii: ":"))
            value.serialize(into: &line)
        }
        line.append("}\n")
    }

    /// Where records are missing and why, written before the session's next record that survived.
    mutating func appendFramesMissing(session: String, microseconds: Int64, seqFrom: UInt64, seqTo: UInt64,
                                      count: Int, reason: String, to line: inout [UInt8]) {
        line.append("{\"event\":\"frames_missing\",\"ts\":\"")
        timestamps.append(microseconds: microseconds, to: &line)
        line.append("\",\"session\":\"")
        line.append(contentsOf: session.utf8)
        line.append("\",\"seq_from\":")
        line.append(decimal: seqFrom)
        line.append(",\"seq_to\":")
        line.append(decimal: seqTo)
        line.append(",\"count\":")
        line.append(decimal: count)
        line.append(",\"reason\":")
        JSONValue.string(reason).serialize(into: &line)
        line.append("}\n")
    }

    private static let fixedEventKeys: Set<String> = ["event", "ts", "session", "seq"]

    /// `{"ts":…,"session":…,"seq":…,"dir":…,"opcode":…` (session ids are validated `[0-9a-z_]`, so
    /// they need no escaping; direction and opcode names are constants).
    private mutating func appendHead(session: String, seq: UInt64, microseconds: Int64, direction: FrameDirection,
                                     opcode: FrameLogOpcode, to line: inout [UInt8]) {
        line.append("{\"ts\":\"")
        timestamps.append(microseconds: microseconds, to: &line)
        line.append("\",\"session\":\"")
        line.append(contentsOf: session.utf8)
        line.append("\",\"seq\":")
        line.append(decimal: seq)
        line.append(",\"dir\":\"")
        line.append(contentsOf: direction.name.utf8)
        line.append("\",\"opcode\":\"")
        line.append(contentsOf: opcode.name.utf8)
        line.append(UInt8(ascii: "\""))
    }
}

extension [UInt8] {
    /// Appends an ASCII literal.
    mutating func append(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal.
    mutating func append<Value: BinaryInteger>(decimal value: Value) {
        append(contentsOf: String(value).utf8)
    }
}
