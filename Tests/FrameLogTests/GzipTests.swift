// --log-gzip: one gzip stream per file, readable whole after stop and as a prefix after a crash.
#if canImport(Glibc)
import Glibc
#endif
@testable import FrameLog
import JSON
import Testing
import TestSupport

@Suite struct GzipTests {
    private static func stageSession(_ loops: TestLoops, _ writer: FrameLogWriter, frames: Int, end: Bool) {
        loops.run { context in
            let staging = FrameLogStaging.on(context, writer: writer)
            let session = LoopSessions.on(context).byName["s"] ?? staging.open(session: sessionID(7), start: ["client": "c"])
            LoopSessions.on(context).byName["s"] = session
            for index in 0..<frames {
                withBytes(#"{"type":"response.output_text.delta","delta":"word \#(index) "}"#) {
                    session.frame(.upstreamToClient, .text, payload: $0)
                }
            }
            if end { session.end(["outcome": "completed"]) }
        }
    }

    /// A whole gzip session of 500 frames, written and stopped: the file, its bytes, and the writer.
    private func writtenSession(audio: AudioLogging) throws -> (file: String, compressed: [UInt8], writer: FrameLogWriter, directory: TemporaryDirectory) {
        let directory = TemporaryDirectory(prefix: "fl-gzip")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, gzip: true, audio: audio),
                                        logger: CapturedLogs().logger)
        writer.start()
        let loops = try TestLoops()
        Self.stageSession(loops, writer, frames: 500, end: true)
        writer.stop()
        let file = try #require(logFile(of: sessionID(7), in: directory.path))
        return (file, readBytes(file), writer, directory)
    }

    @Test func gzipFileIsCompleteAfterStop() throws {
        let (file, compressed, writer, directory) = try writtenSession(audio: .full)
        defer { withExtendedLifetime(directory) {} }  // the file is read again below
        #expect(file.hasSuffix(".jsonl.gz"))
        let (plain, complete) = gunzip(compressed)
        #expect(complete)
        let records = try records(in: plain)
        #expect(records.count == 502)
        #expect(records.last?["event"] == "session_end")
        // Full audio: Huffman coding alone (GzipDeflater.settings), so repeats are not matched.
        #expect(compressed.count < plain.count * 7 / 10)
        #expect(writer.statistics.bytesWritten == compressed.count)
        #expect(system("gzip -t '\(file)' 2>/dev/null") == 0)
    }

    /// Without audio the JSON text repeats, and string matching is on: much smaller files.
    @Test func withoutAudioRepeatsAreMatched() throws {
        let (_, compressed, _, _) = try writtenSession(audio: .omit)
        let (plain, complete) = gunzip(compressed)
        #expect(complete)
        #expect(compressed.count < plain.count / 3)
    }

    /// A killed process never writes the trailer: everything flushed so far must still decompress.
    @Test func aFileWithoutItsTrailerIsAReadablePrefix() throws {
        let directory = TemporaryDirectory(prefix: "fl-gzip")
        let writer = try FrameLogWriter(configuration: FrameLogConfiguration(directory: directory.path, gzip: true,
                                                                             flushInterval: 60),
                                        logger: CapturedLogs().logger)
        writer.start()
        defer { writer.stop() }
        let loops = try TestLoops()
        Self.stageSession(loops, writer, frames: 200, end: false)
        writer.flushForTesting()
        Self.stageSession(loops, writer, frames: 100, end: false)
        writer.flushForTesting()
        // Read as a crash would leave it: the writer is still running, nothing ends the stream.
        let file = try #require(logFile(of: sessionID(7), in: directory.path))
        let (plain, complete) = gunzip(readBytes(file))
        #expect(!complete)
        let records = try records(in: plain)
        #expect(records.count == 301)
        #expect(records.map { $0["seq"]?.intValue ?? -1 } == Array(1...301))
        // gzip(1) too: it complains about the missing end but prints everything before it.
        let copy = "\(directory.path)/copy.txt"
        _ = system("gzip -dc < '\(file)' > '\(copy)' 2>/dev/null")
        #expect(try FrameLogTests.records(in: readBytes(copy)).count == 301)
    }
}
