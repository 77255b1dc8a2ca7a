// Records reach the file within the flush interval without anyone asking, and the writer's counters add up.
@testable import FrameLog
import JSON
import Posix
import Testing
import TestSupport

@Suite struct FlushTests {
    @Test func aFrameIsInItsFileWithinAboutASecondWithoutAFlush() throws {
        let directory = TemporaryDirectory(prefix: "fl-flush")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path),
                                        logger: CapturedLogs().logger)
        writer.start()
        defer { writer.stop() }
        let loops = try TestLoops()
        let started = MonotonicClock.now()
        loops.run { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: sessionID(1), start: [:])
            LoopSessions.on(context).byName["s"] = session
            withBytes(#"{"type":"hello"}"#) { session.frame(.clientToUpstream, .text, payload: $0) }
        }
        let appeared = eventually(timeout: 10) {
            guard let file = logFile(of: sessionID(1), in: directory.path) else { return false }
            return (try? records(inFile: file).count) == 2
        }
        let elapsed = Double(MonotonicClock.now() - started) / 1e9
        #expect(appeared)
        #expect(elapsed < 3, "took \(elapsed) s; the flush interval is 1 s")
        #expect(writer.statistics.framesWritten == 2)
        #expect(writer.statistics.sessionsOpen == 1)
        loops.run { context in LoopSessions.on(context)["s"].end([:]) }
    }

    @Test func stopIsIdempotentAndLaterBatchesAreCountedAsDropped() throws {
        let directory = TemporaryDirectory(prefix: "fl-flush")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path),
                                        logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops()
        loops.run { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: sessionID(2), start: [:])
            LoopSessions.on(context).byName["s"] = session
        }
        writer.stop()
        writer.stop()
        loops.run { context in
            withBytes("{}") { LoopSessions.on(context)["s"].frame(.clientToUpstream, .text, payload: $0) }
        }
        #expect(writer.statistics.framesWritten == 1)
        #expect(writer.statistics.framesDropped == 1)
        #expect(writer.statistics.sessionsOpen == 0)
        // Ended by stop: the file is complete, lines intact.
        #expect(try records(inFile: try #require(logFile(of: sessionID(2), in: directory.path))).count == 1)
    }
}
