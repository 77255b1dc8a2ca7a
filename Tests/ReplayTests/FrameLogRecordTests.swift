// Records: typed accessors, timestamps, and payloads handed back as wire bytes.
import Buffers
import FrameLog
import JSON
@testable import Replay
import Testing
import TestSupport

@Suite("Frame log records")
struct FrameLogRecordTests {
    @Test func timestampsParseToExactMicroseconds() {
        #expect(FrameLogTimestamp.epochMicroseconds(from: "2026-11-21T10:00:00.123456Z") == 1_795_255_200_123_456)
        #expect(FrameLogTimestamp.epochMicroseconds(from: "2026-11-21T10:00:00Z") == 1_795_255_200_000_000)
        #expect(FrameLogTimestamp.epochMicroseconds(from: "2026-11-21T11:00:00.5+01:00") == 1_795_255_200_500_000)
        #expect(FrameLogTimestamp.epochMicroseconds(from: "1970-01-01T00:00:00.000001Z") == 1)
        #expect(FrameLogTimestamp.epochMicroseconds(from: "2024-02-29T23:59:59.9999999Z") == 1_709_251_199_999_999)
        for bad in ["", "2026-11-21", "2026-11-21T10:00:00", "2026-13-01T00:00:00Z", "2026-11-21T10:00:00.Z", "x026-11-21T10:00:00Z"] {
            #expect(FrameLogTimestamp.epochMicroseconds(from: bad) == nil, "\(bad)")
        }
        #expect(FrameLogTimestamp.string(epochMicroseconds: 1_795_255_200_123_456) == "2026-11-21T10:00:00.123Z")
        #expect(FrameLogTimestamp.string(epochMicroseconds: 1_795_255_200_123_456, fractionDigits: 6) == "2026-11-21T10:00:00.123456Z")
        #expect(FrameLogTimestamp.string(epochMicroseconds: 951_782_400_000_000, fractionDigits: 0) == "2000-02-29T00:00:00Z")
    }

    @Test func frameFieldsReadTyped() throws {
        let fields = try JSONValue.parse(#"""
            {"ts":"2026-11-21T10:00:01.250000Z","session":"rs_0123456789abcdef","seq":7,"dir":"upstream_to_client",\#
            "opcode":"text","type":"response.done","bytes":27,"data":{"type":"response.done","response":{}},"future":1}
            """#).objectValue!
        let record = FrameLogRecord(line: 9, fields: fields)
        #expect(record.kind == .frame)
        #expect(record.line == 9)
        #expect(record.direction == .upstreamToClient)
        #expect(record.opcode == .text)
        #expect(record.type == "response.done")
        #expect(record.seq == 7)
        #expect(record.bytes == 27)
        #expect(record.session == "rs_0123456789abcdef")
        #expect(record.epochMicroseconds == 1_795_255_201_250_000)
        #expect(record.time == 1_795_255_201.25)
        #expect(record["future"] == 1)
        #expect(!record.isBase64)
        #expect(!record.isAudioElided)
    }

    @Test func missingAndIllTypedFieldsReadAsNil() throws {
        let record = FrameLogRecord(line: 1, fields: ["dir": "sideways", "opcode": 3, "ts": "yesterday"])
        #expect(record.kind == .frame)
        #expect(record.direction == nil)
        #expect(record.opcode == nil)
        #expect(record.type == nil)
        #expect(record.epochMicroseconds == nil)
        #expect(record.payloadBytes() == [])
        #expect(FrameLogRecord(line: 1, fields: ["event": "session_start"]).payloadBytes() == nil)
        #expect(FrameLogRecord(line: 1, fields: ["hello": 1]).kind == .unrecognized)
    }

    @Test func payloadsComeBackAsWireBytes() throws {
        var log = LogFixture()
        log.start()
        log.frame(1, .clientToUpstream, opcode: "text", type: "session.update", bytes: 44,
                  dataText: #"{"type": "session.update", "session": {"a": 1.0}}"#)         // 2: sender's spacing
        log.binary(2, .clientToRelay, opcode: "ping", payload: [0, 1, 2, 0xFF])               // 3
        log.binary(3, .upstreamToClient, opcode: "binary", payload: Array(0...255))            // 4
        log.frame(4, .upstreamToClient, opcode: "text", bytes: 5, dataText: #""hé\n""#)       // 5: text, not JSON
        log.close(5, .clientToRelay, code: 1000, reason: "bye")                                 // 6
        log.close(6, .upstreamToRelay, code: nil)                                                // 7
        log.frame(7, .clientToUpstream, ["type": "session.update", "session": ["instructions": "server"]],
                  original: ["type": "session.update", "session": ["instructions": "client"]]) // 8
        let directory = TemporaryDirectory()
        let path = writeFile(directory, "p.jsonl", log.bytes)
        let exact = try readAll(path, preservesPayloadBytes: true).records
        let compact = try readAll(path).records

        #expect(exact[1].payloadBytes() == Array(#"{"type": "session.update", "session": {"a": 1.0}}"#.utf8))
        #expect(compact[1].payloadBytes() == Array(#"{"type":"session.update","session":{"a":1.0}}"#.utf8))
        #expect(exact[1].payloadText() == #"{"type": "session.update", "session": {"a": 1.0}}"#)
        for records in [exact, compact] {
            #expect(records[2].opcode == .ping)
            #expect(records[2].isBase64)
            #expect(records[2].payloadBytes() == [0, 1, 2, 0xFF])
            #expect(records[3].payloadBytes() == Array(0...255))
            #expect(records[3].payloadText() == nil)
            #expect(records[4].payloadBytes() == Array("hé\n".utf8))
            #expect(records[5].payloadBytes() == [0x03, 0xE8] + Array("bye".utf8))
            #expect(records[5].closeCode == 1000)
            #expect(records[5].closeReason == "bye")
            #expect(records[6].payloadBytes() == [])
            #expect(records[7].payloadBytes() == Array(#"{"type":"session.update","session":{"instructions":"server"}}"#.utf8))
            #expect(records[7].originalPayloadBytes() == Array(#"{"type":"session.update","session":{"instructions":"client"}}"#.utf8))
            #expect(records[6].originalPayloadBytes() == nil)
        }
    }

    @Test func elidedAudioIsFlagged() {
        let omitted = FrameLogRecord(line: 1, fields: [
            "dir": "client_to_upstream", "opcode": "text", "data": ["type": "input_audio_buffer.append", "audio": ""],
            "audio_omitted_bytes": 4800,
        ])
        #expect(omitted.isAudioElided)
        #expect(!omitted.isPayloadComplete)
        #expect(omitted.audioOmittedBytes == 4800)
        #expect(omitted.type == "input_audio_buffer.append")
        let truncated = FrameLogRecord(line: 1, fields: ["dir": "upstream_to_client", "audio_truncated_bytes": 100])
        #expect(truncated.audioTruncatedBytes == 100)
        #expect(truncated.isAudioElided)
    }

    @Test func base64RoundTripsAndRefusesGarbage() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 91 + 7) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("hello".utf8)) == "aGVsbG8=")
        #expect(Base64.decode("aGVsbG8") == Array("hello".utf8))
        #expect(Base64.decode("aGVs bG8=") == nil)
        #expect(Base64.decode("a") == nil)
        #expect(Base64.decode("-_8=") == [0xFB, 0xFF])
    }
}
