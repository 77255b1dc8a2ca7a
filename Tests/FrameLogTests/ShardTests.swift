// Several writer threads: each loop's sessions go to its own thread, a stuck thread loses only its loops' records,
// counters add up, retention runs on one thread and spares every thread's open files.
#if canImport(Glibc)
import Glibc
#endif
@testable import FrameLog
import JSON
import Reactor
import Testing
import TestSupport

@Suite struct ShardTests {
    /// Stages `frames` text frames for each of `sessions` on loop `loop`, a few per loop iteration, then ends them.
    private func logSessions(_ sessions: [String], on loop: Int, frames: Int, loops: TestLoops, writer: FrameLogWriter) {
        loops.run(on: loop) { context in
            for id in sessions {
                LoopSessions.on(context).byName[id] = FrameLogStaging.on(context, writer: writer).open(session: id, start: [:])
            }
        }
        for round in 0..<(frames / 50) {
            loops.run(on: loop) { context in
                for id in sessions {
                    for index in 0..<50 {
                        withBytes(#"{"type":"x","n":\#(round * 50 + index)}"#) {
                            LoopSessions.on(context)[id].frame(.upstreamToClient, .text, payload: $0)
                        }
                    }
                }
            }
        }
        loops.run(on: loop) { context in
            for id in sessions { LoopSessions.on(context)[id].end(["outcome": "completed"]) }
        }
    }

