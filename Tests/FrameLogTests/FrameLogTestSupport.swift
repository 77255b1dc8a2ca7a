// Helpers for frame log tests: a running loop, writers in temporary dirs, reading files back (gzip too), log capture.
#if canImport(Glibc)
import Glibc
#endif
import CZlib
@testable import FrameLog
import JSON
import Logging
import Posix
import Reactor
import Synchronization
import TestSupport
import Testing

/// One loop thread for a test; stopped and joined when released.
final class TestLoops {
    let group: LoopGroup
    var loop: EventLoop { group.loops[0] }

    init(count: Int = 1) throws {
        group = try LoopGroup(count: count, threadName: "fl-test")
        try group.start { _ in }
    }

    deinit {
        group.stop()
        group.join()
    }

    /// Runs `body` on loop `index`, and returns once it ran *and* the loop went on to its next
    /// iteration, so whatever it staged has been handed to the writer (flushBeforeSleep).
    func run(on index: Int = 0, _ body: @escaping @Sendable (LoopContext) -> Void) {
        let loop = group.loops[index]
        let step = Counter()
        loop.execute { context in
            body(context)
            step.value.store(1, ordering: .releasing)
        }
        precondition(eventually(timeout: 30) { step.value.load(ordering: .acquiring) == 1 }, "loop job did not run")
        loop.execute { _ in step.value.store(2, ordering: .releasing) }
        precondition(eventually(timeout: 30) { step.value.load(ordering: .acquiring) == 2 }, "loop did not iterate")
    }
}

/// An integer shared between the test thread and loop jobs.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// The sessions a test keeps on a loop between jobs, by name (a loop attachment).
final class LoopSessions {
    var byName: [String: FrameLogSession] = [:]

    static func on(_ context: LoopContext) -> LoopSessions {
        if let existing = context.attachment(LoopSessions.self) { return existing }
        let created = LoopSessions()
        context.setAttachment(created, for: LoopSessions.self)
        return created
    }

    subscript(name: String) -> FrameLogSession { byName[name]! }
}

/// Log records captured for assertions (warnings logged once, no secrets).
final class CapturedLogs: Sendable {
    private let records = Recorder<(level: Logger.Level, message: String)>()
    var all: [(level: Logger.Level, message: String)] { records.values }
    func append(_ level: Logger.Level, _ message: String) { records.append((level, message)) }

    var logger: Logger {
        Logger(label: "frame-log-test") { _ in CapturingLogHandler(logs: self) }
    }

    func count(containing text: String) -> Int { all.filter { $0.message.contains(text) }.count }
}

struct CapturingLogHandler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) { logs.append(event.level, "\(event.message)") }
}

/// Files that go to disk but can be made to fail (errno) or block (a closed gate), from the test thread.
/// It notes which thread created each file.
final class ControlledFileSystem: FrameLogFileSystem {
    /// errno for creating files (0: succeed).
    let failCreatesWith = Atomic<Int32>(0)
    /// errno for writes (0: succeed).
    let failWith = Atomic<Int32>(0)
    let gateClosed = Atomic<Bool>(false)
    let blockedWrites = Atomic<Int>(0)
    let failedWrites = Atomic<Int>(0)
    /// The gate holds only writes to paths containing this (nil: all of them).
    let gatedPaths: String?
    /// Each created path and the name of the thread that created it.
    let creations = Recorder<(path: String, thread: String)>()

    init(gatedPaths: String? = nil) { self.gatedPaths = gatedPaths }

    func create(path: String) throws(SystemCallError) -> any FrameLogFile {
        let code = failCreatesWith.load(ordering: .relaxed)
        if code != 0 { throw SystemCallError("open(\(path))", errno: code) }
        creations.append((path, currentThreadName()))
        return ControlledFile(real: try PosixFrameLogFileSystem().create(path: path), control: self,
                              gated: gatedPaths.map { path.contains($0) } ?? true)
    }

    /// The name of the thread that created the file of `session`.
    func creator(of session: String) -> String? {
        creations.values.first { $0.path.contains(session) }?.thread
    }
}

