// The two expiry formats the CLIs print: az's local "2025-01-31 14:05:07.000000" and azd's RFC 3339.
#if canImport(Glibc)
import Glibc
#endif

enum CLITimestamps {
    /// az's `expiresOn`: naive local time (`datetime.fromtimestamp(exp).strftime("%Y-%m-%d %H:%M:%S.%f")`);
    /// interpreted in the process's time zone, as Azure Identity does. Only used when `expires_on` is
    /// missing (Azure CLI before 2.54.0).
    static func localTime(_ text: String) -> Int64? {
        guard var fields = dateTimeFields(text, separator: " ") else { return nil }
        fields.time.tm_isdst = -1
        let seconds = mktime(&fields.time)
        return seconds == -1 ? nil : Int64(seconds)
    }

    /// azd's `expiresOn`: RFC 3339 (`2025-01-31T14:05:07Z`, fractions and `±hh:mm` offsets allowed).
    static func rfc3339(_ text: String) -> Int64? {
        guard let fields = dateTimeFields(text, separator: "T") else { return nil }
        var time = fields.time
        var offset = 0
        let rest = Array(fields.rest.utf8)
        if rest == Array("Z".utf8) || rest == Array("z".utf8) {
            offset = 0
        } else if rest.count == 6, rest[0] == UInt8(ascii: "+") || rest[0] == UInt8(ascii: "-"),
            rest[3] == UInt8(ascii: ":"),
            let hours = Int(String(decoding: rest[1...2], as: UTF8.self)),
            let minutes = Int(String(decoding: rest[4...5], as: UTF8.self))
        {
            offset = (hours * 3600 + minutes * 60) * (rest[0] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let seconds = timegm(&time)
        return seconds == -1 ? nil : Int64(seconds) - Int64(offset)
    }

    /// `YYYY-MM-DD<sep>hh:mm:ss[.fraction]` and whatever follows (time zone).
    private static func dateTimeFields(_ text: String, separator: Character) -> (time: tm, rest: Substring)? {
        let trimmed = text.trimmingASCIIWhitespace()
        let isSeparator = { (character: Character) in character == separator || (separator == "T" && character == "t") }
        guard let split = trimmed.firstIndex(where: isSeparator) else { return nil }
        let date = trimmed[..<split].split(separator: "-")
        var clock = trimmed[trimmed.index(after: split)...]
        guard date.count == 3, let year = Int32(date[0]), let month = Int32(date[1]), let day = Int32(date[2]),
            clock.count >= 8
        else { return nil }
        let hms = clock.prefix(8).split(separator: ":")
        guard hms.count == 3, let hour = Int32(hms[0]), let minute = Int32(hms[1]), let second = Int32(hms[2]),
            (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        clock = clock.dropFirst(8)
        if clock.first == "." { clock = clock.dropFirst().drop { $0.isNumber } }
        var time = tm()
        time.tm_year = year - 1900
        time.tm_mon = month - 1
        time.tm_mday = day
        time.tm_hour = hour
        time.tm_min = minute
        time.tm_sec = second
        return (time, clock)
    }
}
