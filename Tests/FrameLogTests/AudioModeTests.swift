// --log-audio: full keeps audio, truncate keeps a prefix, omit empties it; both say how many bytes there were.
@testable import FrameLog
import Buffers
import JSON
import Testing
import TestSupport

@Suite struct AudioModeTests {
    /// 300 bytes of "audio" as base64 (400 characters).
    static let audio: String = {
        var encoded: [UInt8] = []
        [UInt8](repeating: 7, count: 300).withUnsafeBytes { Base64.append($0, to: &encoded) }
        return String(decoding: encoded, as: UTF8.self)
    }()

    private func records(mode: AudioLogging) throws -> [JSONObject] {
        let directory = TemporaryDirectory(prefix: "fl-audio")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, audio: mode),
                                        logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops()
        let audio = Self.audio
        loops.run { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: sessionID(1), start: [:])
            withBytes(#"{"type":"input_audio_buffer.append","audio":"\#(audio)"}"#) {
                session.frame(.clientToUpstream, .text, payload: $0)
            }
            withBytes(#"{"type":"response.output_audio.delta","response_id":"r","delta":"\#(audio)"}"#) {
                session.frame(.upstreamToClient, .text, payload: $0)
            }
            withBytes(#"{"type":"response.audio.delta","delta":"\#(audio)"}"#) {
                session.frame(.upstreamToClient, .text, payload: $0)
            }
            // Same member names in other events are not audio.
            withBytes(#"{"type":"response.output_text.delta","delta":"\#(audio)"}"#) {
                session.frame(.upstreamToClient, .text, payload: $0)
            }
            session.end([:])
        }
        writer.stop()
        return try FrameLogTests.records(inFile: try #require(logFile(of: sessionID(1), in: directory.path)))
    }

    @Test func fullKeepsTheAudio() throws {
        let records = try records(mode: .full)
        try #require(records.count == 6)
        #expect(records[1]["data"]?["audio"] == .string(Self.audio))
        #expect(records[2]["data"]?["delta"] == .string(Self.audio))
        #expect(records[3]["data"]?["delta"] == .string(Self.audio))
        #expect(records.allSatisfy { $0["audio_omitted_bytes"] == nil && $0["audio_truncated_bytes"] == nil })
    }

    @Test func truncateKeepsAPrefixAndCountsTheAudio() throws {
        let records = try records(mode: .truncate)
        try #require(records.count == 6)
        let prefix = JSONValue.string(String(Self.audio.prefix(AudioLogging.truncatedPrefix)))
        #expect(records[1]["data"]?["audio"] == prefix)
        #expect(records[1]["audio_truncated_bytes"] == 300)
        #expect(records[2]["data"]?["delta"] == prefix)
        #expect(records[2]["data"]?["response_id"] == "r")
        #expect(records[2]["audio_truncated_bytes"] == 300)
        #expect(records[3]["audio_truncated_bytes"] == 300)
        #expect(records[1]["bytes"]?.intValue ?? 0 > 400)  // bytes is what went over the wire
        #expect(records[4]["data"]?["delta"] == .string(Self.audio))
        #expect(records[4]["audio_truncated_bytes"] == nil)
    }

    @Test func omitEmptiesTheAudioAndCountsIt() throws {
        let records = try records(mode: .omit)
        try #require(records.count == 6)
        #expect(records[1]["data"]?["audio"] == "")
        #expect(records[1]["audio_omitted_bytes"] == 300)
        #expect(records[1]["type"] == "input_audio_buffer.append")
        #expect(records[2]["data"]?["delta"] == "")
        #expect(records[3]["data"]?["delta"] == "")
        #expect(records[3]["audio_omitted_bytes"] == 300)
        #expect(records[4]["data"]?["delta"] == .string(Self.audio))
        #expect(records[1].keys.last == "audio_omitted_bytes")
    }
}
