// Frame log file names, `<yyyyMMdd'T'HHmmss'Z'>-rs_<16 of [0-9a-z]>.jsonl[.gz]`, read into their parts.

/// A file name the frame log writer produces. Anything else (other files, `..`, `/`, percent
/// escapes) fails to parse, so a name that parses is safe to append to the log dir's path.
import FrameLog

struct LogFileName: Equatable, Comparable {
    let name: String
    /// The `rs_…` session id.
    let session: String
    let gzip: Bool
    /// The start time as RFC 3339 UTC (`2026-11-21T15:23:34Z`).
    let started: String

    init?(_ name: String) {
        // The writer's own rule (FrameLog): a name that passes it cannot traverse or escape the dir.
        guard FrameLogFileName.isLogFileName(name) else { return nil }
        let bytes = Array(name.utf8)
        self.name = name
        gzip = name.hasSuffix(".gz")
        session = String(decoding: bytes[17..<36], as: UTF8.self)  // after `yyyyMMddTHHmmssZ-`
        let stamp = bytes[0..<16].map { Character(UnicodeScalar($0)) }
        let date = "\(String(stamp[0..<4]))-\(String(stamp[4..<6]))-\(String(stamp[6..<8]))"
        let time = "\(String(stamp[9..<11])):\(String(stamp[11..<13])):\(String(stamp[13..<15]))"
        started = "\(date)T\(time)Z"
    }

    /// Names sort by start time, then session id: newest first is the reverse.
    static func < (lhs: LogFileName, rhs: LogFileName) -> Bool { lhs.name < rhs.name }

}
