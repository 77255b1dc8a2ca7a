// A swift-log handler that keeps records for assertions (what the relay logs on refusals).
import Logging
import TestSupport

struct LogRecord: Sendable {
    let level: Logger.Level
    let message: String
    let metadata: [String: String]
}

/// The records logged so far, from any thread.
final class LogRecords: Sendable {
    private let recorder = Recorder<LogRecord>()
    func append(_ record: LogRecord) { recorder.append(record) }
    var all: [LogRecord] { recorder.values }
}

struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(_ records: LogRecords) { self.records = records }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var flat: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { flat[key] = "\(value)" }
        records.append(LogRecord(level: event.level, message: "\(event.message)", metadata: flat))
    }
}
