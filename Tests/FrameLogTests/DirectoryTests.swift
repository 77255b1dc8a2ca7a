// The log dir and files: created 0700 / 0600, an unusable dir refused with advice, session ids that are not ours refused.
#if canImport(Glibc)
import Glibc
#endif
@testable import FrameLog
import Testing
import TestSupport

@Suite struct DirectoryTests {
    @Test func missingDirsAreCreatedPrivateAndFilesAreOwnerOnly() throws {
        let root = TemporaryDirectory(prefix: "fl-dir")
        let path = "\(root.path)/a/b/logs/"
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: path), logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops()
        loops.run { context in
            FrameLogStaging.on(context, writer: writer).open(session: sessionID(1), start: [:]).end([:])
        }
        writer.stop()
        for created in ["a", "a/b", "a/b/logs"] { #expect(fileMode("\(root.path)/\(created)") == 0o700, "\(created)") }
        let file = try #require(logFile(of: sessionID(1), in: "\(root.path)/a/b/logs"))
        #expect(fileMode(file) == 0o600)
        #expect(writer.configuration.directory == "\(root.path)/a/b/logs")
    }

    @Test func anUnusableDirIsRefusedWithWhatToDo() throws {
        let root = TemporaryDirectory(prefix: "fl-dir")
        let blocker = root.write("not-a-dir", "x")
        #expect {
            _ = try FrameLogWriter(configuration: FrameLogConfiguration(directory: "\(blocker)/logs"),
                                   logger: CapturedLogs().logger)
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(blocker)/logs") && text.contains("--log-dir") && text.contains("--no-frame-log")
                && text.contains("Not a directory")
        }
    }

    @Test func sessionIDsThatAreNotTheRelaysAreRefusedAndNeverBecomePaths() throws {
        let directory = TemporaryDirectory(prefix: "fl-dir")
        let logs = CapturedLogs()
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path), logger: logs.logger)
        writer.start()
        let loops = try TestLoops()
        let refused = Counter()
        loops.run { context in
            let staging = FrameLogStaging.on(context, writer: writer)
            for id in ["../../etc/passwd", "rs_ABCDEFGHIJKLMNOP", "rs_0123456789abcde", "rs_0123456789abcdef0",
                       "xx_0123456789abcdef", "rs_0123456789abc/ef", ""] {
                let session = staging.open(session: id, start: [:])
                withBytes("{}") { session.frame(.clientToUpstream, .text, payload: $0) }
                session.end([:])
                if !session.isRecording { refused.value.add(1, ordering: .relaxed) }
            }
            staging.open(session: sessionID(2), start: [:]).end([:])
        }
        writer.stop()
        #expect(refused.value.load(ordering: .relaxed) == 7)
        #expect(writer.statistics.sessionsRefused == 7)
        #expect(directoryEntries(directory.path) == [try #require(logFile(of: sessionID(2), in: directory.path)).split(separator: "/").last.map(String.init)!])
        #expect(logs.count(containing: "not a relay session id") == 1)
        #expect(writer.statistics.framesWritten == 2)
    }

    @Test func fileNamesAndSessionIDs() {
        #expect(FrameLogFileName.isValidSessionID("rs_0123456789abcdef"))
        #expect(!FrameLogFileName.isValidSessionID("rs_0123456789abcdeF"))
        #expect(!FrameLogFileName.isValidSessionID("rs_0123456789abcdé"))
        #expect(FrameLogFileName.name(session: "rs_0123456789abcdef", startMicroseconds: 1_795_274_614_123_456, gzip: false)
                    == "20261121T152334Z-rs_0123456789abcdef.jsonl")
        #expect(FrameLogFileName.name(session: "../x", startMicroseconds: 0, gzip: false) == nil)
        #expect(FrameLogFileName.isLogFileName("20261121T152334Z-rs_0123456789abcdef.jsonl"))
        #expect(FrameLogFileName.isLogFileName("20261121T152334Z-rs_0123456789abcdef.jsonl.gz"))
        #expect(!FrameLogFileName.isLogFileName("20261121T152334Z-rs_0123456789abcdef.json"))
        #expect(!FrameLogFileName.isLogFileName("2026112xT152334Z-rs_0123456789abcdef.jsonl"))
        #expect(!FrameLogFileName.isLogFileName("20261121T152334Z_rs_0123456789abcdef.jsonl"))
        #expect(UTCTimestamp.rfc3339(microseconds: 1_795_274_614_123_456) == "2026-11-21T15:23:34.123456Z")
        #expect(UTCTimestamp.rfc3339(microseconds: 0) == "1970-01-01T00:00:00.000000Z")
    }
}
