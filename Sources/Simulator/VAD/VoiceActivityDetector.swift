// Energy-based server VAD: RMS over 20 ms windows, a short onset guard, and a silence hangover.

/// Decides where speech starts and stops in the session's input stream. Pure: it sees samples and
/// their position, and returns what it detected; the session turns that into events.
///
/// - A window is *loud* when its RMS is above `settings.rmsThreshold`.
/// - Speech starts after `onsetWindows` loud windows in a row (40 ms), so a click or a keyboard
///   tap does not start a turn; the start is dated at the first of them.
/// - Speech stops once `silenceDurationMs` of quiet windows follow; the stop is dated at that
///   moment, so like Azure's `audio_end_ms` it includes the silence.
struct VoiceActivityDetector {
    enum Detection: Equatable {
        case speechStarted(sample: Int)
        case speechStopped(sample: Int)
    }

    static let windowMs = 20
    static let onsetWindows = 2

    var settings: TurnDetectionSettings
    let sampleRate: Int
    private(set) var isSpeaking = false
    private var windowSamples: Int
    private var sumOfSquares = 0.0
    private var countInWindow = 0
    private var loudRun = 0
    private var firstLoudSample = 0
    private var quietMs = 0

    init(settings: TurnDetectionSettings, sampleRate: Int) {
        self.settings = settings
        self.sampleRate = sampleRate
        windowSamples = sampleRate * Self.windowMs / 1000
    }

    /// Feeds `samples`, the first of which is at absolute position `position` in the session's
    /// input stream. Detections come back in order (a long append can hold a whole turn).
    mutating func process(_ samples: [Int16], startingAt position: Int) -> [Detection] {
        var detections: [Detection] = []
        let level = settings.rmsThreshold * 32768
        let levelSquared = level * level
        for (offset, sample) in samples.enumerated() {
            let value = Double(sample)
            sumOfSquares += value * value
            countInWindow += 1
            guard countInWindow == windowSamples else { continue }
            let end = position + offset + 1
            let loud = sumOfSquares / Double(windowSamples) > levelSquared
            sumOfSquares = 0
            countInWindow = 0
            if let detection = windowEnded(loud: loud, endSample: end) { detections.append(detection) }
        }
        return detections
    }

    private mutating func windowEnded(loud: Bool, endSample: Int) -> Detection? {
        if loud {
            quietMs = 0
            if loudRun == 0 { firstLoudSample = endSample - windowSamples }
            loudRun += 1
            if !isSpeaking && loudRun >= Self.onsetWindows {
                isSpeaking = true
                return .speechStarted(sample: firstLoudSample)
            }
            return nil
        }
        loudRun = 0
        guard isSpeaking else { return nil }
        quietMs += Self.windowMs
        if quietMs >= settings.silenceDurationMs {
            isSpeaking = false
            quietMs = 0
            return .speechStopped(sample: endSample)
        }
        return nil
    }

    /// Forgets the current turn (after a manual commit or a clear).
    mutating func reset() {
        isSpeaking = false
        sumOfSquares = 0
        countInWindow = 0
        loudRun = 0
        quietMs = 0
    }
}
