// Iterates the comma-separated elements of a field value (RFC 9110 §5.6.1) without allocating.

/// The elements of a `#rule` list in `p[range]`, split at commas with OWS trimmed (RFC 9110 §5.6.1).
///
/// Empty elements are produced too (as empty ranges); callers that must ignore them (RFC 9110 §5.6.1.2)
/// skip them, callers that must reject them can. Quoted strings are not special-cased: none of the
/// fields read through this (Connection, Content-Length, Transfer-Encoding, Upgrade) needs them.
struct ListElements: Sequence, IteratorProtocol {
    private let p: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int
    private var finished = false

    init(_ p: UnsafeRawBufferPointer, _ range: Range<Int>) {
        self.p = p
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    mutating func next() -> Range<Int>? {
        if finished { return nil }
        var start = position
        var stop = start
        while stop < end && p[stop] != ASCII.comma { stop &+= 1 }
        if stop == end { finished = true } else { position = stop &+ 1 }
        var last = stop
        while start < last && ASCII.isWhitespace(p[start]) { start &+= 1 }
        while last > start && ASCII.isWhitespace(p[last &- 1]) { last &-= 1 }
        return start..<last
    }
}
