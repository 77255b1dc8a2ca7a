// `serve`'s frame log options: where, compressed or not, how much audio, how long kept.
import ArgumentParser
import FrameLog
import LogViewer
import Logging

struct FrameLogOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Directory of the frame logs: one JSON Lines file per session (docs/frame-log.md). [default: $RELAY_LOG_DIR, else ./logs]",
                               valueName: "dir"))
    var logDir: String?

    @Flag(help: "Do not log frames (the server log still has one line per session start and end).")
    var noFrameLog = false

    @Flag(help: "Compress frame logs with gzip (.jsonl.gz), flushed every second so a crash leaves a readable file.")
    var logGzip = false

    @Option(help: ArgumentHelp("Audio in frame logs: full (replay needs it), truncate (a short prefix and the size), omit (the size only).",
                               valueName: "full|truncate|omit"))
    var logAudio = "full"

    @Option(help: ArgumentHelp("Delete frame logs older than this: seconds, or with a unit (90m, 12h, 30d). [default: keep]",
                               valueName: "age"))
    var logMaxAge: String?

    @Option(help: ArgumentHelp("Keep the frame log directory under this size, deleting the oldest logs first: bytes, or with a unit (500M, 10G). [default: no cap]",
                               valueName: "size"))
    var logMaxBytes: String?

    @Option(help: ArgumentHelp("Frame log writer threads (JSON, base64, gzip, writes): at most one per loop; loop i uses writer i mod N. [default: $RELAY_LOG_WRITERS, else one per loop (--threads)]",
                               valueName: "N"))
    var logWriters: Int?

    @Option(help: ArgumentHelp("Turn on the log viewer (/logs): a file of its access tokens, one per line (16+ characters; e.g. openssl rand -hex 32). Logs hold people's voices: off without this. [default: $RELAY_LOG_VIEWER_TOKENS_FILE]",
                               valueName: "tokens-file"))
    var logViewer: String?

    /// The log viewer's HTTP service over `directory`, or nil when `--log-viewer` is not given.
    func makeLogViewer(directory: String) throws -> LogViewerService? {
        guard let path = logViewer ?? environment("RELAY_LOG_VIEWER_TOKENS_FILE") else { return nil }
        do {
            return try LogViewerService(directory: directory, tokens: try LogViewerTokenFile.read(path))
        } catch {
            throw StartupError(description: "--log-viewer: \(error)")
        }
    }

    /// The configured writer (not started) for `loops` event loops, or nil with `--no-frame-log`.
    func makeWriter(loops: Int, logger: Logger) throws -> FrameLogWriter? {
        guard !noFrameLog else { return nil }
        guard let audio = AudioLogging(rawValue: logAudio.lowercased()) else {
            throw ValidationError("--log-audio '\(logAudio)' is unknown; use full, truncate or omit")
        }
        var configuration = FrameLogConfiguration(directory: logDir ?? environment("RELAY_LOG_DIR") ?? "./logs")
        configuration.gzip = logGzip
        configuration.audio = audio
        configuration.writerThreads = min(try writerThreads() ?? loops, loops)
        if let logMaxAge {
            guard let seconds = Quantity.seconds(logMaxAge), seconds > 0 else {
                throw ValidationError("--log-max-age '\(logMaxAge)' is not a duration; use seconds or a unit, e.g. 3600, 90m, 12h, 30d")
            }
            configuration.maxAgeSeconds = seconds
        }
        if let logMaxBytes {
            guard let bytes = Quantity.bytes(logMaxBytes), bytes > 0 else {
                throw ValidationError("--log-max-bytes '\(logMaxBytes)' is not a size; use bytes or a unit, e.g. 500M, 10G")
            }
            configuration.maxBytes = bytes
        }
        do {
            return try FrameLogWriter(configuration: configuration, logger: logger)
        } catch {
            throw StartupError(description: "\(error)")
        }
    }
}

extension FrameLogOptions {
    /// `--log-writers`, else `RELAY_LOG_WRITERS`, else nil (one per loop).
    private func writerThreads() throws -> Int? {
        if let logWriters {
            guard logWriters >= 1 else { throw ValidationError("--log-writers must be at least 1") }
            return logWriters
        }
        guard let text = environment("RELAY_LOG_WRITERS") else { return nil }
        guard let count = Int(text), count >= 1 else {
            throw ValidationError("RELAY_LOG_WRITERS '\(text)' is not a number of at least 1")
        }
        return count
    }
}

/// Durations and sizes as operators write them.
enum Quantity {
    /// `3600`, `3600s`, `90m`, `12h`, `30d`, `2w` -> seconds.
    static func seconds(_ text: String) -> Double? {
        scaled(text, units: ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]).map(Double.init)
    }

    /// `1048576`, `500K`, `500M`, `10G`, `1T` (powers of 1024; `KB`/`KiB` spellings too) -> bytes.
    static func bytes(_ text: String) -> Int64? {
        var units: [String: Int64] = [:]
        for (index, letter) in ["k", "m", "g", "t"].enumerated() {
            let factor = Int64(1) << (10 * (index + 1))
            for spelling in [letter, letter + "b", letter + "ib"] { units[spelling] = factor }
        }
        units["b"] = 1
        return scaled(text, units: units)
    }

    private static func scaled(_ text: String, units: [String: Int64]) -> Int64? {
        let lowered = text.lowercased().filter { $0 != " " }
        let digits = lowered.prefix { $0.isNumber }
        let unit = String(lowered.dropFirst(digits.count))
        guard let value = Int64(digits), let factor = unit.isEmpty ? 1 : units[unit] else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }
}
