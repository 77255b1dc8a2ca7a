// How one payload goes into a record: as its JSON value, as a string, or as base64; audio cut per mode.
import Buffers
import JSON

/// A frame's payload, classified for the record (CONTRACT.md "Frame log"): a text frame holding
/// valid JSON is embedded as that value, other valid UTF-8 text as a string, and everything else
/// (binary, control payloads, text that is not UTF-8) as base64 so that no byte is lost.
struct EmbeddedPayload {
    enum Form {
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
        guard var value = try? JSONValue.parse(bytes, limits: Self.limits) else {
            if let text = String(validating: bytes, as: UTF8.self) {
                self.init(form: .text(text), type: nil, audioBytes: nil)
            } else {
                self.init(form: .base64, type: nil, audioBytes: nil)
            }
            return
        }
        let type = value["type"]?.stringValue
        var audioBytes: Int?
        if audio != .full, let type, let member = AudioLogging.audioMember(ofEventType: type) {
            audioBytes = Self.cut(member, of: &value, mode: audio)
        }
        let spansLines = bytes.contains(0x0A) || bytes.contains(0x0D)
        self.init(form: .json(value, rewritten: audioBytes != nil || spansLines), type: type, audioBytes: audioBytes)
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
