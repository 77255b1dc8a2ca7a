// Reads a realtime event's top-level "type" without parsing the frame, for the relay's hot path.

/// Finds the value of the top-level `"type"` member of a JSON object without building any values.
///
/// Realtime events are objects whose `type` usually comes first, and audio events follow it with
/// tens of kilobytes of base64 (`"delta"`, `"audio"`). The peek walks only the top level: it skips
/// other members' values (strings by their closing quote, escapes included; arrays and objects by
/// bracket counting), so a nested `"type"` (`{"item":{"type":"message"},"type":"..."}`) or the text
/// `"type"` inside a string value is never mistaken for it, and it **stops as soon as it has the
/// value**: nothing after it is read.
///
/// The peek does not validate what it skips, so a malformed payload may still yield a type; it
/// never reads outside the buffer, and the type it returns is itself a valid JSON string. When the
/// payload has several top-level `type` members, the peek answers the *first* while
/// `JSONValue.parse(_:limits:)` keeps the *last*; see ``hasDuplicateType(in:)`` for payloads from
/// untrusted senders.
///
/// ```swift
/// if let range = JSONTypePeek.typeRange(in: payload) {
///     isAudioAppend = payload[range].elementsEqual("input_audio_buffer.append".utf8)
/// } else if let type = JSONTypePeek.type(in: payload) {  // escaped type: rare
///     isAudioAppend = type == "input_audio_buffer.append"
/// }
/// ```
public enum JSONTypePeek {
    /// The byte range of the top-level `type` string's contents (quotes excluded), when it is written
    /// without escapes. Nil when the payload is not an object, has no string `type`, or the type
    /// contains a backslash escape; in that last case ``type(in:)`` decodes it. Allocates nothing.
    public static func typeRange(in bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        guard case .plain(let range) = find(in: bytes) else { return nil }
        return range
    }

    /// The decoded top-level `type` string, escapes included. Nil when the payload is not an object,
    /// has no `type` member, its value is not a string, or that string is not valid JSON (bad escape,
    /// control character, invalid UTF-8).
    public static func type(in bytes: UnsafeRawBufferPointer) -> String? {
        let quoteOffset: Int
        switch find(in: bytes) {
        case .plain(let range): quoteOffset = range.lowerBound - 1
        case .escaped(let offset): quoteOffset = offset
        case nil: return nil
        }
        // The strict string parser gives exactly what a full parse would have.
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)  // non-nil: find answered
        var parser = JSONParser(base: base, count: bytes.count, index: quoteOffset)
        return try? parser.parseString()
    }

    /// The decoded top-level `type` of `bytes`; see the `UnsafeRawBufferPointer` overload.
    public static func type(in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { type(in: $0) }
    }

    /// True when the top-level object has more than one member named `type`.
    ///
    /// Unlike the peek this reads the whole top level (skipping nested values and strings a block at a
    /// time). A relay that decides by the peeked type what to inspect or rewrite can use it on
    /// client-sent events: a payload such as `{"type":"input_audio_buffer.append","type":"session.update",…}`
    /// peeks as one type but is read as the other by a last-wins reader upstream.
    public static func hasDuplicateType(in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        var scanner = JSONTypeScanner(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return scanner.countTypeKeys() > 1
    }

    private static func find(in bytes: UnsafeRawBufferPointer) -> JSONTypeScanner.Found? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var scanner = JSONTypeScanner(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return scanner.findType()
    }
}
