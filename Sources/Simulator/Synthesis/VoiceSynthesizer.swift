// Renders a SpeechPlan as PCM16, chunk by chunk: glottal pulses through gliding formant filters.
#if canImport(Glibc)
import Glibc
#endif

/// A small formant synthesizer (the source-filter model of Klatt's synthesizer, much reduced):
///
/// - source: a glottal pulse train at the voice's pitch, with declination per word, a stress bump
///   per syllable, 5 Hz vibrato and a little jitter, so it never sounds like a steady beep;
/// - filter: three cascaded resonators at the syllable's vowel formants, gliding towards each new
///   target over ~30 ms, which is what makes it sound like vowels being spoken;
/// - envelope: each syllable fades in over 25 ms and out over 60 ms, with a short breathy onset
///   (filtered noise) standing in for a consonant; pauses between words are silent.
///
/// Rendering is incremental, so a long reply never sits in memory as a whole.
struct VoiceSynthesizer {
    let plan: SpeechPlan
    let profile: VoiceProfile
    private(set) var renderedSamples = 0
    private var segmentIndex = 0
    private var segmentOffset = 0
    private var source = GlottalSource()
    private var resonators = [FormantResonator](repeating: FormantResonator(), count: 3)
    private var formants: Vowel = .schwa
    private var noise = NoiseGenerator()
    private var breathLowPass = 0.0
    private var previousBreath = 0.0
    private var previousVoiced = 0.0

    private var sampleRate: Double { Double(plan.sampleRate) }
    /// Output gain before the soft limiter, chosen so vowels peak around -6 dBFS and the limiter
    /// only rounds off the rare louder peak.
    private static let gain = 0.3
    /// How much of the first difference is mixed in: lifts F2/F3 about 6 dB per octave so the
    /// voice sounds clear rather than muffled (the cascade's output falls off steeply above F1).
    private static let presence = 1.5
    private static let retuneInterval = 48

    init(plan: SpeechPlan, voice: String) {
        self.plan = plan
        profile = VoiceProfile(voice: voice)
        formants = Self.scaled(.schwa, by: profile.formantScale)
    }

    var isFinished: Bool { renderedSamples >= plan.totalSamples }

    /// The next `count` samples (fewer at the end) as little-endian PCM16 bytes.
    mutating func render(count: Int) -> [UInt8] {
        let available = min(count, plan.totalSamples - renderedSamples)
        var bytes = [UInt8]()
        bytes.reserveCapacity(available * 2)
        for _ in 0..<max(0, available) {
            let value = Int16(max(-32767, min(32767, nextSample() * 32767)))
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        renderedSamples += max(0, available)
        return bytes
    }

    private mutating func nextSample() -> Double {
        while segmentIndex < plan.segments.count, segmentOffset >= length(of: plan.segments[segmentIndex]) {
            segmentIndex += 1
            segmentOffset = 0
        }
        guard segmentIndex < plan.segments.count else { return 0 }
        defer { segmentOffset += 1 }
        switch plan.segments[segmentIndex] {
        case .pause:
            return 0  // the release envelope already brought the syllable down to silence
        case .syllable(let vowel, let samples, let pitch):
            return voiced(vowel: vowel, samples: samples, pitch: pitch)
        }
    }

    private mutating func voiced(vowel: Vowel, samples: Int, pitch: Double) -> Double {
        let time = Double(renderedSamples) / sampleRate
        let vibrato = 1 + 0.012 * sin(2 * Double.pi * 5 * time)
        let jitter = 1 + 0.004 * noise.next()
        let f0 = profile.pitch * pitch * vibrato * jitter
        if segmentOffset % Self.retuneInterval == 0 { glide(towards: Self.scaled(vowel, by: profile.formantScale)) }
        let envelope = Self.envelope(offset: segmentOffset, length: samples, sampleRate: sampleRate)
        // A consonant-like breath at the syllable onset: high-passed noise, fading within 30 ms.
        let onset = max(0, 1 - Double(segmentOffset) / (0.03 * sampleRate))
        // Low-passed, then differenced: a band around 2–5 kHz, like an "h" or a soft "s".
        breathLowPass += (noise.next() - breathLowPass) * 0.45
        let breath = (breathLowPass - previousBreath) * 0.12 * onset
        previousBreath = breathLowPass
        let excitation = source.next(f0: f0, sampleRate: sampleRate) * 12
        let voiced = filter(excitation)
        let bright = voiced + Self.presence * (voiced - previousVoiced)
        previousVoiced = voiced
        return tanh((bright * envelope + breath) * Self.gain)
    }

    private mutating func filter(_ input: Double) -> Double {
        var value = input
        for index in resonators.indices { value = resonators[index].filter(value) }
        return value
    }

    /// Moves the formants a step towards `target` (time constant ~30 ms at the retune rate).
    private mutating func glide(towards target: Vowel) {
        let step = 1 - exp(-Double(Self.retuneInterval) / (0.03 * sampleRate))
        formants.f1 += (target.f1 - formants.f1) * step
        formants.f2 += (target.f2 - formants.f2) * step
        formants.f3 += (target.f3 - formants.f3) * step
        resonators[0].tune(frequency: formants.f1, bandwidth: 90, sampleRate: sampleRate)
        resonators[1].tune(frequency: formants.f2, bandwidth: 110, sampleRate: sampleRate)
        resonators[2].tune(frequency: formants.f3, bandwidth: 170, sampleRate: sampleRate)
    }

    private static func envelope(offset: Int, length: Int, sampleRate: Double) -> Double {
        let attack = 0.025 * sampleRate, release = 0.06 * sampleRate
        let position = Double(offset), remaining = Double(length - offset)
        let rise = position < attack ? 0.5 - 0.5 * cos(Double.pi * position / attack) : 1
        let fall = remaining < release ? 0.5 - 0.5 * cos(Double.pi * remaining / release) : 1
        return rise * fall
    }

    private static func scaled(_ vowel: Vowel, by factor: Double) -> Vowel {
        Vowel(f1: vowel.f1 * factor, f2: vowel.f2 * factor, f3: vowel.f3 * factor)
    }

    private func length(of segment: SpeechPlan.Segment) -> Int {
        switch segment {
        case .syllable(_, let samples, _), .pause(let samples): samples
        }
    }
}

/// A tiny deterministic noise source (xorshift), uniform in -1…1: replies sound the same each time.
struct NoiseGenerator {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func next() -> Double {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Double(state >> 11) / Double(1 << 52) - 1
    }
}
