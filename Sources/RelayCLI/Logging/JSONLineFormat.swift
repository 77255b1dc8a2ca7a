// JSONLineFormat: one JSON object per log line, for containers and collectors.

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
package enum JSONLineFormat: LogLineFormat {
    package static let fractionDigits = 6
    private static let reservedKeys: Set<String> = ["ts", "level", "logger", "msg"]

    package static func line(label: String, event: LogEvent, metadata effective: Logger.Metadata, timestamp: String) -> String {
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
            JSONLogEncoder.appendString(reservedKeys.contains(key) ? "meta." + key : key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONLogEncoder.appendValue(effective[key]!, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
