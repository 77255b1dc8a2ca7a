// The excitation of voiced speech: a glottal flow pulse per pitch period, differentiated.

/// One pulse per period of the fundamental: the flow rises smoothly while the glottis opens,
/// falls quickly as it closes, and is zero while closed (a Rosenberg-style pulse). Its derivative
/// (what the lips radiate) has a sharp negative spike at closure, which gives the harmonics their
/// natural 12 dB/octave fall instead of the flat spectrum of a click train or the single line of a
/// sine.
struct GlottalSource {
    private var phase = 0.0
    private var previousFlow = 0.0

    /// The next sample at fundamental frequency `f0` (Hz).
    mutating func next(f0: Double, sampleRate: Double) -> Double {
        phase += f0 / sampleRate
        if phase >= 1 { phase -= 1 }
        let flow = Self.flow(at: phase)
        defer { previousFlow = flow }
        return flow - previousFlow
    }

    /// Opening takes 40% of the period, closing 16%, then the glottis stays shut.
    private static func flow(at phase: Double) -> Double {
        let opening = 0.4, closing = 0.16
        if phase < opening {
            let t = phase / opening
            return t * t * (3 - 2 * t)
        }
        if phase < opening + closing {
            let t = (phase - opening) / closing
            return 1 - t * t
        }
        return 0
    }
}
