// One WAV output being filled: its format, placement cursor, and whether its audio is whole.

/// One output file of `replay audio` while it is written: decodes chunks in its format, keeps a
/// half sample across chunks, places chunks in time (one-track mode), and remembers whether any
/// chunk was missing from the log (then the file is discarded rather than left with holes).
final class AudioTrackWriter {
    let path: String
    let speaker: SessionSummary.Speaker
    let responseID: String?
    let format: AudioFormat
    private let wav: WAVFileWriter
    private(set) var chunks = 0
    private(set) var elidedChunks = 0
    private(set) var firstOffsetMicroseconds: Int64?
    /// A PCM16 byte left over from an odd-length chunk.
    private var carry: UInt8?

    init(path: String, speaker: SessionSummary.Speaker, responseID: String?, format: AudioFormat) throws(OutputFileError) {
        self.path = path
        self.speaker = speaker
        self.responseID = responseID
        self.format = format
        wav = try WAVFileWriter(path: path, sampleRate: format.sampleRate)
    }

    var samples: Int { wav.samples }

    /// Appends one chunk of audio in the track's format. With `placeAt` (microseconds from the session
    /// start), silence is first added up to that time, unless the track is already within `tolerance`
    /// samples of it (so audio streamed faster than real time, or with network jitter, stays joined).
    func append(encoded: [UInt8], placeAt offset: Int64?, tolerance: Int, atOffset: Int64?) throws(OutputFileError) {
        chunks += 1
        if firstOffsetMicroseconds == nil { firstOffsetMicroseconds = atOffset }
        if let offset {
            let target = Int(max(0, offset) * Int64(format.sampleRate) / 1_000_000)
            if target > wav.samples + tolerance { try wav.writeSilence(samples: target - wav.samples) }
        }
        var pcm = format.pcm16(encoded)
        if let carried = carry {
            pcm.insert(carried, at: 0)
            carry = nil
        }
        if pcm.count % 2 == 1 { carry = pcm.removeLast() }
        try wav.write(pcm16: pcm)
    }

    /// Notes a chunk whose audio the log does not hold (omitted or truncated when logged).
    func markElided() {
        chunks += 1
        elidedChunks += 1
    }

    func finish() throws(OutputFileError) { try wav.finish() }

    func discard() { wav.discard() }
}

@available(*, unavailable)
extension AudioTrackWriter: Sendable {}
