// Streams the records of a frame log (.jsonl or .jsonl.gz) with their line numbers; bad lines become diagnostics.

import JSON
#if canImport(Glibc)
import Glibc
#endif

/// Reads a frame log one record at a time, in constant memory (one chunk and the current line).
///
/// ```swift
/// let reader = try FrameLogReader(path: "logs/s-123.jsonl.gz")
/// for record in reader where record.kind == .frame {
///     if record.direction == .clientToUpstream, let payload = record.payloadBytes() { … }
/// }
/// for problem in reader.diagnostics { print(problem) }   // "line 57: not valid JSON (…)"
/// ```
///
/// The reader is a single pass over the file (iterating it again continues where it stopped).
///
/// A line that is not a JSON object (corrupt, or cut off at the end of the file by a crash) does not
/// stop the read: it is recorded in ``diagnostics`` with its line number and skipped. Blank lines are
/// skipped silently. A gzip log that ends without its trailer yields its readable prefix and one
/// diagnostic.
///
/// Opening fails (``FrameLogOpenError``) only when there is no usable log at all: a missing file, a
/// directory, an unreadable file, or a file whose first records are not frame-log records.
public final class FrameLogReader: Sequence, IteratorProtocol {
    public let path: String
    /// Whether the file is gzip-compressed (decided by its magic bytes).
    public var isCompressed: Bool { source.isCompressed }
    /// Lines read so far (the number of the last line read).
    public private(set) var linesRead = 0
    /// Records returned so far.
    public private(set) var recordsRead = 0
    /// Problems found so far, in file order; at most ``maxDiagnostics`` line problems are kept (and
    /// every whole-file problem).
    public private(set) var diagnostics: [FrameLogDiagnostic] = []
    /// Diagnostics beyond ``maxDiagnostics``, counted but not kept.
    public private(set) var diagnosticsDropped = 0
    /// The read progress so far.
    public var progress: FrameLogReadProgress {
        FrameLogReadProgress(lines: linesRead, fileBytesRead: source.fileOffset, fileSize: source.fileSize)
    }

    /// Called with the progress every ``progressInterval`` lines (for a terminal display).
    public var onProgress: ((FrameLogReadProgress) -> Void)?
    public var progressInterval = 100_000

    /// Whether records keep the exact text of their JSON payloads (see ``init(path:preservesPayloadBytes:)``).
    public let preservesPayloadBytes: Bool

    public static let maxDiagnostics = 1000
    /// Longest line accepted; a longer one is skipped with a diagnostic. Generous: one audio append
    /// may carry 15 MiB of audio, 20 MiB as base64.
    public static let maxLineBytes = 64 * 1024 * 1024
    /// Parser limits for one line: the embedded event plus the record around it.
    static let lineLimits = JSONLimits(maxDepth: 72, maxBytes: maxLineBytes)

    private let source: FrameLogByteSource
    private var buffer: [UInt8] = []
    /// Start of the unread part of `buffer`.
    private var start = 0
    /// Where the newline search resumes (everything between `start` and here has none).
    private var scanned = 0
    private var sourceEnded = false
    /// A problem of the byte stream (gzip cut short, corrupt), reported once the lines before it are read.
    private var streamProblem: String?
    /// Records read while checking the file at open, returned first.
    private var lookahead: [FrameLogRecord] = []

    /// Opens `path` and checks that it is a frame log.
    ///
    /// With `preservesPayloadBytes`, records keep the exact text of JSON payloads (`data`,
    /// `original`), so ``FrameLogRecord/payloadBytes()`` returns them byte for byte as they crossed
    /// the wire (the writer copies JSON payloads verbatim). It costs a scan and a copy per frame that
    /// the summary and audio readers do not need; use it for frames meant to be sent again (`replay
    /// serve`, `replay send`) or shown as sent (HAR).
    ///
    /// The check reads until the first record (at most the first 16 lines): it must be a
    /// `session_start`, a frame or another log event. A log whose first lines are all corrupt is
    /// refused; corrupt lines after a good first record are only diagnostics.
    public init(path: String, preservesPayloadBytes: Bool = false) throws(FrameLogOpenError) {
        self.path = path
        self.preservesPayloadBytes = preservesPayloadBytes
        source = try FrameLogByteSource(path: path)
        if let record = readRecord(notPast: 16) { lookahead.append(record) }
        guard let first = lookahead.first else {
            if linesRead == 0 && diagnostics.isEmpty {
                throw .notAFrameLog(path: path, reason: "it is empty")
            }
            let first = diagnostics.first.map { "\($0)" } ?? "no record in its first lines"
            let reason = first.hasSuffix("; skipped") ? String(first.dropLast("; skipped".count)) : first
            throw .notAFrameLog(path: path, reason: reason)
        }
        if case .unrecognized = first.kind {
            let keys = first.fields.keys.prefix(6).joined(separator: ", ")
            throw .notAFrameLog(path: path, reason: "line \(first.line) is a JSON object with fields \(keys), "
                + "not a session_start record or a frame")
        }
    }

