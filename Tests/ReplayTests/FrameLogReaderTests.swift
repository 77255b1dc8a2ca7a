// The reader: line numbers of corrupt and truncated lines, gzip (whole, cut off, corrupt, multi-member), open errors.
#if canImport(Glibc)
import Glibc
#endif
import FrameLog
import JSON
@testable import Replay
import Testing
import TestSupport

@Suite("Frame log reader")
struct FrameLogReaderTests {
    /// start, two frames, end: lines 1-4.
    static func smallLog() -> LogFixture {
        var log = LogFixture()
        log.start()
        log.frame(100, .upstreamToClient, ["type": "session.created", "session": ["id": "sess_1"]])
        log.frame(200, .clientToUpstream, ["type": "response.create"])
        log.end(300, ["outcome": "ok"])
        return log
    }

    @Test func readsRecordsWithTheirLineNumbersAndKinds() throws {
        let directory = TemporaryDirectory()
        let path = writeFile(directory, "a.jsonl", Self.smallLog().bytes)
        let (records, reader) = try readAll(path)
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records.map(\.kind) == [.sessionStart, .frame, .frame, .sessionEnd])
        #expect(reader.diagnostics.isEmpty)
        #expect(reader.linesRead == 4)
        #expect(reader.recordsRead == 4)
        #expect(!reader.isCompressed)
    }

    @Test func corruptLinesAreReportedByNumberAndSkipped() throws {
        var log = LogFixture()
        log.start()                                   // 1
        log.frame(10, .clientToUpstream, ["type": "a"])  // 2
        log.raw("{\"ts\":\"2026-11-21T10:00:00Z\",\"dir\":")  // 3: cut JSON
        log.frame(20, .clientToUpstream, ["type": "b"])  // 4
        log.raw("[1,2,3]")                             // 5: not an object
        log.raw("")                                    // 6: blank, skipped silently
        log.raw("   ")                                 // 7: blank
        log.raw("not json at all")                     // 8
        log.frame(30, .clientToUpstream, ["type": "c"])  // 9
        log.end(40)                                    // 10
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "a.jsonl", log.bytes))
        #expect(records.map(\.line) == [1, 2, 4, 9, 10])
        #expect(records.compactMap(\.type) == ["a", "b", "c"])
        #expect(reader.diagnostics.map(\.line) == [3, 5, 8])
        #expect(reader.diagnostics[0].description.hasPrefix("line 3: not valid JSON"))
        #expect(reader.diagnostics[1].description == "line 5: a JSON array, not a record object; skipped")
    }

    @Test func aTruncatedLastLineIsReportedAndTheRestRead() throws {
        var text = Self.smallLog().text
        text += #"{"ts":"2026-11-21T10:00:00.400000Z","session":"rs_0123456789abcdef","seq":5,"dir":"upstream_to_cl"#
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "a.jsonl", Array(text.utf8)))
        #expect(records.count == 4)
        #expect(reader.diagnostics.count == 1)
        #expect(reader.diagnostics.first?.line == 5)
        #expect(reader.diagnostics.first?.message.contains("cut off") == true)
    }

    @Test func aCompleteLastLineWithoutNewlineIsAccepted() throws {
        var text = Self.smallLog().text
        text.removeLast()
        text += "\r\n" + #"{"event":"custom","ts":"2026-11-21T10:00:01Z"}"#
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "a.jsonl", Array(text.utf8)))
        #expect(records.count == 5)
        #expect(records.last?.kind == .otherEvent("custom"))
        #expect(reader.diagnostics.isEmpty)
    }

    @Test func gzipLogsReadLikePlainOnes() throws {
        let log = Self.smallLog()
        let directory = TemporaryDirectory()
        let plain = try readAll(writeFile(directory, "a.jsonl", log.bytes))
        let compressed = try readAll(writeFile(directory, "a.jsonl.gz", gzip(log.bytes)))
        #expect(compressed.reader.isCompressed)
        #expect(compressed.records.map(\.fields) == plain.records.map(\.fields))
        #expect(compressed.reader.diagnostics.isEmpty)
    }

    @Test func aGzipLogWithoutTrailerYieldsItsReadablePrefix() throws {
        var log = Self.smallLog()
        for index in 0..<200 { log.frame(400 + Double(index), .clientToUpstream, ["type": "x", "n": JSONValue(index)]) }
        // Sync-flushed only (no end block, no CRC), then cut in the middle of a line: a crash.
        let flushed = gzip(log.bytes, finish: false)
        let cut = Array(flushed.prefix(flushed.count * 2 / 3))
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "crash.jsonl.gz", cut))
        #expect(records.count > 10)
        #expect(records.map(\.line) == Array(1...records.count))
        let lineProblems = reader.diagnostics.filter { $0.line != nil }
        #expect(lineProblems.count == 1)
        #expect(lineProblems.first?.line == records.count + 1)
        let fileProblems = reader.diagnostics.filter { $0.line == nil }
        #expect(fileProblems.count == 1)
        #expect(fileProblems.first?.message.contains("without its gzip trailer") == true)
    }

    @Test func aSyncFlushedGzipLogEndingOnALineIsReadWhole() throws {
        let log = Self.smallLog()
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "open.jsonl.gz", gzip(log.bytes, finish: false)))
        #expect(records.count == 4)
        #expect(reader.diagnostics.map(\.line) == [nil])
    }

    @Test func concatenatedGzipMembersAreReadInTurn() throws {
        var first = LogFixture()
        first.start()
        first.frame(1, .clientToUpstream, ["type": "a"])
        var second = LogFixture()
        second.frame(2, .clientToUpstream, ["type": "b"])
        second.end(3)
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "m.jsonl.gz", gzip(first.bytes) + gzip(second.bytes)))
        #expect(records.compactMap(\.type) == ["a", "b"])
        #expect(records.count == 4)
        #expect(reader.diagnostics.isEmpty)
    }

    @Test func corruptCompressedDataStopsWithADiagnostic() throws {
        var log = Self.smallLog()
        for index in 0..<2000 { log.frame(400, .clientToUpstream, ["type": "x", "n": JSONValue(index * 7919)]) }
        var compressed = gzip(log.bytes)
        for index in (compressed.count / 2)..<(compressed.count / 2 + 64) { compressed[index] ^= 0xA5 }
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "bad.jsonl.gz", compressed))
        #expect(records.count >= 4)
        #expect(records.count < 2004)
        #expect(reader.diagnostics.contains { $0.line == nil && $0.message.contains("corrupt") }, "\(reader.diagnostics)")
    }

    @Test func linesLongerThanAChunkAndCRLFEndingsAreRead() throws {
        var log = LogFixture()
        log.start()
        let audio = String(repeating: "QUJD", count: 200_000)  // 800 KB, several read chunks
        log.frame(10, .clientToUpstream, ["type": "input_audio_buffer.append", "audio": .string(audio)])
        log.frame(20, .clientToUpstream, ["type": "after"])
        let text = log.lines.joined(separator: "\r\n") + "\r\n"
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "long.jsonl", Array(text.utf8)))
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(records[1].data?["audio"]?.stringValue?.count == 800_000)
        #expect(records[2].type == "after")
        #expect(reader.diagnostics.isEmpty)
    }

    @Test func progressIsReportedEveryIntervalOfLines() throws {
        var log = LogFixture()
        log.start()
        for index in 0..<9 { log.frame(Double(index), .clientToUpstream, ["type": "x"]) }
        let directory = TemporaryDirectory()
        let reader = try FrameLogReader(path: writeFile(directory, "p.jsonl", log.bytes))
        reader.progressInterval = 4
        var seen: [Int] = []
        reader.onProgress = { seen.append($0.lines) }
        #expect(Array(reader).count == 10)
        #expect(seen == [4, 8])
        #expect(reader.progress.fraction == 1)
    }

    // MARK: Opening

    @Test func aMissingFileSaysWhereLogsAre() {
        #expect(throws: FrameLogOpenError.notFound(path: "/nonexistent/x.jsonl")) {
            try FrameLogReader(path: "/nonexistent/x.jsonl")
        }
        let message = "\(FrameLogOpenError.notFound(path: "x.jsonl"))"
        #expect(message.contains("--log-dir"))
    }

    @Test func aDirectorySuggestsItsNewestLog() throws {
        let directory = TemporaryDirectory()
        let older = writeFile(directory, "20261121T100000Z-rs_aaaaaaaaaaaaaaaa.jsonl", Self.smallLog().bytes)
        let newer = writeFile(directory, "20261121T110000Z-rs_bbbbbbbbbbbbbbbb.jsonl.gz", gzip(Self.smallLog().bytes))
        writeFile(directory, "notes.txt", Array("hi".utf8))
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, older, &times, 0)
        do {
            _ = try FrameLogReader(path: directory.path)
            Issue.record("a directory opened")
        } catch {
            #expect(error == .isDirectory(path: directory.path, logs: [newer, older]))
            #expect("\(error)".contains("e.g. '\(newer)' (the newest of 2 logs there)"))
        }
    }

    @Test func filesThatAreNotFrameLogsAreRefused() throws {
        let directory = TemporaryDirectory()
        let empty = writeFile(directory, "empty.jsonl", [])
        let other = writeFile(directory, "bench.jsonl", Array("{\"run\":\"x\",\"rps\":1000}\n".utf8))
        let garbage = writeFile(directory, "garbage.bin", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        for path in [empty, other, garbage] {
            #expect(throws: FrameLogOpenError.self) { try FrameLogReader(path: path) }
        }
        do {
            _ = try FrameLogReader(path: other)
        } catch {
            #expect("\(error)".contains("not a session_start record or a frame"))
        }
    }

    @Test func aLogMissingItsFirstLinesStillOpens() throws {
        var log = LogFixture()
        log.raw("{broken")
        log.frame(10, .clientToUpstream, ["type": "a"])
        let directory = TemporaryDirectory()
        let (records, reader) = try readAll(writeFile(directory, "a.jsonl", log.bytes))
        #expect(records.map(\.line) == [2])
        #expect(reader.diagnostics.map(\.line) == [1])
    }
}
