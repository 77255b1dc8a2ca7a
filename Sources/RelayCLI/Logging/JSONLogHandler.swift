// JSONLogHandler: a swift-log handler writing one JSON object per line, for containers and collectors.

import Logging

/// Writes each record as one JSON line:
/// `{"ts":"2026-11-21T10:00:00.123456Z","level":"info","logger":"relay","msg":"listening","host":"0.0.0.0"}`.
///
/// `ts` is UTC with microseconds; `level` is swift-log's level name; metadata (handler, provider,
/// call site) is flattened into top-level keys in sorted order, nested dictionaries as objects and
/// arrays as arrays. A metadata key that collides with `ts`, `level`, `logger` or `msg` is written
/// as `meta.<key>`; an attached error adds `error.message` and `error.type`. Source, file, function
/// and line are omitted. Secret-bearing keys are redacted
/// (see ``LogRedaction``).
package struct JSONLogHandler: LogHandler {
    /// The logger's label, written as `logger`.
    package let label: String
    /// Where lines go.
    package let output: LogOutput
    /// The minimum level logged; `Logger` filters before calling ``log(event:)``.
    package var logLevel: Logger.Level
    /// Metadata attached to every record of this handler (a value: copies do not share it).
    package var metadata: Logger.Metadata = [:]
    /// Contextual metadata read at each record (e.g. task-local request ids).
    package var metadataProvider: Logger.MetadataProvider?

    private static let reservedKeys: Set<String> = ["ts", "level", "logger", "msg"]

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
        output.write(line(for: event, timestamp: LogTimestamp.now(fractionDigits: 6)))
    }

    /// The JSON line (without newline) for an event at a given timestamp.
    package func line(for event: LogEvent, timestamp: String) -> String {
        let effective = LogRecordMetadata.effective(
            base: metadata, provider: metadataProvider, explicit: event.metadata, error: event.error)
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(contentsOf: #"{"ts":"#.utf8)
        JSONLogEncoder.appendString(timestamp, to: &out)
        out.append(contentsOf: #","level":"#.utf8)
        JSONLogEncoder.appendString(event.level.rawValue, to: &out)
        out.append(contentsOf: #","logger":"#.utf8)
        JSONLogEncoder.appendString(label, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        JSONLogEncoder.appendString(event.message.description, to: &out)
        for key in LogRecordMetadata.sortedKeys(effective) {
            out.append(UInt8(ascii: ","))
            JSONLogEncoder.appendString(Self.reservedKeys.contains(key) ? "meta." + key : key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONLogEncoder.appendValue(effective[key]!, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
