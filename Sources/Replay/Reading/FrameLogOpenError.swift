// Why a log could not be opened, worded so the user knows what to do next.

/// A log that cannot be read at all. (Problems inside a readable log are diagnostics instead.)
public enum FrameLogOpenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing at `path`.
    case notFound(path: String)
    /// `path` is a directory; `logs` are the frame logs in it, newest first.
    case isDirectory(path: String, logs: [String])
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file reads but is not a frame log.
    case notAFrameLog(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "no file at '\(path)'. Frame logs are written under the relay's --log-dir "
                + "(default ./logs) as <UTC start>-<session>.jsonl or .jsonl.gz; pass one of them."
        case .isDirectory(let path, let logs):
            guard let newest = logs.first else {
                return "'\(path)' is a directory with no frame logs (*.jsonl, *.jsonl.gz) in it; pass a log file."
            }
            let more = logs.count > 1 ? " (the newest of \(logs.count) logs there)" : ""
            return "'\(path)' is a directory; pass one log file from it, e.g. '\(newest)'\(more)."
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)."
        case .notAFrameLog(let path, let reason):
            return "'\(path)' does not look like a frame log: \(reason). A frame log is the relay's "
                + "JSON Lines file (.jsonl or .jsonl.gz) whose first line is a session_start record."
        }
    }
}
