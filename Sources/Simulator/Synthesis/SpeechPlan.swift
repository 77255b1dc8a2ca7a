// The timing of a reply: words split into syllables and pauses, and where each word starts.

/// What the synthesizer will say and when. Built up front from the reply text so the transcript
/// deltas can be paced against the audio (a word's text goes out with the chunk where it starts)
/// and the total duration is known before the first chunk.
struct SpeechPlan {
    enum Segment: Equatable {
        /// A voiced syllable: its vowel, length in samples, a pitch factor (stress, intonation).
        case syllable(Vowel, samples: Int, pitch: Double)
        case pause(samples: Int)
    }

    let sampleRate: Int
    private(set) var segments: [Segment] = []
    /// For each word of the text (as split by spaces): the sample where it starts.
    private(set) var wordStarts: [Int] = []
    /// The words, each with the space that precedes it when it is not the first (transcript deltas).
    private(set) var words: [String] = []
    private(set) var totalSamples = 0

    /// `rate` is Azure's `audio.output.speed`: 1 is normal, 1.5 faster, 0.25 slower.
    init(text: String, sampleRate: Int = 24000, rate: Double = 1) {
        self.sampleRate = sampleRate
        let milliseconds = { (value: Double) in Int(value / rate * Double(sampleRate) / 1000) }
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
        add(.pause(samples: milliseconds(60)))  // the breath before speaking
        for (index, token) in tokens.enumerated() {
            words.append(index == 0 ? String(token) : " " + token)
            wordStarts.append(totalSamples)
            let vowels = Self.vowels(in: token.lowercased())
            // Declination: pitch drifts down over the sentence, as in read speech.
            let progress = tokens.count > 1 ? Double(index) / Double(tokens.count - 1) : 0
            for (syllable, vowel) in vowels.enumerated() {
                let stressed = syllable == 0
                let length = (stressed ? 190.0 : 150.0) + Double(token.count % 3) * 15
                let pitch = (1.1 - 0.2 * progress) * (stressed ? 1.06 : 0.98)
                add(.syllable(vowel, samples: milliseconds(length), pitch: pitch))
            }
            switch token.last {
            case ".", "!", "?": add(.pause(samples: milliseconds(380)))
            case ",", ";", ":": add(.pause(samples: milliseconds(220)))
            default: add(.pause(samples: milliseconds(70)))
            }
        }
    }

    private mutating func add(_ segment: Segment) {
        segments.append(segment)
        switch segment {
        case .syllable(_, let samples, _), .pause(let samples): totalSamples += samples
        }
    }

    /// One vowel per group of vowel letters ("reply" → e, y), one to four per word; a word without
    /// vowel letters ("3", "hmm") still gets a neutral syllable.
    static func vowels(in word: String) -> [Vowel] {
        var result: [Vowel] = []
        var previousWasVowel = false
        for letter in word {
            let isVowel = "aeiouy".contains(letter)
            if isVowel && !previousWasVowel { result.append(Vowel(letter: letter)) }
            previousWasVowel = isVowel
        }
        if word.count > 3 && word.hasSuffix("e") && result.count > 1 { result.removeLast() }  // silent e
        if result.isEmpty { result = [.schwa] }
        return Array(result.prefix(4))
    }

    func milliseconds(_ samples: Int) -> Int { samples * 1000 / sampleRate }
}
