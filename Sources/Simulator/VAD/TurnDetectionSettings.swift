// Server VAD parameters read from `audio.input.turn_detection`, and the energy level they imply.
#if canImport(Glibc)
import Glibc
#endif
import JSON

struct TurnDetectionSettings: Equatable {
    var threshold = 0.5
    var prefixPaddingMs = 300
    var silenceDurationMs = 500
    var createResponse = true
    var interruptResponse = true

    init() {}

    /// Reads the GA object; missing members keep the defaults. `semantic_vad` has no threshold or
    /// silence settings: its eagerness picks how long a pause ends the turn.
    init(_ object: JSONObject) {
        if object["type"]?.stringValue == "semantic_vad" {
            switch object["eagerness"]?.stringValue {
            case "high": silenceDurationMs = 300
            case "low": silenceDurationMs = 1200
            default: silenceDurationMs = 700
            }
        } else {
            threshold = object["threshold"]?.doubleValue ?? threshold
            prefixPaddingMs = object["prefix_padding_ms"]?.intValue ?? prefixPaddingMs
            silenceDurationMs = object["silence_duration_ms"]?.intValue ?? silenceDurationMs
        }
        createResponse = object["create_response"]?.boolValue ?? createResponse
        interruptResponse = object["interrupt_response"]?.boolValue ?? interruptResponse
    }

    /// The RMS level (of full scale 1.0) above which a 20 ms window counts as speech.
    ///
    /// Azure's threshold is a probability from a neural VAD; an energy detector needs a level. The
    /// mapping spreads 0…1 over -60…-20 dBFS: the default 0.5 is -40 dBFS (RMS 0.01, about 330 in
    /// PCM16), well above a quiet room through a browser's noise suppression (-60 to -50 dBFS) and
    /// below conversational speech at a laptop microphone (-35 to -20 dBFS). Higher thresholds need
    /// louder speech, as on Azure.
    var rmsThreshold: Double {
        let clamped = min(1, max(0, threshold))
        return pow(10, (-60 + 40 * clamped) / 20)
    }
}
