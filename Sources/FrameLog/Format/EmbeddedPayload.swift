// How one payload goes into a record: as its JSON value, as a string, or as base64; audio cut per mode.
#if canImport(Glibc)
import Glibc
#endif
import Buffers
import JSON

/// A frame's payload, classified for the record (CONTRACT.md "Frame log"): a text frame holding
/// valid JSON is embedded as that value, other valid UTF-8 text as a string, and everything else
/// (binary, control payloads, text that is not UTF-8) as base64 so that no byte is lost.
struct EmbeddedPayload {
    enum Form {
        /// Valid JSON on one line, written as its own bytes: found by validation alone, no value built.
        case verbatimJSON
        /// Valid JSON. `rewritten` when audio was cut, or when the text spans lines (JSON Lines needs
        /// one line per record), so the compact serialization is written instead of the bytes.
        case json(JSONValue, rewritten: Bool)
        case text(String)
        case base64
    }

    let form: Form
    /// The event's top-level `type`, when the payload is a JSON object that has a string one.
    let type: String?
    /// Decoded size of audio that `.omit` or `.truncate` removed or shortened.
    let audioBytes: Int?

    /// Any nesting the relay forwards is accepted; size is bounded by the relay's frame limit.
    private static let limits = JSONLimits(maxDepth: 64, maxBytes: Int.max)

    init(_ bytes: UnsafeRawBufferPointer, isText: Bool, audio: AudioLogging) {
        guard isText else {
            self.init(form: .base64, type: nil, audioBytes: nil)
            return
        }
        // The common case costs one validating scan and a peek at `type`: no value is built unless
        // audio must be cut or the text spans lines.
        let peekedType = JSONTypePeek.type(in: bytes)
        let cutsAudio = audio != .full && peekedType.flatMap(AudioLogging.audioMember(ofEventType:)) != nil
        if !cutsAudio {
            guard JSONValue.isValid(bytes, limits: Self.limits) else {
                self.init(notJSON: bytes)
                return
            }
            if !Self.spansLines(bytes) {
                self.init(form: .verbatimJSON, type: peekedType, audioBytes: nil)
                return
            }
        }
        guard var value = try? JSONValue.parse(bytes, limits: Self.limits) else {
            self.init(notJSON: bytes)
            return
        }
        let type = value["type"]?.stringValue
        var audioBytes: Int?
        if audio != .full, let type, let member = AudioLogging.audioMember(ofEventType: type) {
            audioBytes = Self.cut(member, of: &value, mode: audio)
        }
        self.init(form: .json(value, rewritten: audioBytes != nil || Self.spansLines(bytes)), type: type, audioBytes: audioBytes)
    }

    /// Text that is not JSON: a string when it is UTF-8, else base64 so that no byte is lost.
    private init(notJSON bytes: UnsafeRawBufferPointer) {
        if let text = String(validating: bytes, as: UTF8.self) {
            self.init(form: .text(text), type: nil, audioBytes: nil)
        } else {
            self.init(form: .base64, type: nil, audioBytes: nil)
        }
    }

    /// Raw CR or LF (only ever whitespace between tokens in valid JSON): the record would break the line.
    private static func spansLines(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, 0x0A, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
    }

    private init(form: Form, type: String?, audioBytes: Int?) {
        self.form = form
        self.type = type
        self.audioBytes = audioBytes
    }

    /// Shortens or empties the audio string; returns its decoded size, or nil when there was none.
    private static func cut(_ member: String, of value: inout JSONValue, mode: AudioLogging) -> Int? {
        guard case .object(var object) = value, let audio = object[member]?.stringValue else { return nil }
        let decoded = Base64.decodedCount(of: audio)
        switch mode {
        case .full: return nil
        case .omit: object[member] = ""
        case .truncate: object[member] = .string(String(audio.prefix(AudioLogging.truncatedPrefix)))
        }
        value = .object(object)
        return decoded
    }

    var isBase64: Bool {
        if case .base64 = form { return true }
        return false
    }

    /// Appends the JSON value for `data` (or `original`); `bytes` is the payload this was made from.
    func append(_ bytes: UnsafeRawBufferPointer, to line: inout [UInt8]) {
        switch form {
        case .verbatimJSON:
            line.append(contentsOf: bytes)
        case .json(let value, let rewritten):
            if rewritten { value.serialize(into: &line) } else { line.append(contentsOf: bytes) }
        case .text(let text):
            JSONValue.string(text).serialize(into: &line)
        case .base64:
            line.append(UInt8(ascii: "\""))
            Base64.append(bytes, to: &line)
            line.append(UInt8(ascii: "\""))
        }
    }
}
