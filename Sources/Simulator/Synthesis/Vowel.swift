// Formant targets of a few vowels: what makes the synthetic voice sound like speech, not a tone.

/// The first three formants (Hz) of a vowel, rounded from Peterson & Barney's averages for adult
/// speakers. Gliding between them syllable by syllable gives the "talking" timbre.
struct Vowel: Equatable {
    var f1: Double
    var f2: Double
    var f3: Double

    static let a = Vowel(f1: 780, f2: 1220, f3: 2600)
    static let e = Vowel(f1: 520, f2: 1850, f3: 2600)
    static let i = Vowel(f1: 330, f2: 2250, f3: 3000)
    static let o = Vowel(f1: 560, f2: 900, f3: 2500)
    static let u = Vowel(f1: 360, f2: 950, f3: 2350)
    static let schwa = Vowel(f1: 560, f2: 1480, f3: 2500)

    /// The vowel a spelled vowel letter most likely stands for.
    init(letter: Character) {
        switch letter {
        case "a": self = .a
        case "e": self = .e
        case "i", "y": self = .i
        case "o": self = .o
        case "u": self = .u
        default: self = .schwa
        }
    }

    init(f1: Double, f2: Double, f3: Double) {
        self.f1 = f1
        self.f2 = f2
        self.f3 = f3
    }
}
