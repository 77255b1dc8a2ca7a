// Finds CRLF line ends in raw input, rejecting bare CR, bare LF and control bytes, bounded by a limit.

/// Locates the end of a line that must be terminated by CRLF (RFC 9112 §2.2), scanning at most up
/// to a limit so that an endless line fails once it can no longer fit instead of growing.
///
/// The same pass rejects every control byte other than HTAB, and DEL: no line of a request head,
/// chunk-size line or trailer section may contain them (RFC 9112 §3, §5, §7.1; RFC 9110 §5.5, §5.6.2),
/// so the per-line parsers need not look for them again.
enum LineScanner {
    enum Outcome {
        /// The line's content ends at `cr`; the next line starts at `cr + 2`.
        case found(cr: Int)
        /// No line end yet; resume scanning at this offset when more bytes arrive.
        case needMore(resumeAt: Int)
        /// No CR occurs before `crLimit` and enough bytes arrived to know it never will.
        case overLimit
    }

    /// Scans `p` from `start` for the end of the line, requiring its CR to lie before `crLimit`.
    ///
    /// 400 for: a LF not preceded by CR, a CR not followed by LF (RFC 9112 §2.2: we do not accept bare
    /// LF line ends, and a bare CR is never valid), and any other control byte except HTAB, or DEL.
    @inline(__always)
    static func findLineEnd(
        _ p: UnsafeRawBufferPointer, from start: Int, crLimit: Int
    ) throws(HTTPRequestError) -> Outcome {
        let end = min(p.count, crLimit)
        var i = start
        if let base = p.baseAddress {
            while i < end {
                // Eight bytes at a time: skip words with no byte below 0x20 and no 0x7F (SWAR tests
                // "has a byte less than n" and "has a zero byte"; bytes >= 0x80 never match).
                // The lowest flagged byte is always a real match (borrows only flag bytes above one), so
                // jump straight to it.
                if end &- i >= 8 {
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    let control = (word &- 0x2020_2020_2020_2020) & ~word
                    let del = word ^ 0x7F7F_7F7F_7F7F_7F7F
                    let isDel = (del &- 0x0101_0101_0101_0101) & ~del
                    let flags = (control | isDel) & 0x8080_8080_8080_8080
                    if flags == 0 {
                        i &+= 8
                        continue
                    }
                    i &+= flags.trailingZeroBitCount &>> 3
                }
                let b = p[i]
                if b >= 0x20 && b != 0x7F || b == ASCII.htab {
                    i &+= 1
                    continue
                }
                if b == ASCII.cr {
                    if i &+ 1 >= p.count { return .needMore(resumeAt: i) }
                    if p[i &+ 1] != ASCII.lf { throw .badRequest("bare CR: lines must end with CRLF") }
                    return .found(cr: i)
                }
                if b == ASCII.lf { throw .badRequest("bare LF: lines must end with CRLF") }
                throw .badRequest("control character in a request line, field line or chunk line")
            }
        }
        return p.count >= crLimit ? .overLimit : .needMore(resumeAt: i)
    }
}
