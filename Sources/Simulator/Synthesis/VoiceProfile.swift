// Per-voice pitch, so `alloy`, `echo`, `shimmer`… sound a little different from each other.

struct VoiceProfile {
    /// Mean fundamental frequency in Hz.
    var pitch: Double
    /// Formants scale up slightly for higher voices (shorter vocal tract).
    var formantScale: Double

    init(voice: String) {
        switch voice {
        case "echo", "ash", "cedar", "verse": pitch = 118
        case "ballad": pitch = 135
        case "shimmer", "coral", "marin": pitch = 205
        case "sage": pitch = 190
        default: pitch = 165  // alloy and unknown voices: in between
        }
        formantScale = pitch > 180 ? 1.12 : pitch < 140 ? 0.96 : 1.04
    }
}