    @Test func eachLoopsSessionsAreWrittenCompletelyByItsOwnWriterThread() throws {
        let directory = TemporaryDirectory(prefix: "fl-shards")
        let files = ControlledFileSystem()
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, writerThreads: 2),
                                        logger: CapturedLogs().logger, files: files)
        #expect(writer.shards.count == 2)
        writer.start()
        let loops = try TestLoops(count: 2)
        let onLoop = [(0..<3).map { sessionID(100 + $0) }, (0..<4).map { sessionID(200 + $0) }]
        for loop in 0..<2 { logSessions(onLoop[loop], on: loop, frames: 500, loops: loops, writer: writer) }
        writer.stop()

        for loop in 0..<2 {
            for id in onLoop[loop] {
                let records = try records(inFile: try #require(logFile(of: id, in: directory.path)))
                #expect(records.count == 502, "\(id)")
                #expect(records.map { $0["seq"]?.intValue ?? 0 } == Array(1...502))
                #expect(records.first?["event"] == "session_start")
                #expect(records.last?["event"] == "session_end")
                #expect(files.creator(of: id) == "frame-log-\(loop)", "\(id) was written by its loop's writer thread")
            }
        }
        let shards = writer.shardStatistics
        #expect(shards.map(\.framesWritten) == [3 * 502, 4 * 502])
        #expect(shards.map(\.framesDropped) == [0, 0])
        #expect(shards.map(\.sessionsOpen) == [0, 0])
        let statistics = writer.statistics
        #expect(statistics.framesWritten == 7 * 502)
        #expect(statistics.bytesWritten == shards[0].bytesWritten + shards[1].bytesWritten)
        #expect(statistics.bytesWritten > 0)
    }

    @Test func sessionKeysAreUniqueAcrossWriterThreads() throws {
        let directory = TemporaryDirectory(prefix: "fl-shards")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, writerThreads: 3),
                                        logger: CapturedLogs().logger)
        var keys: Set<UInt64> = []
        for _ in 0..<100 {
            for shard in writer.shards { #expect(keys.insert(shard.nextSessionKey()).inserted) }
        }
        #expect(keys.count == 300)
        #expect(writer.shard(forLoop: 4) === writer.shards[1], "loop i uses shard i mod N")
    }

    @Test func aStuckWriterThreadLosesOnlyItsOwnLoopsRecords() throws {
        let directory = TemporaryDirectory(prefix: "fl-shards")
        let stuck = sessionID(301)
        let healthy = sessionID(302)
        let files = ControlledFileSystem(gatedPaths: stuck)
        let logs = CapturedLogs()
        let writer = try FrameLogWriter(
            configuration: FrameLogConfiguration(directory: directory.path, flushInterval: 0.05,
                                                 maxQueuedBytes: 4 * 1024 * 1024, writerThreads: 2),
            logger: logs.logger, files: files)
        writer.start()
        let loops = try TestLoops(count: 2)
        files.gateClosed.store(true, ordering: .releasing)
        for (loop, id) in [(0, stuck), (1, healthy)] {
            loops.run(on: loop) { context in
                let session = FrameLogStaging.on(context, writer: writer).open(session: id, start: [:])
                LoopSessions.on(context).byName["s"] = session
                withBytes(#"{"type":"first"}"#) { session.frame(.clientToUpstream, .text, payload: $0) }
            }
        }
        // frame-log-0 is now stuck inside write(2) for the first session, as on a hung disk.
        #expect(eventually(timeout: 10) { files.blockedWrites.load(ordering: .relaxed) == 1 })

        let payload = String(repeating: "a", count: 1000)
        let frames: @Sendable (LoopContext) -> Void = { context in
            let session = LoopSessions.on(context)["s"]
            for _ in 0..<100 {
                withBytes(#"{"type":"x","p":"\#(payload)"}"#) { session.frame(.upstreamToClient, .text, payload: $0) }
            }
        }
        // Loop 0 stages 5 MB at once: more than its thread's 2 MiB share of the queue bound.
        let finished = Counter()
        for _ in 0..<50 {
            loops.group.loops[0].execute { context in
                frames(context)
                finished.value.add(1, ordering: .relaxed)
            }
        }
        #expect(eventually(timeout: 20) { finished.value.load(ordering: .relaxed) == 50 })
        #expect(eventually(timeout: 5) { writer.shardStatistics[0].framesDropped > 2500 })
        // Loop 1 stages as much while frame-log-0 is stuck, at a pace its own thread keeps up with.
        for _ in 0..<50 {
            loops.run(on: 1, frames)
            writer.shards[1].queue.flushAndWait()  // frame-log-0 could not answer a flush now
        }
        #expect(files.blockedWrites.load(ordering: .relaxed) == 1, "frame-log-0 is still stuck")
        #expect(writer.shardStatistics[1].framesDropped == 0)
        #expect(logs.count(containing: "queue full") == 1)

        files.gateClosed.store(false, ordering: .releasing)
        writer.flushForTesting()
        for loop in 0..<2 {
            loops.run(on: loop) { context in LoopSessions.on(context)["s"].end(["outcome": "completed"]) }
        }
        writer.stop()

        let total = 1 + 1 + 5000 + 1
        let shards = writer.shardStatistics
        #expect(shards[0].framesWritten + shards[0].framesDropped == total)
        #expect(shards[1].framesWritten == total)
        #expect(shards[1].framesDropped == 0)
        #expect(writer.statistics.framesDropped == shards[0].framesDropped)
        #expect(writer.statistics.framesWritten == shards[0].framesWritten + shards[1].framesWritten)
        #expect(logs.count(containing: "queue full") == 1)

        let stuckRecords = try records(inFile: try #require(logFile(of: stuck, in: directory.path)))
        let marks = stuckRecords.filter { $0["event"] == "frames_missing" }
        #expect(!marks.isEmpty)
        #expect(marks.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) } == shards[0].framesDropped)
        #expect(stuckRecords.last?["event"] == "session_end")
        expectSeqsAccountedFor(stuckRecords, through: total)

        let healthyRecords = try records(inFile: try #require(logFile(of: healthy, in: directory.path)))
        #expect(healthyRecords.allSatisfy { $0["event"] != "frames_missing" })
        #expect(healthyRecords.map { $0["seq"]?.intValue ?? 0 } == Array(1...total))
    }
}
