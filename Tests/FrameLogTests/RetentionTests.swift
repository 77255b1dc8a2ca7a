// Retention: by age, then by total size, oldest first; never a file still being written, never a file not ours.
#if canImport(Glibc)
import Glibc
#endif
@testable import FrameLog
import Testing
import TestSupport

@Suite struct RetentionTests {
    private func ourName(_ seed: Int, gzip: Bool = false) -> String {
        "20240101T000000Z-\(sessionID(seed)).jsonl\(gzip ? ".gz" : "")"
    }

    @Test func filesOlderThanTheMaximumAgeArePrunedAtStart() throws {
        let directory = TemporaryDirectory(prefix: "fl-retention")
        let path = directory.path
        let old = directory.write(ourName(1), "{}\n")
        let oldGzip = directory.write(ourName(2, gzip: true), "x")
        let recent = directory.write(ourName(3), "{}\n")
        let foreign = directory.write("notes.txt", "keep me")
        let lookalike = directory.write("\(ourName(4)).bak", "keep me")
        let badSession = directory.write("20240101T000000Z-rs_UPPERCASE000000.jsonl", "keep me")
        for file in [old, oldGzip, foreign, lookalike, badSession] { age(file, secondsAgo: 7200) }
        symlink(old, "\(path)/\(ourName(5))")  // a link with our name is not ours either

        let logs = CapturedLogs()
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: path, maxAgeSeconds: 3600),
                                        logger: logs.logger)
        writer.start()
        #expect(eventually(timeout: 10) { writer.statistics.filesPruned == 2 })
        writer.stop()
        #expect(access(old, F_OK) != 0)
        #expect(access(oldGzip, F_OK) != 0)
        for kept in [recent, foreign, lookalike, badSession] { #expect(access(kept, F_OK) == 0, "\(kept)") }
        #expect(logs.all.contains { $0.level == .info && $0.message.contains("pruned") })
        #expect(writer.statistics.filesPruned == 2)
    }

    /// With two writer threads the open file is the second thread's, while the first one prunes.
    @Test(arguments: [1, 2])
    func theOldestFilesGoUntilTheDirFitsButNeverAnOpenOne(writerThreads: Int) throws {
        let directory = TemporaryDirectory(prefix: "fl-retention")
        let path = directory.path
        let writer = try FrameLogWriter(
            configuration: FrameLogConfiguration(directory: path, maxBytes: 2500, retentionInterval: 0.1,
                                                 writerThreads: writerThreads),
            logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops(count: writerThreads)
        let sessionLoop = writerThreads - 1
        loops.run(on: sessionLoop) { context in
            let session = FrameLogStaging.on(context, writer: writer).open(session: sessionID(9), start: [:])
            LoopSessions.on(context).byName["s"] = session
        }
        writer.flushForTesting()
        let open = try #require(logFile(of: sessionID(9), in: path))
        age(open, secondsAgo: 10_000)  // the oldest of all, but still being written
        let filler = String(repeating: "x", count: 999) + "\n"
        var ours: [String] = []
        for (index, secondsAgo) in [400.0, 300, 200, 100].enumerated() {
            let file = directory.write(ourName(20 + index), filler)
            age(file, secondsAgo: secondsAgo)
            ours.append(file)
        }
        let foreign = directory.write("big-foreign.log", String(repeating: "y", count: 10_000))
        age(foreign, secondsAgo: 50_000)

        // About 4,100 bytes of ours: the two oldest closed files go, which brings it under 2,500.
        #expect(eventually(timeout: 10) { writer.statistics.filesPruned == 2 })
        usleep(300_000)  // further runs must not prune more
        #expect(writer.statistics.filesPruned == 2)
        #expect(access(ours[0], F_OK) != 0)
        #expect(access(ours[1], F_OK) != 0)
        for kept in [open, ours[2], ours[3], foreign] { #expect(access(kept, F_OK) == 0, "\(kept)") }
        #expect(writer.shardStatistics.map(\.filesPruned) == [2] + Array(repeating: 0, count: writerThreads - 1))
        loops.run(on: sessionLoop) { context in LoopSessions.on(context)["s"].end([:]) }
        writer.stop()
    }

    @Test func withSeveralWriterThreadsRetentionRunsOnOneOnly() throws {
        let directory = TemporaryDirectory(prefix: "fl-retention")
        let old = (0..<6).map { directory.write(ourName(40 + $0), "{}\n") }
        for file in old { age(file, secondsAgo: 7200) }
        let logs = CapturedLogs()
        let writer = try FrameLogWriter(
            configuration: FrameLogConfiguration(directory: directory.path, maxAgeSeconds: 3600, retentionInterval: 0.05,
                                                 writerThreads: 4),
            logger: logs.logger)
        writer.start()
        #expect(eventually(timeout: 10) { writer.statistics.filesPruned == 6 })
        usleep(300_000)  // several more runs: none may count a file again
        writer.stop()
        for file in old { #expect(access(file, F_OK) != 0, "\(file)") }
        // Two threads pruning at once would both count the files (a file already gone counts as removed).
        #expect(writer.statistics.filesPruned == 6)
        #expect(writer.shardStatistics.map(\.filesPruned) == [6, 0, 0, 0])
        #expect(logs.count(containing: "pruned old frame logs") == 1)
    }
}
