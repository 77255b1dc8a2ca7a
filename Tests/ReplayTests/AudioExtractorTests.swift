// `replay audio`'s engine: WAV headers, PCM16 byte-exact, G.711 against reference tables, placement, elided audio.
import Buffers
import FrameLog
import JSON
@testable import Replay
import Testing
import TestSupport

@Suite("Audio extraction")
struct AudioExtractorTests {
    /// Extracts into `directory`/out. Callers keep `directory` alive until they have read the files.
    static func extract(_ log: LogFixture, into directory: TemporaryDirectory, oneTrack: Bool = false) throws -> AudioExtractionReport {
        let reader = try FrameLogReader(path: writeFile(directory, "s.jsonl", log.bytes))
        let extractor = try AudioExtractor(options: AudioExtractionOptions(directory: directory.path + "/out", oneTrack: oneTrack))
        for record in reader { try extractor.add(record) }
        return try extractor.finish()
    }

    static func append(_ log: inout LogFixture, _ milliseconds: Double, _ bytes: [UInt8]) {
        log.frame(milliseconds, .clientToUpstream, ["type": "input_audio_buffer.append", "audio": .string(Base64.encode(bytes))])
    }

    static func delta(_ log: inout LogFixture, _ milliseconds: Double, _ response: String, _ bytes: [UInt8], ga: Bool = true) {
        log.frame(milliseconds, .upstreamToClient, ["type": .string(ga ? "response.output_audio.delta" : "response.audio.delta"),
                                                    "response_id": .string(response), "item_id": "item_a", "delta": .string(Base64.encode(bytes))])
    }

