// Finds the bytes of one top-level member's value in a JSON object line, exactly as written.

/// Locates a top-level member's value in the text of a JSON object that is already known to be valid
/// (the parser accepted it), so a frame's embedded `data` can be handed back byte for byte: the frame
/// log copies a JSON payload into the line verbatim, whitespace and escapes included.
enum TopLevelMemberScanner {
    /// The byte range of the value of member `key` (written without escapes), or nil.
    static func valueRange(of key: String, in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        let wanted = Array(key.utf8)
        var index = skipSpace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while true {
            index = skipSpace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let keyStart = index + 1
            index = endOfString(bytes, index)
            let keyEnd = index - 1
            index = skipSpace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipSpace(bytes, index + 1)
            let valueStart = index
            index = endOfValue(bytes, index)
            if keyEnd - keyStart == wanted.count,
               UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd]).elementsEqual(wanted) {
                return valueStart..<index
            }
            index = skipSpace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }

    /// From an opening quote to just past its closing quote.
    private static func endOfString(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return index
    }

    /// Just past the value starting at `start`.
    private static func endOfValue(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index = endOfString(bytes, index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return index
        default:
            var index = start
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D]
                .contains(bytes[index]) { index += 1 }
            return index
        }
    }
}
