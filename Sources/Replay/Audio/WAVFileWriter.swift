// Writes a RIFF/WAVE file of 16-bit mono PCM as samples stream in; the sizes are patched on finish.

/// A WAV file (RIFF, `WAVE_FORMAT_PCM`, 16-bit, mono) written incrementally: the 44-byte header goes
/// first with zero sizes and is rewritten with the real sizes by ``finish()``.
final class WAVFileWriter {
    let path: String
    let sampleRate: Int
    private let file: OutputFile
    /// Samples written so far.
    private(set) var samples = 0

    init(path: String, sampleRate: Int) throws(OutputFileError) {
        self.path = path
        self.sampleRate = sampleRate
        file = try OutputFile(path: path)
        try file.write(Self.header(sampleRate: sampleRate, dataBytes: 0))
    }

    /// Appends little-endian PCM16 samples (an even number of bytes).
    func write(pcm16 bytes: [UInt8]) throws(OutputFileError) {
        try file.write(bytes)
        samples += bytes.count / 2
    }

    /// Appends `count` samples of silence.
    func writeSilence(samples count: Int) throws(OutputFileError) {
        guard count > 0 else { return }
        try file.writeZeros(count * 2)
        samples += count
    }

    /// Writes the final sizes and closes the file.
    func finish() throws(OutputFileError) {
        try file.overwrite(Self.header(sampleRate: sampleRate, dataBytes: samples * 2), at: 0)
        try file.close()
    }

    /// Closes and deletes the file.
    func discard() { file.discard() }

    /// The canonical 44-byte header for `dataBytes` of 16-bit mono PCM at `sampleRate`.
    static func header(sampleRate: Int, dataBytes: Int) -> [UInt8] {
        let data = UInt32(clamping: dataBytes)
        var header: [UInt8] = []
        header.reserveCapacity(44)
        header += Array("RIFF".utf8)
        header += littleEndian(UInt32(clamping: 36 + Int(data)))
        header += Array("WAVEfmt ".utf8)
        header += littleEndian(UInt32(16))          // fmt chunk size
        header += littleEndian(UInt16(1))           // WAVE_FORMAT_PCM
        header += littleEndian(UInt16(1))           // mono
        header += littleEndian(UInt32(sampleRate))
        header += littleEndian(UInt32(sampleRate * 2))  // byte rate
        header += littleEndian(UInt16(2))           // block align
        header += littleEndian(UInt16(16))          // bits per sample
        header += Array("data".utf8)
        header += littleEndian(data)
        return header
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}

@available(*, unavailable)
extension WAVFileWriter: Sendable {}
