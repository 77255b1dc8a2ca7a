// A non-validating scanner that walks only the top level of an object, skipping member values.

/// Walks the members of a top-level JSON object without building values, for ``JSONTypePeek``.
///
/// It trusts the input to be JSON and checks only what it needs to stay in step: strings are
/// skipped by finding the closing quote (stepping over every backslash escape), and arrays and
/// objects by counting brackets outside strings. Any surprise (truncation, a missing `:`) ends the
/// walk with nil; nothing is ever read past `end`.
struct JSONTypeScanner {
    /// Where the walk found a top-level `"type"` member whose value is a string.
    enum Found {
        /// Its contents, `"` excluded, contain no escape: the bytes in this range are the type.
        case plain(Range<Int>)
        /// Its contents contain escapes; the value's opening quote is at this offset.
        case escaped(quoteOffset: Int)
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var index = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
    }

    /// Finds the first top-level member named `type` and stops right after its value, without
    /// looking at anything later. Nil when the payload is not an object, has no such member before
    /// the walk loses its footing, or that member's value is not a string.
    mutating func findType() -> Found? {
        guard enterObject() else { return nil }
        while let isType = nextKey() {
            if isType {
                guard index < end, base[index] == JSONByte.quote else { return nil }
                let quoteOffset = index
                guard let hasEscape = skipString() else { return nil }
                return hasEscape ? .escaped(quoteOffset: quoteOffset) : .plain(quoteOffset + 1..<index - 1)
            }
            guard skipValue(), nextMember() else { return nil }
        }
        return nil
    }

    /// Walks every top-level member (to the end of the object or of the readable input) and counts
    /// those named `type`.
    mutating func countTypeKeys() -> Int {
        var count = 0
        guard enterObject() else { return 0 }
        while let isType = nextKey() {
            if isType { count += 1 }
            guard skipValue(), nextMember() else { break }
        }
        return count
    }

    // MARK: Members

    /// Skips leading whitespace and the `{`.
    private mutating func enterObject() -> Bool {
        skipWhitespace()
        guard index < end, base[index] == JSONByte.openBrace else { return false }
        index += 1
        return true
    }

    /// Reads the key of the next member and its `:`, leaving `index` at the value. Returns whether
    /// the key is `type`, or nil at `}` or anything unexpected.
    private mutating func nextKey() -> Bool? {
        skipWhitespace()
        guard index < end, base[index] == JSONByte.quote else { return nil }
        let quoteOffset = index
        guard let hasEscape = skipString() else { return nil }
        let isType = hasEscape ? escapedKeyIsType(quoteOffset: quoteOffset) : plainKeyIsType(quoteOffset: quoteOffset)
        skipWhitespace()
        guard index < end, base[index] == JSONByte.colon else { return nil }
        index += 1
        skipWhitespace()
        return isType
    }

    /// After a value: steps over `,` and returns true when another member follows.
    private mutating func nextMember() -> Bool {
        skipWhitespace()
        guard index < end, base[index] == JSONByte.comma else { return false }
        index += 1
        return true
    }

    /// The key just skipped (its opening quote at `quoteOffset`) is exactly `"type"`.
    private func plainKeyIsType(quoteOffset: Int) -> Bool {
        index - quoteOffset == 6
            && base[quoteOffset + 1] == UInt8(ascii: "t") && base[quoteOffset + 2] == UInt8(ascii: "y")
            && base[quoteOffset + 3] == UInt8(ascii: "p") && base[quoteOffset + 4] == UInt8(ascii: "e")
    }

    /// A key written with escapes, such as `"typ\u0065"`, is decoded with the strict string parser.
    /// Keys longer than `"\u0074\u0079\u0070\u0065"` (26 bytes with quotes) cannot spell `type`.
    private func escapedKeyIsType(quoteOffset: Int) -> Bool {
        guard index - quoteOffset <= 26 else { return false }
        var parser = JSONParser(base: base, count: index, index: quoteOffset)
        return (try? parser.parseString()) == "type"
    }

    // MARK: Skipping values

    /// Steps over the string whose opening quote is at `index`; returns whether it contained a
    /// backslash, or nil when it is not terminated.
    private mutating func skipString() -> Bool? {
        index += 1
        var hasEscape = false
        while index < end {
            // Long plain runs (base64 audio) a block at a time; the word test below finds the stop.
            while end &- index >= JSONBlock.size, !JSONBlock.hasQuoteOrBackslash(base + index) {
                index &+= JSONBlock.size
            }
            let (word, length) = JSONWord.load(base + index, available: end - index)
            let stops = JSONWord.quoteOrBackslash(word)
            if stops == 0 {
                index += length
                continue
            }
            index += stops.trailingZeroBitCount >> 3
            if base[index] == JSONByte.quote {
                index += 1
                return hasEscape
            }
            hasEscape = true
            index += 2  // the escaped byte can never end the string, even if it is a quote
        }
        return nil
    }

    /// Steps over one value of any kind; false when it cannot be skipped.
    private mutating func skipValue() -> Bool {
        guard index < end else { return false }
        switch base[index] {
        case JSONByte.quote:
            return skipString() != nil
        case JSONByte.openBrace, JSONByte.openBracket:
            return skipContainer()
        default:
            // A number or literal: runs to the next delimiter.
            let start = index
            while index < end {
                let byte = base[index]
                if byte == JSONByte.comma || byte == JSONByte.closeBrace || byte == JSONByte.closeBracket
                    || JSONByte.isWhitespace(byte)
                {
                    break
                }
                index += 1
            }
            return index > start
        }
    }

    /// Steps over an array or object by counting brackets outside strings.
    private mutating func skipContainer() -> Bool {
        var depth = 0
        while index < end {
            switch base[index] {
            case JSONByte.quote:
                guard skipString() != nil else { return false }
                continue
            case JSONByte.openBrace, JSONByte.openBracket:
                depth += 1
            case JSONByte.closeBrace, JSONByte.closeBracket:
                depth -= 1
                if depth == 0 {
                    index += 1
                    return true
                }
            default:
                break
            }
            index += 1
        }
        return false
    }

    private mutating func skipWhitespace() {
        while index < end, JSONByte.isWhitespace(base[index]) { index += 1 }
    }
}
