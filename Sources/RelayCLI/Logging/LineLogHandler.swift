// LineLogHandler: the swift-log handler behind both log formats; the format only shapes the line.

import Logging

/// How one log record becomes one line (no newline). Implemented by ``TerminalLineFormat`` and
/// ``JSONLineFormat``.
package protocol LogLineFormat: Sendable {
    /// Digits of the seconds fraction in the timestamp (3 for terminals, 6 for JSON).
    static var fractionDigits: Int { get }
    /// `metadata` is already merged (handler, provider, call site, error) and redacted.
    static func line(label: String, event: LogEvent, metadata: Logger.Metadata, timestamp: String) -> String
}

/// A handler writing one line per record to `output` with a single write, so lines from different
/// threads never interleave. Secret-bearing metadata keys are redacted (see ``LogRedaction``).
package struct LineLogHandler<Format: LogLineFormat>: LogHandler {
    /// The logger's label.
    package let label: String
    /// Where lines go.
    package let output: LogOutput
    /// The minimum level logged; `Logger` filters before calling ``log(event:)``.
    package var logLevel: Logger.Level
    /// Metadata attached to every record of this handler (a value: copies do not share it).
    package var metadata: Logger.Metadata = [:]
    /// Contextual metadata read at each record (e.g. task-local request ids).
    package var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` at `logLevel`, writing to `output` (stderr by default).
    package init(
        label: String,
        logLevel: Logger.Level = .info,
        output: LogOutput = .standardError,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.logLevel = logLevel
        self.output = output
        self.metadataProvider = metadataProvider
    }

    /// One key of ``metadata``.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the record and writes it as one line.
    package func log(event: LogEvent) {
        output.write(line(for: event, timestamp: LogTimestamp.now(fractionDigits: Format.fractionDigits)))
    }

    /// The line (without newline) for an event at a given timestamp.
    package func line(for event: LogEvent, timestamp: String) -> String {
        let effective = LogRecordMetadata.effective(
            base: metadata, provider: metadataProvider, explicit: event.metadata, error: event.error)
        return Format.line(label: label, event: event, metadata: effective, timestamp: timestamp)
    }
}

/// Readable lines for a terminal.
package typealias TerminalLogHandler = LineLogHandler<TerminalLineFormat>
/// JSON lines for containers and log collectors.
package typealias JSONLogHandler = LineLogHandler<JSONLineFormat>
