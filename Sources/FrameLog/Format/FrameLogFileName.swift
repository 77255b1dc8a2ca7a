// Names of frame log files: `<UTC yyyyMMdd'T'HHmmss'Z'>-<session>.jsonl[.gz]`, and the session ids allowed in them.

/// Builds and recognises log file names. A session id becomes part of a path, so only the relay's
/// own shape (`rs_` + 16 of `[0-9a-z]`) is accepted: nothing else can traverse or escape the log dir.
public enum FrameLogFileName {
    static let sessionPrefix = "rs_"
    static let sessionSuffixLength = 16
    /// `20261121T152334Z-` is 17 bytes, `rs_…` 19, then `.jsonl` or `.jsonl.gz`.
    static let stampLength = 16

    /// True for `rs_` followed by exactly 16 characters from `[0-9a-z]`.
    public static func isValidSessionID(_ id: String) -> Bool {
        let utf8 = Array(id.utf8)
        guard utf8.count == sessionPrefix.utf8.count + sessionSuffixLength,
              utf8.starts(with: sessionPrefix.utf8) else { return false }
        return utf8.dropFirst(sessionPrefix.utf8.count).allSatisfy(isSessionCharacter)
    }

    /// The file name for `session` started at `startMicroseconds` (since the Unix epoch, UTC).
    /// Nil for an invalid session id.
    public static func name(session: String, startMicroseconds: Int64, gzip: Bool) -> String? {
        guard isValidSessionID(session) else { return nil }
        let stamp = UTCTimestamp.compactSeconds(microseconds: startMicroseconds)
        return "\(stamp)-\(session).jsonl\(gzip ? ".gz" : "")"
    }

    /// True when `name` is one of ours (either extension): only such files are ever pruned.
    public static func isLogFileName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let plainLength = stampLength + 1 + 19 + ".jsonl".utf8.count
        let suffix: [UInt8]
        switch bytes.count {
        case plainLength: suffix = Array(".jsonl".utf8)
        case plainLength + 3: suffix = Array(".jsonl.gz".utf8)
        default: return false
        }
        // yyyyMMddTHHmmssZ
        for index in 0..<stampLength {
            let byte = bytes[index]
            switch index {
            case 8: guard byte == UInt8(ascii: "T") else { return false }
            case 15: guard byte == UInt8(ascii: "Z") else { return false }
            default: guard isDigit(byte) else { return false }
            }
        }
        guard bytes[stampLength] == UInt8(ascii: "-") else { return false }
        let session = String(decoding: bytes[(stampLength + 1)..<(stampLength + 20)], as: UTF8.self)
        return isValidSessionID(session) && bytes[(stampLength + 20)...].elementsEqual(suffix)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isSessionCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }
}
