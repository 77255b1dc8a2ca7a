// bootstrapLogging: installs the process-wide swift-log backend (text or JSON lines on stderr) once.

import Logging
import Synchronization

/// Set by the first ``bootstrapLogging(format:level:output:metadataProvider:)``.
private let loggingBootstrapped = Atomic<Bool>(false)

/// Installs ``TerminalLogHandler`` (`.text`) or ``JSONLogHandler`` (`.json`) as the backend of
/// every `Logger`, at `level`, by calling `LoggingSystem.bootstrap` exactly once per process.
///
/// Call it at start-up before creating loggers. A later call does nothing and returns `false`
/// (swift-log itself traps on a second bootstrap).
@discardableResult
package func bootstrapLogging(
    format: LogFormat,
    level: Logger.Level,
    output: LogOutput = .standardError,
    metadataProvider: Logger.MetadataProvider? = nil
) -> Bool {
    guard loggingBootstrapped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    else { return false }
    LoggingSystem.bootstrap(logHandlerFactory(format: format, level: level, output: output),
                            metadataProvider: metadataProvider)
    return true
}

/// The handler factory that ``bootstrapLogging(format:level:output:metadataProvider:)`` installs;
/// usable directly as `Logger(label:factory:)`-style input without touching global state (tests).
package func logHandlerFactory(
    format: LogFormat,
    level: Logger.Level,
    output: LogOutput = .standardError
) -> @Sendable (String, Logger.MetadataProvider?) -> any LogHandler {
    { label, provider in
        switch format {
        case .text:
            TerminalLogHandler(label: label, logLevel: level, output: output, metadataProvider: provider)
        case .json:
            JSONLogHandler(label: label, logLevel: level, output: output, metadataProvider: provider)
        }
    }
}
