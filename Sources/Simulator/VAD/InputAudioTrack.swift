// The session's input audio as positions, not bytes: the simulator never needs the samples again.

/// Where the input stream is and which part of it the uncommitted buffer holds. Azure keeps the
/// appended audio; the simulator only needs durations (for events, transcripts and usage), so its
/// memory stays constant however long the user talks. A byte split across two appends is carried.
struct InputAudioTrack {
    private(set) var format: InputAudioFormat
    /// Samples appended since the session began: the clock of `audio_start_ms` / `audio_end_ms`.
    private(set) var totalSamples = 0
    /// Where the uncommitted buffer begins, in the same clock.
    private(set) var bufferStart = 0
    private var carry: [UInt8] = []

    init(format: InputAudioFormat) { self.format = format }

    var sampleRate: Int { format.sampleRate }
    var bufferedSamples: Int { totalSamples - bufferStart }
    var bufferedMs: Double { Double(bufferedSamples) * 1000 / Double(sampleRate) }

    func milliseconds(atSample sample: Int) -> Int { Int((Int64(sample) * 1000) / Int64(sampleRate)) }

    /// Changing the format restarts nothing but the byte carry; positions stay comparable only in ms.
    mutating func setFormat(_ newFormat: InputAudioFormat) {
        guard newFormat != format else { return }
        let ms = milliseconds(atSample: totalSamples)
        format = newFormat
        totalSamples = ms * newFormat.sampleRate / 1000
        bufferStart = totalSamples
        carry = []
    }

    /// Decodes `bytes` to samples and advances the stream; returns the samples and where they begin.
    mutating func append(_ bytes: [UInt8]) -> (samples: [Int16], start: Int) {
        let data = carry.isEmpty ? bytes : carry + bytes
        let width = format.bytesPerSample
        let count = data.count / width
        let samples = data.withUnsafeBytes { raw in
            (0..<count).map { format.sample(raw, at: $0 * width) }
        }
        carry = Array(data[(count * width)...])
        let start = totalSamples
        totalSamples += count
        return (samples, start)
    }

    /// Speech began at `sample`: the turn's audio starts `prefixPaddingMs` earlier (Azure's padding),
    /// never before what is already buffered.
    mutating func speechStarted(at sample: Int, prefixPaddingMs: Int) {
        bufferStart = max(bufferStart, sample - prefixPaddingMs * sampleRate / 1000)
    }

    /// Turns the buffer up to `end` (default: everything) into an item: returns its duration in ms.
    /// Audio after `end` (the rest of the append in which the VAD ended the turn) stays buffered.
    mutating func commit(until end: Int? = nil) -> Double {
        let stop = min(totalSamples, max(bufferStart, end ?? totalSamples))
        defer { bufferStart = stop }
        return Double(stop - bufferStart) * 1000 / Double(sampleRate)
    }

    mutating func clear() {
        bufferStart = totalSamples
        carry = []
    }
}
