// When the log cannot keep up or the disk fails: the loop never waits, losses are counted, logged once, marked in the file.
#if canImport(Glibc)
import Glibc
#endif
@testable import FrameLog
import JSON
import Posix
import Testing
import TestSupport

@Suite struct LossTests {
    @Test func aBlockedDiskNeverStallsTheLoopAndTheGapIsMarked() throws {
        let directory = TemporaryDirectory(prefix: "fl-loss")
        let files = ControlledFileSystem()
        let logs = CapturedLogs()
        let writer = try FrameLogWriter(
            configuration: FrameLogConfiguration(directory: directory.path, flushInterval: 0.05, maxQueuedBytes: 256 * 1024),
            logger: logs.logger, files: files)
        writer.start()
        let loops = try TestLoops()
        files.gateClosed.store(true, ordering: .releasing)
        loops.run { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: sessionID(3), start: [:])
            LoopSessions.on(context).byName["s"] = session
            withBytes(#"{"type":"first"}"#) { session.frame(.clientToUpstream, .text, payload: $0) }
        }
        // The writer is now stuck inside write(2), as on a hung disk.
        #expect(eventually(timeout: 10) { files.blockedWrites.load(ordering: .relaxed) == 1 })

        let payload = String(repeating: "a", count: 1000)
        let slowest = Counter()
        let finished = Counter()
        for _ in 0..<50 {
            loops.loop.execute { context in
                let started = MonotonicClock.now()
                let session = LoopSessions.on(context)["s"]
                for _ in 0..<100 {
                    withBytes(#"{"type":"x","p":"\#(payload)"}"#) { session.frame(.upstreamToClient, .text, payload: $0) }
                }
                let took = Int(MonotonicClock.now() - started)
                if took > slowest.value.load(ordering: .relaxed) { slowest.value.store(took, ordering: .relaxed) }
                finished.value.add(1, ordering: .relaxed)
            }
        }
        // All 50 iterations (5000 frames, ~5 MB) complete while the disk is still blocked.
        #expect(eventually(timeout: 20) { finished.value.load(ordering: .relaxed) == 50 })
        #expect(files.blockedWrites.load(ordering: .relaxed) == 1)
        #expect(slowest.value.load(ordering: .relaxed) < 500_000_000)
        #expect(eventually(timeout: 5) { writer.statistics.framesDropped > 4000 })
        #expect(logs.count(containing: "queue full") == 1)

        files.gateClosed.store(false, ordering: .releasing)
        writer.flushForTesting()  // the queue drains: the losses and the end record fit again
        loops.run { context in LoopSessions.on(context)["s"].end(["outcome": "completed"]) }
        writer.stop()

        let total = 1 + 1 + 5000 + 1
        let statistics = writer.statistics
        #expect(statistics.framesWritten + statistics.framesDropped == total)
        #expect(logs.count(containing: "queue full") == 1)
        let records = try records(inFile: try #require(logFile(of: sessionID(3), in: directory.path)))
        let marks = records.filter { $0["event"] == "frames_missing" }
        #expect(!marks.isEmpty)
        #expect(marks.allSatisfy { $0["reason"] == "log queue full" })
        #expect(marks.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) } == statistics.framesDropped)
        #expect(records.first?["event"] == "session_start")
        #expect(records.last?["event"] == "session_end")
        expectSeqsAccountedFor(records, through: total)
    }

    @Test func aFullDiskDropsRecordsUntilItRecoversThenMarksTheGap() throws {
        let directory = TemporaryDirectory(prefix: "fl-loss")
        let files = ControlledFileSystem()
        let logs = CapturedLogs()
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, flushInterval: 60),
                                        logger: logs.logger, files: files)
        writer.start()
        let loops = try TestLoops()
        func stage(_ count: Int, end: Bool = false) {
            loops.run { context in
                let sessions = LoopSessions.on(context)
                let session = sessions.byName["s"] ?? FrameLogStaging.on(context, writer: writer).open(session: sessionID(4), start: [:])
                sessions.byName["s"] = session
                for _ in 0..<count { withBytes(#"{"type":"x"}"#) { session.frame(.upstreamToClient, .text, payload: $0) } }
                if end { session.end([:]) }
            }
            writer.flushForTesting()
        }
        files.failWith.store(ENOSPC, ordering: .relaxed)
        stage(3)  // seq 1–4: the write fails; those bytes are kept for the retry
        #expect(writer.statistics.writeErrors >= 1)
        #expect(writer.statistics.framesWritten == 0)
        stage(2)  // seq 5–6: dropped while the file fails
        #expect(writer.statistics.framesDropped == 2)
        files.failWith.store(0, ordering: .relaxed)
        stage(1)  // seq 7 arrives before the retry: dropped too; then the retry succeeds
        stage(1, end: true)  // seq 8, session_end 9

        writer.stop()
        let records = try records(inFile: try #require(logFile(of: sessionID(4), in: directory.path)))
        #expect(records.map { $0["seq"]?.intValue ?? -1 } == [1, 2, 3, 4, -1, 8, 9])
        let mark = records[4]
        #expect(mark["event"] == "frames_missing")
        #expect(mark.keys == ["event", "ts", "session", "seq_from", "seq_to", "count", "reason"])
        #expect(mark["seq_from"] == 5)
        #expect(mark["seq_to"] == 7)
        #expect(mark["count"] == 3)
        #expect(mark["reason"] == .string("write failed: \(SystemCallError.message(for: ENOSPC))"))
        #expect(writer.statistics.framesWritten == 6)
        #expect(writer.statistics.framesDropped == 3)
        #expect(logs.count(containing: "cannot write a frame log file") == 1)
        expectSeqsAccountedFor(records, through: 9)
    }

    @Test func aFileThatCannotBeCreatedIsCreatedLaterWithTheGapFirst() throws {
        let directory = TemporaryDirectory(prefix: "fl-loss")
        let files = ControlledFileSystem()
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, flushInterval: 60),
                                        logger: CapturedLogs().logger, files: files)
        writer.start()
        let loops = try TestLoops()
        files.failCreatesWith.store(EMFILE, ordering: .relaxed)
        loops.run { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: sessionID(5), start: [:])
            LoopSessions.on(context).byName["s"] = session
            withBytes("[]") { session.frame(.upstreamToClient, .text, payload: $0) }
        }
        writer.flushForTesting()
        #expect(directoryEntries(directory.path).isEmpty)
        files.failCreatesWith.store(0, ordering: .relaxed)
        writer.flushForTesting()  // the retry creates the file
        loops.run { context in LoopSessions.on(context)["s"].end([:]) }
        writer.stop()
        let records = try records(inFile: try #require(logFile(of: sessionID(5), in: directory.path)))
        #expect(records.count == 2)
        #expect(records[0]["event"] == "frames_missing")
        #expect(records[0]["seq_from"] == 1)
        #expect(records[0]["seq_to"] == 2)
        #expect(records[1]["event"] == "session_end")
        #expect(records[1]["seq"] == 3)
    }
}