    /// The next record, or nil at the end of the readable data. Corrupt lines are skipped (see
    /// ``diagnostics``).
    public func next() -> FrameLogRecord? {
        if !lookahead.isEmpty { return lookahead.removeFirst() }
        return readRecord()
    }

    /// The next good record; with `lastLine`, nil once that many lines are read without one.
    private func readRecord(notPast lastLine: Int = .max) -> FrameLogRecord? {
        while linesRead < lastLine, let (number, range, terminated) = nextLine() {
            if let record = parse(line: number, range: range, terminated: terminated) {
                recordsRead += 1
                return record
            }
        }
        return nil
    }

    private func parse(line number: Int, range: Range<Int>, terminated: Bool) -> FrameLogRecord? {
        let parsed: Result<JSONValue, JSONParseError>? = buffer.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[range])
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
            return Result { () throws(JSONParseError) in try JSONValue.parse(bytes, limits: Self.lineLimits) }
        }
        switch parsed {
        case nil:
            return nil  // blank line
        case .success(.object(let fields)):
            guard preservesPayloadBytes else { return FrameLogRecord(line: number, fields: fields) }
            return buffer.withUnsafeBytes { raw in
                FrameLogRecord(line: number, fields: fields, lineText: UnsafeRawBufferPointer(rebasing: raw[range]))
            }
        case .success(let other):
            report(line: number, "a JSON \(Self.kind(of: other)), not a record object; skipped")
        case .failure(let error):
            if terminated {
                report(line: number, "not valid JSON (\(error)); skipped")
            } else {
                report(line: number, "the last line is cut off (the relay probably stopped while writing it); skipped")
            }
        }
        return nil
    }

    /// The next line's number and byte range in `buffer` (without the newline or a trailing CR), and
    /// whether it ended with a newline (false only for a last line cut off by the end of the file).
    private func nextLine() -> (Int, Range<Int>, Bool)? {
        while true {
            let newline: Int? = buffer.withUnsafeBytes { raw in
                guard scanned < raw.count,
                      let found = memchr(raw.baseAddress! + scanned, 0x0A, raw.count - scanned) else { return nil }
                return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
            }
            if let newline {
                let range = start..<(newline > start && buffer[newline - 1] == 0x0D ? newline - 1 : newline)
                start = newline + 1
                scanned = start
                return countLine(range, terminated: true)
            }
            scanned = buffer.count
            if buffer.count - start > Self.maxLineBytes {
                skipOverlongLine()
                continue
            }
            if sourceEnded {
                guard start < buffer.count else {
                    if let problem = streamProblem {
                        streamProblem = nil
                        let after = linesRead > 0 ? " (after line \(linesRead))" : ""
                        record(FrameLogDiagnostic(line: nil, message: problem + after))
                    }
                    return nil
                }
                let range = start..<buffer.count
                start = buffer.count
                scanned = start
                return countLine(range, terminated: false)
            }
            refill()
        }
    }

    private func countLine(_ range: Range<Int>, terminated: Bool) -> (Int, Range<Int>, Bool) {
        linesRead += 1
        if let onProgress, linesRead % progressInterval == 0 { onProgress(progress) }
        return (linesRead, range, terminated)
    }

    /// Drops a line longer than ``maxLineBytes`` up to and including its newline.
    private func skipOverlongLine() {
        linesRead += 1
        report(line: linesRead, "longer than \(Self.maxLineBytes / (1024 * 1024)) MiB; skipped")
        while true {
            buffer.removeAll(keepingCapacity: true)
            start = 0
            scanned = 0
            if sourceEnded { return }
            refill()
            if let newline = buffer.firstIndex(of: 0x0A) {
                start = newline + 1
                scanned = start
                return
            }
        }
    }

    /// Moves the unread bytes to the front and appends the next chunk.
    private func refill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        if !source.refill(&buffer) { sourceEnded = true }
        if let problem = source.takeProblem() { streamProblem = problem }
    }

    private func report(line: Int, _ message: String) {
        record(FrameLogDiagnostic(line: line, message: message))
    }

    /// Keeps a diagnostic; past the cap only whole-file problems are kept (there are few of those).
    private func record(_ diagnostic: FrameLogDiagnostic) {
        if diagnostics.count < Self.maxDiagnostics || diagnostic.line == nil {
            diagnostics.append(diagnostic)
        } else {
            diagnosticsDropped += 1
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

@available(*, unavailable)
extension FrameLogReader: Sendable {}
