// Checks a policy file's `defaults`: GA-shaped session fields that the relay can also send to a preview endpoint.
import JSON

extension SessionPolicy {
    /// The fields accepted inside `defaults.audio.input` and `defaults.audio.output`: those with a preview name.
    private static let audioFields: [(direction: String, names: [String])] = ["input", "output"].map { direction in
        (direction, SessionShape.fields.filter { $0.ga.count == 3 && $0.ga[1] == direction }.map { $0.ga[2] })
    }

    /// `value` as the defaults object, or the first problem in it.
    static func checkedDefaults(
        _ value: JSONValue, fail: (String) -> SessionPolicyError
    ) throws(SessionPolicyError) -> JSONObject {
        guard case .object(let defaults) = value else {
            throw fail("\"defaults\" must be an object of GA session fields such as "
                       + "{\"audio\":{\"output\":{\"voice\":\"alloy\"}}}, not \(SessionPolicyError.kind(value))")
        }
        for (key, member) in defaults {
            let path = "defaults.\(key)"
            switch key {
            case "type":
                throw fail("\"defaults.type\" is set by the relay (\"realtime\" for GA endpoints, left out for "
                           + "preview ones); remove it")
            case "instructions":
                throw fail("\"defaults.instructions\" is not read from the policy file; give the operator's "
                           + "instructions with --instructions or --instructions-file (they are hidden from clients)")
            case "audio":
                try checkAudio(member, fail: fail)
            case "output_modalities":
                guard member == ["audio"] || member == ["text"] else {
                    throw fail("\"\(path)\" must be [\"audio\"] (audio with its transcript) or [\"text\"]")
                }
            case "max_output_tokens":
                guard member.intValue.map({ $0 >= 1 }) == true || member == "inf" else {
                    throw fail("\"\(path)\" must be a positive integer or \"inf\"")
                }
            default:
                if let field = SessionShape.field(preview: key) {
                    throw fail("\"\(path)\" is the preview name; write it in GA shape as \"defaults."
                               + "\(field.ga.joined(separator: "."))\" (the relay renames it for preview endpoints)")
                }
            }
        }
        return defaults
    }

    private static func checkAudio(_ value: JSONValue, fail: (String) -> SessionPolicyError) throws(SessionPolicyError) {
        guard case .object(let audio) = value else {
            throw fail("\"defaults.audio\" must be an object with \"input\" and/or \"output\", not \(SessionPolicyError.kind(value))")
        }
        try checkKeys(audio, allowed: audioFields.map(\.direction), at: "defaults.audio", fail: fail)
        for (direction, names) in audioFields {
            guard let member = audio[direction] else { continue }
            let path = "defaults.audio.\(direction)"
            guard case .object(let fields) = member else {
                throw fail("\"\(path)\" must be an object, not \(SessionPolicyError.kind(member))")
            }
            try checkKeys(fields, allowed: names, at: path, fail: fail)
            for (name, field) in fields {
                try checkAudioField(name, field, at: "\(path).\(name)", fail: fail)
            }
        }
    }

    private static func checkAudioField(
        _ name: String, _ value: JSONValue, at path: String, fail: (String) -> SessionPolicyError
    ) throws(SessionPolicyError) {
        switch name {
        case "format":
            guard isAudioFormat(value) else {
                throw fail("\"\(path)\" must be {\"type\":\"audio/pcm\",\"rate\":\(SessionShape.pcmRate)}, "
                           + "{\"type\":\"audio/pcmu\"} or {\"type\":\"audio/pcma\"}")
            }
        case "voice":
            guard let voice = value.stringValue, !voice.isEmpty else {
                throw fail("\"\(path)\" must be a voice name such as \"alloy\", not \(SessionPolicyError.kind(value))")
            }
        case "speed":
            guard value.doubleValue != nil else {
                throw fail("\"\(path)\" must be a number such as 1.0, not \(SessionPolicyError.kind(value))")
            }
        default:  // transcription, noise_reduction, turn_detection: an object, or null to turn it off
            guard value.objectValue != nil || value.isNull else {
                throw fail("\"\(path)\" must be an object or null, not \(SessionPolicyError.kind(value))")
            }
        }
    }

    /// A GA format the preview shape can express: PCM at 24 kHz, G.711 µ-law or A-law.
    private static func isAudioFormat(_ value: JSONValue) -> Bool {
        guard case .object(let format) = value, let type = format["type"]?.stringValue,
              SessionShape.audioFormats.contains(where: { $0.ga == type }) else { return false }
        for key in format.keys where key != "type" {
            guard key == "rate", type == "audio/pcm", format["rate"]?.doubleValue == Double(SessionShape.pcmRate) else {
                return false
            }
        }
        return true
    }

    private static func checkKeys(
        _ object: JSONObject, allowed: [String], at path: String, fail: (String) -> SessionPolicyError
    ) throws(SessionPolicyError) {
        let unknown = object.keys.filter { !allowed.contains($0) }
        guard unknown.isEmpty else {
            throw fail("unknown key\(unknown.count == 1 ? "" : "s") \(SessionPolicyError.quotedList(unknown)) in "
                       + "\"\(path)\" (valid keys: \(SessionPolicyError.quotedList(allowed)))")
        }
    }
}
