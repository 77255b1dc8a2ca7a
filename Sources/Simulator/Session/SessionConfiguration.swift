// The session object of one simulated session: Azure's GA defaults, and typed reads of what matters here.
import JSON

/// The effective GA `session` object, as `session.created` / `session.updated` show it. The JSON
/// is the source of truth (so fields we do not interpret are still echoed back); the computed
/// properties read the parts the simulator acts on.
struct SessionConfiguration {
    private(set) var session: JSONObject

    /// Azure's GA defaults (azure-realtime.md §1.10 b), with the VAD values of the SDK's schema.
    init(id: String, model: String, expiresAt: Int) {
        let turnDetection: JSONValue = [
            "type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 500,
            "idle_timeout_ms": nil, "create_response": true, "interrupt_response": true,
        ]
        let pcm: JSONValue = ["type": "audio/pcm", "rate": 24000]
        session = [
            "type": "realtime",
            "object": "realtime.session",
            "id": .string(id),
            "model": .string(model),
            "output_modalities": ["audio"],
            "instructions": "",
            "tools": [],
            "tool_choice": "auto",
            "max_output_tokens": "inf",
            "tracing": nil,
            "truncation": "auto",
            "prompt": nil,
            "expires_at": JSONValue(expiresAt),
            "audio": [
                "input": ["format": pcm, "transcription": nil, "noise_reduction": nil, "turn_detection": turnDetection],
                "output": ["format": pcm, "voice": "alloy", "speed": 1.0],
            ],
            "include": nil,
        ]
    }

    /// Replaces the whole session object (after a merge was validated).
    mutating func replace(with session: JSONObject) { self.session = session }

    var value: JSONValue { .object(session) }

    /// True for `output_modalities: ["text"]`: responses carry text, no audio.
    var isTextOnly: Bool { Self.isTextOnly(session["output_modalities"]) }

    static func isTextOnly(_ modalities: JSONValue?) -> Bool {
        guard let list = modalities?.arrayValue?.compactMap(\.stringValue) else { return false }
        return !list.contains("audio") && list.contains("text")
    }

    /// Server or semantic VAD settings; nil when turn detection is off (push-to-talk).
    var turnDetection: TurnDetectionSettings? {
        guard let object = session["audio"]?["input"]?["turn_detection"]?.objectValue else { return nil }
        return TurnDetectionSettings(object)
    }

    /// Input transcription is on when `audio.input.transcription` is an object.
    var transcribesInput: Bool { session["audio"]?["input"]?["transcription"]?.objectValue != nil }

    var inputFormat: InputAudioFormat {
        InputAudioFormat(session["audio"]?["input"]?["format"]?["type"]?.stringValue)
    }

    var voice: String { session["audio"]?["output"]?["voice"]?.stringValue ?? "alloy" }

    /// Speech rate of the reply voice (GA `audio.output.speed`, 0.25–1.5).
    var outputSpeed: Double {
        min(1.5, max(0.25, session["audio"]?["output"]?["speed"]?.doubleValue ?? 1.0))
    }

    var instructions: String { session["instructions"]?.stringValue ?? "" }
}
