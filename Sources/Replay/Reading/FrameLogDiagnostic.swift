// A problem found while reading a log: which line, and what was wrong with it. Reading carries on.

/// One corrupt, truncated or unreadable part of a log. The reader skips it and carries on.
public struct FrameLogDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line, when the problem belongs to one; nil for problems of the file as a whole
    /// (a gzip stream cut short, corrupt compressed data).
    public let line: Int?
    public let message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 57: not valid JSON (…)`, or the message alone for whole-file problems.
    public var description: String {
        guard let line else { return message }
        return "line \(line): \(message)"
    }
}

/// How far a read has come, for progress displays.
public struct FrameLogReadProgress: Sendable, Equatable {
    /// Lines read so far.
    public let lines: Int
    /// Bytes of the file read so far (compressed bytes for a gzip log).
    public let fileBytesRead: Int
    /// The file's size on disk.
    public let fileSize: Int

    /// Fraction of the file read, 0...1; nil for an empty file.
    public var fraction: Double? {
        fileSize > 0 ? min(1, Double(fileBytesRead) / Double(fileSize)) : nil
    }
}
