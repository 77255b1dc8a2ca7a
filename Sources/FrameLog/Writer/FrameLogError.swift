// Why the frame log cannot start, worded so the operator knows what to change.

/// The log dir cannot be created or written.
public struct FrameLogError: Error, Sendable, CustomStringConvertible {
    public let directory: String
    public let reason: String

    public init(directory: String, reason: String) {
        self.directory = directory
        self.reason = reason
    }

    public var description: String {
        "cannot write frame logs to '\(directory)': \(reason); pass --log-dir DIR with a directory this user can "
            + "write, or --no-frame-log to run without frame logs"
    }
}
