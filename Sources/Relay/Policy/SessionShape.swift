// GA and preview names of the same session fields (azure-realtime.md §1.3), for defaults and locked paths.
import JSON

/// The correspondence between GA `session` fields and their preview names.
///
/// | GA | preview | value |
/// |---|---|---|
/// | `audio.input.format` | `input_audio_format` | `{"type":"audio/pcm","rate":24000}` → `"pcm16"`, `audio/pcmu` → `"g711_ulaw"`, `audio/pcma` → `"g711_alaw"` |
/// | `audio.input.transcription` | `input_audio_transcription` | same |
/// | `audio.input.noise_reduction` | `input_audio_noise_reduction` | same |
/// | `audio.input.turn_detection` | `turn_detection` | same |
/// | `audio.output.format` | `output_audio_format` | as `audio.input.format` |
/// | `audio.output.voice` | `voice` | same |
/// | `audio.output.speed` | `speed` | same |
/// | `output_modalities` | `modalities` | `["audio"]` → `["text","audio"]` (audio comes with its transcript), `["text"]` → `["text"]` |
/// | `max_output_tokens` | `max_response_output_tokens` | same |
///
/// Every other field (`tools`, `tool_choice`, `model`, `tracing`, …) has one name in both shapes.
enum SessionShape {
    /// How a GA value becomes its preview value.
    enum Conversion: Sendable {
        case same
        /// `{"type":"audio/pcm","rate":24000}` → `"pcm16"` and so on.
        case audioFormat
        /// `["audio"]` → `["text","audio"]`.
        case modalities
    }

    struct Field: Sendable {
        let ga: [String]
        let preview: String
        let conversion: Conversion
    }

    static let fields: [Field] = [
        Field(ga: ["audio", "input", "format"], preview: "input_audio_format", conversion: .audioFormat),
        Field(ga: ["audio", "input", "transcription"], preview: "input_audio_transcription", conversion: .same),
        Field(ga: ["audio", "input", "noise_reduction"], preview: "input_audio_noise_reduction", conversion: .same),
        Field(ga: ["audio", "input", "turn_detection"], preview: "turn_detection", conversion: .same),
        Field(ga: ["audio", "output", "format"], preview: "output_audio_format", conversion: .audioFormat),
        Field(ga: ["audio", "output", "voice"], preview: "voice", conversion: .same),
        Field(ga: ["audio", "output", "speed"], preview: "speed", conversion: .same),
        Field(ga: ["output_modalities"], preview: "modalities", conversion: .modalities),
        Field(ga: ["max_output_tokens"], preview: "max_response_output_tokens", conversion: .same),
    ]

    /// GA audio formats (`type`) and their preview strings.
    static let audioFormats: [(ga: String, preview: String)] = [
        ("audio/pcm", "pcm16"), ("audio/pcmu", "g711_ulaw"), ("audio/pcma", "g711_alaw"),
    ]

    /// The only PCM rate the service takes, GA and preview.
    static let pcmRate = 24000

    static func field(ga path: [String]) -> Field? { fields.first { $0.ga == path } }

    static func field(preview name: String) -> Field? { fields.first { $0.preview == name } }

    // MARK: Defaults, GA → preview

    /// `session` (GA shape) with its fields renamed and converted for a preview endpoint, in order;
    /// the members of `audio` take its place. Fields without a preview name are kept as they are.
    static func previewSession(fromGA session: JSONObject) -> JSONObject {
        var result: JSONObject = [:]
        for (key, value) in session {
            if key == "audio", case .object(let audio) = value {
                for (direction, inner) in audio {
                    guard case .object(let members) = inner else { continue }
                    for (name, member) in members {
                        guard let field = field(ga: ["audio", direction, name]) else { continue }
                        result[field.preview] = previewValue(member, field.conversion)
                    }
                }
            } else if let field = field(ga: [key]) {
                result[field.preview] = previewValue(value, field.conversion)
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// A GA value as its preview field takes it. Values the file parser has validated always convert;
    /// anything else passes unchanged.
    static func previewValue(_ value: JSONValue, _ conversion: Conversion) -> JSONValue {
        switch conversion {
        case .same:
            return value
        case .audioFormat:
            guard let type = value["type"]?.stringValue,
                  let format = audioFormats.first(where: { $0.ga == type }) else { return value }
            return .string(format.preview)
        case .modalities:
            guard let modalities = value.arrayValue else { return value }
            // Preview has no audio-only response: audio always comes with its transcript as text.
            return modalities.contains("audio") ? ["text", "audio"] : ["text"]
        }
    }

    // MARK: Locked paths, both ways

    /// The paths in the other shape that name the same fields as `path` (which may be written in
    /// either shape); empty when the field has one name in both.
    ///
    /// - `audio.output.voice` → `voice`; `audio.input.turn_detection.threshold` → `turn_detection.threshold`;
    ///   `audio.input.format.rate` → `input_audio_format` (a preview format is one string).
    /// - `audio` → every preview audio field; `audio.input` → the preview input fields and `turn_detection`.
    /// - `voice` → `audio.output.voice`; `turn_detection.threshold` → `audio.input.turn_detection.threshold`.
    static func equivalents(of path: [String]) -> [[String]] {
        var result: [[String]] = []
        for field in fields {
            if path.starts(with: field.ga) {
                // The field itself or something inside it.
                let inside = path.dropFirst(field.ga.count)
                result.append([field.preview] + (field.conversion == .same ? Array(inside) : []))
            } else if field.ga.starts(with: path) {
                // A GA container of the field (`audio`, `audio.output`).
                result.append([field.preview])
            } else if path.first == field.preview {
                let inside = path.dropFirst()
                result.append(field.ga + (field.conversion == .same ? Array(inside) : []))
            }
        }
        return result
    }
}