/// The calling thread's name, as `top -H` shows it.
func currentThreadName() -> String {
    String(decoding: readBytes("/proc/thread-self/comm").filter { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
}

final class ControlledFile: FrameLogFile {
    let real: any FrameLogFile
    let control: ControlledFileSystem
    /// Whether the gate holds this file's writes.
    let gated: Bool

    init(real: any FrameLogFile, control: ControlledFileSystem, gated: Bool) {
        self.real = real
        self.control = control
        self.gated = gated
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int {
        if gated, control.gateClosed.load(ordering: .acquiring) {
            control.blockedWrites.add(1, ordering: .relaxed)
            while control.gateClosed.load(ordering: .acquiring) { usleep(1000) }
            control.blockedWrites.subtract(1, ordering: .relaxed)
        }
        let code = control.failWith.load(ordering: .relaxed)
        if code != 0 {
            control.failedWrites.add(1, ordering: .relaxed)
            throw SystemCallError("write", errno: code)
        }
        return try real.write(bytes)
    }

    func close() { real.close() }
}

// MARK: Reading logs back

/// Names in `directory`, sorted, without dot files.
func directoryEntries(_ directory: String) -> [String] {
    guard let stream = opendir(directory) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted()
}

func readBytes(_ path: String) -> [UInt8] {
    (try? BoundedFile.read(path, limit: 256 * 1024 * 1024).get()) ?? []
}

/// Inflates gzip data with zlib; a stream cut after a sync flush (no trailer) gives what it holds.
func gunzip(_ compressed: [UInt8]) -> (bytes: [UInt8], complete: Bool) {
    var stream = z_stream()
    guard CZlib_inflateInit2(&stream, 15 + 16) == Z_OK else { return ([], false) }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    var complete = false
    compressed.withUnsafeBufferPointer { input in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.avail_out))
            }
            output += chunk[0..<produced]
            if status == Z_STREAM_END { complete = true; break }
            if status != Z_OK || (stream.avail_in == 0 && produced == 0) { break }
        }
    }
    return (output, complete)
}

/// The file's records, one parsed JSON object per line (a line that is not JSON fails the test).
func records(inFile path: String) throws -> [JSONObject] {
    var bytes = readBytes(path)
    if path.hasSuffix(".gz") { bytes = gunzip(bytes).bytes }
    return try records(in: bytes)
}

func records(in bytes: [UInt8]) throws -> [JSONObject] {
    var result: [JSONObject] = []
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) where !line.isEmpty {
        guard case .object(let object) = try JSONValue.parse(Array(line)) else {
            throw TestConnection.Failure("a line is not a JSON object")
        }
        result.append(object)
    }
    guard bytes.isEmpty || bytes.last == UInt8(ascii: "\n") else { throw TestConnection.Failure("last line unterminated") }
    return result
}

/// Every seq of a session is either in the file or inside exactly one frames_missing range.
func expectSeqsAccountedFor(_ records: [JSONObject], through last: Int) {
    var seen: [Int] = []
    for record in records {
        if record["event"] == "frames_missing" {
            let from = record["seq_from"]?.intValue ?? 0
            let to = record["seq_to"]?.intValue ?? 0
            #expect(record["count"]?.intValue == to - from + 1)
            seen += Array(from...to)
        } else {
            seen.append(record["seq"]?.intValue ?? 0)
        }
    }
    #expect(seen.sorted() == Array(1...last))
}

/// The only log file of `session` in `directory`.
func logFile(of session: String, in directory: String) -> String? {
    let matches = directoryEntries(directory).filter { $0.contains(session) }
    return matches.count == 1 ? "\(directory)/\(matches[0])" : nil
}

func fileMode(_ path: String) -> UInt32 {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return UInt32(info.st_mode & 0o777)
}

/// Sets a file's modification time to `secondsAgo` before now.
func age(_ path: String, secondsAgo: Double) {
    let when = Double(UTCTimestamp.nowMicroseconds()) / 1e6 - secondsAgo
    var times = [timespec(tv_sec: Int(when), tv_nsec: 0), timespec(tv_sec: Int(when), tv_nsec: 0)]
    _ = utimensat(AT_FDCWD, path, &times, 0)
}

/// Bytes as an UnsafeRawBufferPointer for the duration of `body`.
func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    Array(text.utf8).withUnsafeBytes(body)
}

/// A valid session id built from `seed` (16 of [0-9a-z]).
func sessionID(_ seed: Int) -> String {
    let digits = String(seed, radix: 36)
    return "rs_" + String(repeating: "0", count: 16 - digits.count) + digits
}
