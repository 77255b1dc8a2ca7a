// A frame record's payload as the bytes that crossed the wire, for replaying frames.

import Buffers
import FrameLog
import JSON

extension FrameLogRecord {
    /// The frame's payload re-encoded as wire bytes, for `replay serve` / `replay send`:
    /// - JSON `data` (a text frame that was JSON): the text exactly as logged when the reader kept it
    ///   (``FrameLogReader/preservesPayloadBytes``): the writer copies JSON payloads verbatim, so this is
    ///   the wire payload, whitespace and escapes included, unless the writer had to rewrite it (audio
    ///   cut, or line breaks inside). Otherwise its compact serialization in the logged member order:
    ///   the same for compact senders, without a sender's whitespace (the length may then differ from
    ///   ``bytes``);
    /// - a string `data`: its UTF-8, or the decoded bytes when `"encoding":"base64"`;
    /// - a close frame without `data`: the 2-byte big-endian ``closeCode`` then the UTF-8 reason
    ///   (RFC 6455 §5.5.1), or nothing when it had no code;
    /// - no `data` otherwise: an empty payload.
    ///
    /// Nil for records that are not frames and for base64 that does not decode. When
    /// ``isAudioElided`` the audio inside is not what was sent (see ``isPayloadComplete``).
    public func payloadBytes() -> [UInt8]? {
        guard kind == .frame else { return nil }
        if let dataText { return dataText }
        if let data = fields["data"] {
            return Self.wireBytes(of: data, base64: isBase64)
        }
        if opcode == .close, let code = closeCode, (0...0xFFFF).contains(code) {
            return [UInt8(code >> 8), UInt8(code & 0xFF)] + Array((closeReason ?? "").utf8)
        }
        return []
    }

    /// The client's payload before the relay rewrote it (`original`), as wire bytes; nil when the frame
    /// was not rewritten. Base64 when the record says `"original_encoding":"base64"`, or when it has
    /// no such field and the frame's own `encoding` is base64.
    public func originalPayloadBytes() -> [UInt8]? {
        guard kind == .frame, let original = fields["original"] else { return nil }
        if let originalText { return originalText }
        let base64 = fields["original_encoding"].map { $0.stringValue == "base64" } ?? isBase64
        return Self.wireBytes(of: original, base64: base64)
    }

    /// False when the logged payload is not the one that was sent: its audio was omitted or
    /// truncated when logged (`--log-audio omit|truncate`).
    public var isPayloadComplete: Bool { !isAudioElided }

    /// The payload as text, for a text frame (JSON serialized, strings as they are); nil for binary.
    public func payloadText() -> String? {
        guard kind == .frame, opcode != .binary, !isBase64, let data = fields["data"] else { return nil }
        if case .string(let text) = data { return text }
        if let dataText { return String(decoding: dataText, as: UTF8.self) }
        return data.serializedString
    }

    /// The client's payload before the relay rewrote it, as text (see ``payloadText()``); nil when the
    /// frame was not rewritten or the original was binary.
    public func originalPayloadText() -> String? {
        guard kind == .frame, let original = fields["original"], fields["original_encoding"]?.stringValue != "base64" else {
            return nil
        }
        if case .string(let text) = original { return text }
        if let originalText { return String(decoding: originalText, as: UTF8.self) }
        return original.serializedString
    }

    static func wireBytes(of value: JSONValue, base64: Bool) -> [UInt8]? {
        switch value {
        case .string(let text):
            return base64 ? Base64.decode(text) : Array(text.utf8)
        default:
            return value.serialized()
        }
    }
}
