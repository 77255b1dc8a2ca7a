// `session.update`: map preview fields to GA ones, validate like Azure, deep-merge into the session.
import JSON

extension SessionConfiguration {
    /// Applies the client's `session` object. Objects merge member by member; any other value
    /// (null included: `turn_detection: null` turns VAD off) replaces. Nothing changes on error.
    mutating func apply(_ update: JSONObject, assistantAudioExists: Bool) throws(RealtimeError) {
        var patch = try Self.gaShape(of: update)
        // Read-only members: Azure ignores them in an update rather than failing the whole event.
        for key in ["type", "object", "id", "model", "expires_at"] { patch[key] = nil }
        try Self.validate(patch)
        if let voice = patch["audio"]?["output"]?["voice"], voice != session["audio"]?["output"]?["voice"],
           assistantAudioExists {
            throw RealtimeError(code: "cannot_update_voice",
                                message: "Cannot update a conversation's voice if assistant audio is present.",
                                param: "session.audio.output.voice")
        }
        replace(with: Self.merge(session, patch))
    }

    /// The update in GA form: `type` checked, preview members (`voice`, `turn_detection`,
    /// `input_audio_format`, `modalities`, …) moved to their GA places, since the relay also
    /// serves preview clients whose `session.update` it passes through unchanged.
    static func gaShape(of update: JSONObject) throws(RealtimeError) -> JSONObject {
        if let type = update["type"] {
            guard let name = type.stringValue else { throw .invalidType("session.type", expected: "a string") }
            guard name == "realtime" else { throw .invalidValue("session.type", name, supported: ["realtime"]) }
        }
        var patch = update
        var input = JSONObject(), output = JSONObject()
        if let modalities = patch.removeValue(forKey: "modalities") {
            patch["output_modalities"] = isTextOnly(modalities) ? ["text"] : ["audio"]
        }
        if let voice = patch.removeValue(forKey: "voice") { output["voice"] = voice }
        if let speed = patch.removeValue(forKey: "speed") { output["speed"] = speed }
        if let value = patch.removeValue(forKey: "turn_detection") { input["turn_detection"] = value }
        if let value = patch.removeValue(forKey: "input_audio_transcription") { input["transcription"] = value }
        if let value = patch.removeValue(forKey: "input_audio_noise_reduction") { input["noise_reduction"] = value }
        if let value = patch.removeValue(forKey: "input_audio_format") {
            input["format"] = try previewFormat(value, param: "session.input_audio_format")
        }
        if let value = patch.removeValue(forKey: "output_audio_format") {
            output["format"] = try previewFormat(value, param: "session.output_audio_format")
        }
        if let value = patch.removeValue(forKey: "max_response_output_tokens") { patch["max_output_tokens"] = value }
        patch["temperature"] = nil  // GA has no temperature; preview clients still send one
        if !input.isEmpty || !output.isEmpty {
            var audio = JSONObject()
            if !input.isEmpty { audio["input"] = .object(input) }
            if !output.isEmpty { audio["output"] = .object(output) }
            patch = merge(patch, ["audio": .object(audio)])
        }
        return patch
    }

    private static func previewFormat(_ value: JSONValue, param: String) throws(RealtimeError) -> JSONValue {
        switch value.stringValue {
        case "pcm16": return ["type": "audio/pcm", "rate": 24000]
        case "g711_ulaw": return ["type": "audio/pcmu"]
        case "g711_alaw": return ["type": "audio/pcma"]
        default:
            throw .invalidValue(param, value.stringValue ?? value.serializedString,
                                supported: ["pcm16", "g711_ulaw", "g711_alaw"])
        }
    }

    /// The checks Azure makes that a client is likely to trip over.
    private static func validate(_ patch: JSONObject) throws(RealtimeError) {
        if let instructions = patch["instructions"], instructions.stringValue == nil {
            throw .invalidType("session.instructions", expected: "a string")
        }
        if let modalities = patch["output_modalities"] {
            let list = modalities.arrayValue?.compactMap(\.stringValue) ?? []
            guard list == ["audio"] || list == ["text"] else {
                throw RealtimeError(code: "invalid_value",
                                    message: "Invalid 'session.output_modalities': expected ['audio'] or ['text'].",
                                    param: "session.output_modalities")
            }
        }
        if let detection = patch["audio"]?["input"]?["turn_detection"], !detection.isNull {
            guard let object = detection.objectValue else {
                throw .invalidType("session.audio.input.turn_detection", expected: "an object or null")
            }
            if let type = object["type"]?.stringValue, type != "server_vad" && type != "semantic_vad" {
                throw .invalidValue("session.audio.input.turn_detection.type", type,
                                    supported: ["server_vad", "semantic_vad"])
            }
            if let threshold = object["threshold"], !(threshold.doubleValue.map { (0...1).contains($0) } ?? false) {
                throw RealtimeError(code: "decimal_above_max_value",
                                    message: "Invalid 'session.audio.input.turn_detection.threshold': expected a number from 0 to 1.",
                                    param: "session.audio.input.turn_detection.threshold")
            }
        }
        if let format = patch["audio"]?["input"]?["format"]?["type"]?.stringValue,
           !["audio/pcm", "audio/pcmu", "audio/pcma"].contains(format) {
            throw .invalidValue("session.audio.input.format.type", format,
                                supported: ["audio/pcm", "audio/pcmu", "audio/pcma"])
        }
    }

    /// Objects merge recursively; everything else in `patch` replaces what `base` had. An audio
    /// `format` is one value, not a set of options: `{"type":"audio/pcmu"}` must not keep the old
    /// PCM `rate`, so formats are replaced whole.
    static func merge(_ base: JSONObject, _ patch: JSONObject) -> JSONObject {
        var result = base
        for (key, value) in patch {
            if key != "format", case .object(let inner)? = result[key], case .object(let innerPatch) = value {
                result[key] = .object(merge(inner, innerPatch))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