    @Test func theWAVHeaderIsCanonical() {
        let header = WAVFileWriter.header(sampleRate: 24_000, dataBytes: 4)
        #expect(header == Array("RIFF".utf8) + [40, 0, 0, 0] + Array("WAVEfmt ".utf8) + [16, 0, 0, 0, 1, 0, 1, 0]
            + [0xC0, 0x5D, 0, 0] + [0x80, 0xBB, 0, 0] + [2, 0, 16, 0] + Array("data".utf8) + [4, 0, 0, 0])
    }

    @Test func pcm16PassesThroughByteForByte() throws {
        var log = LogFixture()
        log.start()
        let first = (0..<960).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        let second = (0..<480).map { UInt8(truncatingIfNeeded: $0 * 13 + 1) }
        Self.append(&log, 100, first)
        Self.append(&log, 200, second)
        log.frame(250, .clientToRelay, ["type": "input_audio_buffer.append", "audio": .string(Base64.encode([9, 9]))])  // refused
        Self.delta(&log, 300, "resp_a", second)
        Self.delta(&log, 320, "resp_a", first)
        log.end(400)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory)
        #expect(report.files.map(\.path) == ["\(directory.path)/out/input.wav", "\(directory.path)/out/response_1_resp_a.wav"])
        let input = readFile(report.files[0].path)
        #expect(input.count == 44 + 1440)
        #expect(Array(input[44...]) == first + second)
        #expect(le32(input, 4) == 36 + 1440)
        #expect(le32(input, 24) == 24_000)
        #expect(le32(input, 40) == 1440)
        #expect(Array(readFile(report.files[1].path)[44...]) == second + first)
        #expect(report.files[0].samples == 720)
        #expect(report.files[0].durationSeconds == 0.03)
        #expect(report.files[0].chunks == 2)
        #expect(report.files[0].format == .pcm16(rate: 24_000))
        #expect(report.files[1].speaker == .assistant)
        #expect(report.files[1].responseID == "resp_a")
        #expect(report.unavailable.isEmpty)
    }

    @Test func oddLengthChunksKeepTheirHalfSample() throws {
        var log = LogFixture()
        log.start()
        Self.append(&log, 100, [1, 2, 3])
        Self.append(&log, 200, [4, 5, 6, 7])
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory)
        #expect(Array(readFile(report.files[0].path)[44...]) == [1, 2, 3, 4, 5, 6])
    }

    @Test func muLawAndALawDecodeToTheReferenceTables() {
        #expect((0...255).map { G711.muLaw(UInt8($0)) } == Self.referenceMuLaw)
        #expect((0...255).map { G711.aLaw(UInt8($0)) } == Self.referenceALaw)
    }

    @Test func g711SessionsAreDecodedAt8kHz() throws {
        var log = LogFixture()
        log.start(api: "preview")
        // Preview names for the input; GA format objects for the output; the upstream's word is final.
        log.frame(50, .clientToUpstream, ["type": "session.update", "session": ["input_audio_format": "g711_ulaw"]])
        log.frame(60, .upstreamToClient, ["type": "session.updated", "session": [
            "input_audio_format": "g711_ulaw", "audio": ["output": ["format": ["type": "audio/pcma"]]]]])
        Self.append(&log, 100, [0x00, 0x80, 0xFF, 0x7F, 0x0F])
        Self.delta(&log, 200, "resp_b", [0xD5, 0x55, 0xAA, 0x2A], ga: false)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory)
        #expect(report.files.map(\.format) == [.g711MuLaw, .g711ALaw])
        #expect(report.files.map(\.sampleRate) == [8000, 8000])
        let input = readFile(report.files[0].path)
        #expect(le32(input, 24) == 8000)
        #expect(le32(input, 28) == 16_000)
        #expect(wavSamples(input) == [-32124, 32124, 0, 0, -16764])
        #expect(wavSamples(readFile(report.files[1].path)) == [8, -8, 32256, -32256])
    }

    @Test func formatsFollowTheSession() {
        #expect(AudioFormat(["type": "audio/pcm", "rate": 24000]) == .pcm16(rate: 24_000))
        #expect(AudioFormat(["type": "audio/pcm", "rate": 16000]) == .pcm16(rate: 16_000))
        #expect(AudioFormat(["type": "audio/pcm"]) == .pcm16(rate: 24_000))
        #expect(AudioFormat(["type": "audio/pcmu"]) == .g711MuLaw)
        #expect(AudioFormat("g711_alaw") == .g711ALaw)
        #expect(AudioFormat("pcm16") == .pcm16(rate: 24_000))
        #expect(AudioFormat("opus") == nil)
        let formats = AudioFormat.formats(inSession: ["audio": ["input": ["format": ["type": "audio/pcmu"]]], "output_audio_format": "g711_alaw"])
        #expect(formats.input == .g711MuLaw)
        #expect(formats.output == .g711ALaw)
    }

    @Test func aFormatChangeStartsANewFile() throws {
        var log = LogFixture()
        log.start()
        Self.append(&log, 100, [1, 0, 2, 0])
        log.frame(150, .upstreamToClient, ["type": "session.updated", "session": ["audio": ["input": ["format": ["type": "audio/pcmu"]]]]])
        Self.append(&log, 200, [0xFF])
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory)
        #expect(report.files.map(\.path) == ["\(directory.path)/out/input.wav", "\(directory.path)/out/input_2.wav"])
        #expect(report.files.map(\.samples) == [2, 1])
    }

    @Test func oneTrackPlacesAudioAtItsTimeWithSilenceBetween() throws {
        var log = LogFixture()
        log.start()
        let tenth = pcm16([Int16](repeating: 1000, count: 2400))  // 100 ms at 24 kHz
        Self.delta(&log, 1000, "resp_1", tenth)
        Self.delta(&log, 1050, "resp_1", tenth)   // faster than real time: joined after the first
        Self.delta(&log, 3000, "resp_2", tenth)   // the next reply, two seconds later
        Self.append(&log, 500, pcm16([Int16](repeating: 7, count: 2400)))
        Self.append(&log, 650, pcm16([Int16](repeating: 8, count: 2400)))  // 50 ms late (jitter): joined, no silence
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory, oneTrack: true)
        #expect(report.files.map(\.path) == ["\(directory.path)/out/assistant_track.wav", "\(directory.path)/out/user_track.wav"])
        let samples = wavSamples(readFile(report.files[0].path))
        #expect(samples.count == 74_400)
        #expect(samples[0..<24_000].allSatisfy { $0 == 0 })
        #expect(samples[24_000..<28_800].allSatisfy { $0 == 1000 })
        #expect(samples[28_800..<72_000].allSatisfy { $0 == 0 })
        #expect(samples[72_000...].allSatisfy { $0 == 1000 })
        #expect(report.files[0].startMilliseconds == 1000)
        #expect(wavSamples(readFile(report.files[1].path))
            == [Int16](repeating: 0, count: 12_000) + [Int16](repeating: 7, count: 2400) + [Int16](repeating: 8, count: 2400))
    }

    @Test func audioMissingFromTheLogIsReportedNotWritten() throws {
        var log = LogFixture()
        log.start()
        log.frame(100, .clientToUpstream, ["type": "input_audio_buffer.append", "audio": ""], extra: ["audio_omitted_bytes": 4800])
        Self.delta(&log, 200, "resp_ok", [1, 0])
        log.frame(300, .upstreamToClient, ["type": "response.output_audio.delta", "response_id": "resp_cut", "delta": "AAAA"],
                  extra: ["audio_truncated_bytes": 9600])
        Self.delta(&log, 310, "resp_cut", [2, 0])
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory)
        #expect(report.files.map(\.responseID) == ["resp_ok"])
        #expect(report.unavailable.count == 2)
        #expect(report.unavailable[0].hasPrefix("the user's input audio is not in the log: 1 of 1 audio events"))
        #expect(report.unavailable[1].hasPrefix("the audio of response resp_cut is not in the log: 1 of 2"))
        #expect(!fileExists("\(directory.path)/out/input.wav"))
        #expect(!fileExists("\(directory.path)/out/response_2_resp_cut.wav"))
    }

    @Test func undecodableAudioIsAWarningWithItsLine() throws {
        var log = LogFixture()
        log.start()
        log.frame(100, .clientToUpstream, ["type": "input_audio_buffer.append", "audio": "%%%"])
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let report = try Self.extract(log, into: directory)
        #expect(report.warnings == ["line 2: the audio is not valid base64; skipped"])
    }

    /// CPython's audioop.ulaw2lin / alaw2lin for every code (an independent implementation).
    static let referenceMuLaw: [Int16] = [
        -32124, -31100, -30076, -29052, -28028, -27004, -25980, -24956, -23932, -22908, -21884, -20860, -19836, -18812, -17788, -16764,
        -15996, -15484, -14972, -14460, -13948, -13436, -12924, -12412, -11900, -11388, -10876, -10364, -9852, -9340, -8828, -8316,
        -7932, -7676, -7420, -7164, -6908, -6652, -6396, -6140, -5884, -5628, -5372, -5116, -4860, -4604, -4348, -4092,
        -3900, -3772, -3644, -3516, -3388, -3260, -3132, -3004, -2876, -2748, -2620, -2492, -2364, -2236, -2108, -1980,
        -1884, -1820, -1756, -1692, -1628, -1564, -1500, -1436, -1372, -1308, -1244, -1180, -1116, -1052, -988, -924,
        -876, -844, -812, -780, -748, -716, -684, -652, -620, -588, -556, -524, -492, -460, -428, -396,
        -372, -356, -340, -324, -308, -292, -276, -260, -244, -228, -212, -196, -180, -164, -148, -132,
        -120, -112, -104, -96, -88, -80, -72, -64, -56, -48, -40, -32, -24, -16, -8, 0,
        32124, 31100, 30076, 29052, 28028, 27004, 25980, 24956, 23932, 22908, 21884, 20860, 19836, 18812, 17788, 16764,
        15996, 15484, 14972, 14460, 13948, 13436, 12924, 12412, 11900, 11388, 10876, 10364, 9852, 9340, 8828, 8316,
        7932, 7676, 7420, 7164, 6908, 6652, 6396, 6140, 5884, 5628, 5372, 5116, 4860, 4604, 4348, 4092,
        3900, 3772, 3644, 3516, 3388, 3260, 3132, 3004, 2876, 2748, 2620, 2492, 2364, 2236, 2108, 1980,
        1884, 1820, 1756, 1692, 1628, 1564, 1500, 1436, 1372, 1308, 1244, 1180, 1116, 1052, 988, 924,
        876, 844, 812, 780, 748, 716, 684, 652, 620, 588, 556, 524, 492, 460, 428, 396,
        372, 356, 340, 324, 308, 292, 276, 260, 244, 228, 212, 196, 180, 164, 148, 132,
        120, 112, 104, 96, 88, 80, 72, 64, 56, 48, 40, 32, 24, 16, 8, 0,
    ]
    static let referenceALaw: [Int16] = [
        -5504, -5248, -6016, -5760, -4480, -4224, -4992, -4736, -7552, -7296, -8064, -7808, -6528, -6272, -7040, -6784,
        -2752, -2624, -3008, -2880, -2240, -2112, -2496, -2368, -3776, -3648, -4032, -3904, -3264, -3136, -3520, -3392,
        -22016, -20992, -24064, -23040, -17920, -16896, -19968, -18944, -30208, -29184, -32256, -31232, -26112, -25088, -28160, -27136,
        -11008, -10496, -12032, -11520, -8960, -8448, -9984, -9472, -15104, -14592, -16128, -15616, -13056, -12544, -14080, -13568,
        -344, -328, -376, -360, -280, -264, -312, -296, -472, -456, -504, -488, -408, -392, -440, -424,
        -88, -72, -120, -104, -24, -8, -56, -40, -216, -200, -248, -232, -152, -136, -184, -168,
        -1376, -1312, -1504, -1440, -1120, -1056, -1248, -1184, -1888, -1824, -2016, -1952, -1632, -1568, -1760, -1696,
        -688, -656, -752, -720, -560, -528, -624, -592, -944, -912, -1008, -976, -816, -784, -880, -848,
        5504, 5248, 6016, 5760, 4480, 4224, 4992, 4736, 7552, 7296, 8064, 7808, 6528, 6272, 7040, 6784,
        2752, 2624, 3008, 2880, 2240, 2112, 2496, 2368, 3776, 3648, 4032, 3904, 3264, 3136, 3520, 3392,
        22016, 20992, 24064, 23040, 17920, 16896, 19968, 18944, 30208, 29184, 32256, 31232, 26112, 25088, 28160, 27136,
        11008, 10496, 12032, 11520, 8960, 8448, 9984, 9472, 15104, 14592, 16128, 15616, 13056, 12544, 14080, 13568,
        344, 328, 376, 360, 280, 264, 312, 296, 472, 456, 504, 488, 408, 392, 440, 424,
        88, 72, 120, 104, 24, 8, 56, 40, 216, 200, 248, 232, 152, 136, 184, 168,
        1376, 1312, 1504, 1440, 1120, 1056, 1248, 1184, 1888, 1824, 2016, 1952, 1632, 1568, 1760, 1696,
        688, 656, 752, 720, 560, 528, 624, 592, 944, 912, 1008, 976, 816, 784, 880, 848,
    ]
}
