// The seam for running developer tools (az, azd): a protocol, so tests and other hosts can substitute it.

/// What a finished (or killed) child process left behind.
public struct ProcessResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    public var exitCode: Int32
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]
    /// True when the runner killed the process because it outlived its timeout.
    public var timedOut: Bool

    public init(exitCode: Int32, standardOutput: [UInt8], standardError: [UInt8], timedOut: Bool = false) {
        self.exitCode = exitCode
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.timedOut = timedOut
    }
}

/// The process could not be started at all.
public struct ProcessLaunchError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a program with arguments (never through a shell) and collects its output.
public protocol ProcessRunner: Sendable {
    /// Runs `executablePath` with `arguments` and exactly `environment`; kills it (and its process group)
    /// after `timeout` seconds. stdin is `/dev/null`.
    func run(executablePath: String, arguments: [String], environment: [String: String], timeout: Double)
        async throws(ProcessLaunchError) -> ProcessResult
}
