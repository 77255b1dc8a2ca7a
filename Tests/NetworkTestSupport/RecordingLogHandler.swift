// A swift-log handler that keeps records for assertions (what the relay logs on refusals).
import Logging
import TestSupport

public struct LogRecord: Sendable {
    public let level: Logger.Level
    public let message: String
    public let metadata: [String: String]
}

/// The records logged so far, from any thread.
public final class LogRecords: Sendable {
    private let recorder = Recorder<LogRecord>()
    public init() {}
    public func append(_ record: LogRecord) { recorder.append(record) }
    public var all: [LogRecord] { recorder.values }
}

public struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(_ records: LogRecords) { self.records = records }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var flat: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { flat[key] = "\(value)" }
        records.append(LogRecord(level: event.level, message: "\(event.message)", metadata: flat))
    }
}
