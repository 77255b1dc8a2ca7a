// A second-order resonator (Klatt 1980): one formant of the vocal tract as a two-pole filter.
#if canImport(Glibc)
import Glibc
#endif

/// `y[n] = a·x[n] + b·y[n-1] + c·y[n-2]`, unity gain at DC. Coefficients can change between
/// samples (formants glide) without clicks because the state is the output history.
struct FormantResonator {
    private var a = 1.0, b = 0.0, c = 0.0
    private var previous = 0.0, beforePrevious = 0.0

    mutating func tune(frequency: Double, bandwidth: Double, sampleRate: Double) {
        let period = 1 / sampleRate
        c = -exp(-2 * Double.pi * bandwidth * period)
        b = 2 * exp(-Double.pi * bandwidth * period) * cos(2 * Double.pi * frequency * period)
        a = 1 - b - c
    }

    mutating func filter(_ input: Double) -> Double {
        let output = a * input + b * previous + c * beforePrevious
        beforePrevious = previous
        previous = output
        return output
    }
}
