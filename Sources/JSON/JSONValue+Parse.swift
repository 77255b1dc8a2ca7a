// Entry points that parse one complete JSON text from bytes or a string.

extension JSONValue {
    /// Parses `bytes` as one complete JSON text (RFC 8259), strictly.
    ///
    /// Refused, each with the offset of the offending byte: trailing commas, leading zeros, `NaN` and
    /// `Infinity`, single quotes, comments, a byte order mark, control characters inside strings,
    /// invalid escapes, unpaired surrogates in `\u` escapes, invalid UTF-8 inside strings, and
    /// anything but whitespace after the value. Nesting beyond `limits.maxDepth` and input longer
    /// than `limits.maxBytes` are refused too.
    ///
    /// Duplicate keys are accepted and the **last value wins**, kept at the key's first position,
    /// the behaviour of most JSON readers (and so, most likely, of whatever reads the relay's output).
    ///
    /// The bytes are only borrowed; the returned value owns copies of everything it needs.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default
    ) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes, limits: limits)
    }

    /// Parses `bytes` as one complete JSON text; see the `UnsafeRawBufferPointer` overload.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try JSONParser.parse(raw, limits: limits) }
        }
        return try result.get()
    }

    /// Parses the UTF-8 of `text` as one complete JSON text; offsets in errors count UTF-8 bytes.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try JSONParser.parse(UnsafeRawBufferPointer(utf8), limits: limits) }
        }
        return try result.get()
    }
}
