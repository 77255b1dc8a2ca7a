// Records as the contract describes them: every field, in order, each encoding, control frames, rewrites, seq and ts.
#if canImport(Glibc)
import Glibc
#endif
@testable import FrameLog
import JSON
import Testing
import TestSupport

@Suite struct RecordTests {
    static let session = "rs_0123456789abcdef"

    /// One session with every kind of record, written through a real loop and writer.
    private func writeSampleSession(in directory: String) throws -> (records: [JSONObject], file: String, before: Int64, after: Int64) {
        let logs = CapturedLogs()
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory), logger: logs.logger)
        writer.start()
        let loops = try TestLoops()
        let before = UTCTimestamp.nowMicroseconds()
        loops.run { context in
            let staging = FrameLogStaging.on(context, writer: writer)
            let session = staging.open(session: Self.session, start: [
                "client": "127.0.0.1:5000", "deployment": "gpt-realtime", "credential": "api_key",
            ])
            withBytes(#"{"type":"session.update","session":{"voice":"alloy"}}"#) { payload in
                withBytes(#"{"type":"session.update","session":{"instructions":"be brief","voice":"alloy"}}"#) { original in
                    session.frame(.clientToUpstream, .text, payload: payload, original: original)
                }
            }
            withBytes("{\n  \"type\": \"session.created\",\n  \"event_id\": \"e1\"\n}") {
                session.frame(.upstreamToClient, .text, payload: $0)
            }
            withBytes("hello, not JSON") { session.frame(.relayToClient, .text, payload: $0) }
            [UInt8]([0xFF, 0xFE, 0x41]).withUnsafeBytes { session.frame(.clientToRelay, .text, payload: $0) }
            [UInt8]([0, 1, 2, 3, 255]).withUnsafeBytes { session.frame(.upstreamToClient, .binary, payload: $0) }
            withBytes("hb") { session.frame(.clientToRelay, .ping, payload: $0) }
            withBytes("hb") { session.frame(.relayToClient, .pong, payload: $0) }
            session.close(.upstreamToRelay, code: 1000, reason: "bye")
            session.close(.relayToUpstream, code: nil, reason: "")
            withBytes("[1,2]") { session.frame(.upstreamToClient, .text, payload: $0) }
            session.end(["duration_ms": 1234, "closed_by": "client", "outcome": "completed"])
            withBytes("{}") { session.frame(.upstreamToClient, .text, payload: $0) }  // after end: ignored
        }
        let after = UTCTimestamp.nowMicroseconds()
        writer.stop()
        let file = try #require(logFile(of: Self.session, in: directory))
        return (try records(inFile: file), file, before, after)
    }

    @Test func everyRecordKindHasTheContractsFieldsInOrder() throws {
        let directory = TemporaryDirectory(prefix: "fl-records")
        let (records, _, _, _) = try writeSampleSession(in: directory.path)
        try #require(records.count == 12)
        let keys = records.map(\.keys)
        #expect(keys[0] == ["event", "ts", "session", "seq", "client", "deployment", "credential"])
        #expect(keys[1] == ["ts", "session", "seq", "dir", "opcode", "type", "bytes", "data", "original"])
        #expect(keys[2] == ["ts", "session", "seq", "dir", "opcode", "type", "bytes", "data"])
        #expect(keys[3] == ["ts", "session", "seq", "dir", "opcode", "bytes", "data"])
        #expect(keys[4] == ["ts", "session", "seq", "dir", "opcode", "bytes", "data", "encoding"])
        #expect(keys[5] == ["ts", "session", "seq", "dir", "opcode", "bytes", "data", "encoding"])
        #expect(keys[8] == ["ts", "session", "seq", "dir", "opcode", "bytes", "code", "reason"])
        #expect(keys[9] == ["ts", "session", "seq", "dir", "opcode", "bytes", "reason"])
        #expect(keys[11] == ["event", "ts", "session", "seq", "duration_ms", "closed_by", "outcome"])
        for record in records { #expect(record["session"] == .string(Self.session)) }
    }

    @Test func payloadsAreEmbeddedByTheContractsEncodingRules() throws {
        let directory = TemporaryDirectory(prefix: "fl-records")
        let (records, _, _, _) = try writeSampleSession(in: directory.path)
        try #require(records.count == 12)
        // Start and end.
        #expect(records[0]["event"] == "session_start")
        #expect(records[0]["deployment"] == "gpt-realtime")
        #expect(records[11]["event"] == "session_end")
        #expect(records[11]["duration_ms"] == 1234)
        // A rewritten JSON frame: both values embedded, type from the forwarded payload.
        #expect(records[1]["dir"] == "client_to_upstream")
        #expect(records[1]["opcode"] == "text")
        #expect(records[1]["type"] == "session.update")
        #expect(records[1]["bytes"] == 53)
        #expect(records[1]["data"] == ["type": "session.update", "session": ["voice": "alloy"]])
        #expect(records[1]["original"]?["session"]?["instructions"] == "be brief")
        // Pretty-printed JSON still takes one line, as its value.
        #expect(records[2]["data"]?["event_id"] == "e1")
        #expect(records[2]["type"] == "session.created")
        // Text that is not JSON: a string. Text that is not UTF-8: base64, no byte lost.
        #expect(records[3]["data"] == "hello, not JSON")
        #expect(records[3]["dir"] == "relay_to_client")
        #expect(records[4]["data"] == "//5B")
        #expect(records[4]["encoding"] == "base64")
        #expect(records[4]["bytes"] == 3)
        // Binary: base64.
        #expect(records[5]["opcode"] == "binary")
        #expect(records[5]["data"] == "AAECA/8=")
        #expect(records[5]["encoding"] == "base64")
        // Control frames.
        #expect(records[6]["opcode"] == "ping")
        #expect(records[6]["dir"] == "client_to_relay")
        #expect(records[6]["data"] == "aGI=")
        #expect(records[7]["opcode"] == "pong")
        #expect(records[8]["opcode"] == "close")
        #expect(records[8]["dir"] == "upstream_to_relay")
        #expect(records[8]["code"] == 1000)
        #expect(records[8]["reason"] == "bye")
        #expect(records[8]["bytes"] == 5)
        #expect(records[9]["dir"] == "relay_to_upstream")
        #expect(records[9]["bytes"] == 0)
        // JSON that is not an object: its value, no type.
        #expect(records[10]["data"] == [1, 2])
        #expect(records[10]["type"] == nil)
    }

    @Test func seqRisesByOneFromTheStartRecordAndTimestampsAreMicrosecondUTC() throws {
        let directory = TemporaryDirectory(prefix: "fl-records")
        let (records, file, before, after) = try writeSampleSession(in: directory.path)
        #expect(records.map { $0["seq"]?.intValue ?? -1 } == Array(1...12))
        var previous = ""
        for record in records {
            let ts = try #require(record["ts"]?.stringValue)
            #expect(isRFC3339Microseconds(ts), "\(ts)")
            #expect(ts >= previous)
            previous = ts
        }
        #expect(try #require(records.first?["ts"]?.stringValue) >= UTCTimestamp.rfc3339(microseconds: before))
        #expect(try #require(records.last?["ts"]?.stringValue) <= UTCTimestamp.rfc3339(microseconds: after))
        let name = String(file.split(separator: "/").last!)
        #expect(FrameLogFileName.isLogFileName(name))
        #expect(name.hasSuffix("-\(Self.session).jsonl"))
        #expect(name.prefix(8) == UTCTimestamp.rfc3339(microseconds: before).replacingDashes.prefix(8))
    }

    @Test func manySessionsOnTwoLoopsEachGetTheirOwnOrderedFile() throws {
        let directory = TemporaryDirectory(prefix: "fl-records")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path),
                                        logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops(count: 2)
        let payload = String(repeating: "x", count: 500)
        for loop in 0..<2 {
            loops.run(on: loop) { context in
                let staging = FrameLogStaging.on(context, writer: writer)
                let sessions = (0..<3).map { staging.open(session: sessionID(loop * 10 + $0), start: [:]) }
                // 3 × 400 frames of ~520 bytes: several early hand-overs (256 KiB) within one iteration.
                for index in 0..<1200 {
                    withBytes(#"{"type":"t","n":\#(index),"p":"\#(payload)"}"#) {
                        sessions[index % 3].frame(.upstreamToClient, .text, payload: $0)
                    }
                }
                for session in sessions { session.end([:]) }
            }
        }
        writer.stop()
        #expect(directoryEntries(directory.path).count == 6)
        for seed in [0, 1, 2, 10, 11, 12] {
            let records = try records(inFile: try #require(logFile(of: sessionID(seed), in: directory.path)))
            #expect(records.count == 402)
            #expect(records.map { $0["seq"]?.intValue ?? -1 } == Array(1...402))
            #expect(records.allSatisfy { $0["session"] == .string(sessionID(seed)) })
        }
        #expect(writer.statistics.framesWritten == 6 * 402)
        #expect(writer.statistics.framesDropped == 0)
        #expect(writer.statistics.sessionsOpen == 0)
    }

    @Test func aRawCloseFramePayloadIsLoggedAsItsCodeAndReason() throws {
        var formatter = FrameRecordFormatter(audio: .full)
        var line: [UInt8] = []
        [UInt8]([0x03, 0xE9, UInt8(ascii: "g"), UInt8(ascii: "o")]).withUnsafeBytes {
            formatter.appendFrame(session: Self.session, seq: 4, microseconds: 0, direction: .clientToUpstream,
                                  opcode: .close, payload: $0, original: nil, to: &line)
        }
        let record = try #require(try records(in: line).first)
        #expect(record.keys == ["ts", "session", "seq", "dir", "opcode", "bytes", "code", "reason"])
        #expect(record["code"] == 1001)
        #expect(record["reason"] == "go")
        #expect(record["bytes"] == 4)
        #expect(record["ts"] == "1970-01-01T00:00:00.000000Z")
    }

    @Test func credentialFieldsInSessionRecordsAreRedacted() throws {
        let directory = TemporaryDirectory(prefix: "fl-records")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path),
                                        logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops()
        loops.run { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: Self.session, start: [
                "credential": "api_key", "api-key": "secret-one", "Authorization": "Bearer secret-two",
                "upstream": ["headers": ["x": "secret-three"], "note": "Bearer secret-four"],
            ])
            session.end([:])
        }
        writer.stop()
        let file = try #require(logFile(of: Self.session, in: directory.path))
        let text = String(decoding: readBytes(file), as: UTF8.self)
        #expect(!text.contains("secret-"))
        let start = try #require(try records(inFile: file).first)
        #expect(start["credential"] == "api_key")
        #expect(start["api-key"] == "[redacted]")
        #expect(start["upstream"]?["headers"] == "[redacted]")
    }

    private func isRFC3339Microseconds(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 27 else { return false }
        let pattern = Array("dddd-dd-ddTdd:dd:dd.ddddddZ".utf8)
        return zip(bytes, pattern).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }
}

extension String {
    var replacingDashes: String { String(filter { $0 != "-" }) }
}
