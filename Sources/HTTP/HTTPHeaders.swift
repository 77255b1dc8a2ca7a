// The header fields of a request: one copy of the head bytes plus the ranges of each name and value.

/// The field lines of a request head, in the order received (RFC 9110 §5.3).
///
/// The bytes of the header section are stored once; each field is a pair of ranges into them, and
/// Strings are created only when a name or value is read. Name lookups ignore ASCII case
/// (RFC 9110 §5.1). Values exclude leading and trailing whitespace (RFC 9112 §5.1). Value bytes that
/// are not valid UTF-8 (obs-text) are read as U+FFFD.
public struct HTTPHeaders: Sendable, Sequence, Equatable, CustomStringConvertible {
    /// One field: where its name and value lie in `bytes`.
    struct Field: Sendable, Hashable {
        var name: Range<Int>
        var value: Range<Int>
    }

    let bytes: [UInt8]
    let fields: [Field]

    init(bytes: [UInt8], fields: [Field]) {
        self.bytes = bytes
        self.fields = fields
    }

    /// No fields.
    public init() {
        self.init(bytes: [], fields: [])
    }

    /// Fields with these names and values, in order (for building requests in tests and tools; the
    /// parser is the only source of validated headers).
    public init(_ pairs: [(name: String, value: String)]) {
        var bytes: [UInt8] = []
        var fields: [Field] = []
        fields.reserveCapacity(pairs.count)
        for (name, value) in pairs {
            let nameStart = bytes.count
            bytes.append(contentsOf: name.utf8)
            let valueStart = bytes.count
            bytes.append(contentsOf: value.utf8)
            fields.append(Field(name: nameStart..<valueStart, value: valueStart..<bytes.count))
        }
        self.init(bytes: bytes, fields: fields)
    }

    /// The number of field lines (a name sent twice counts twice).
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The value of the first field named `name` (ASCII case-insensitive), or nil.
    public subscript(name: String) -> String? {
        var result: String?
        withMatches(of: name) { storage, field in
            result = String(decoding: UnsafeRawBufferPointer(rebasing: storage[field.value]), as: UTF8.self)
            return false
        }
        return result
    }

    /// The values of every field named `name`, in order; empty when there is none.
    public func values(_ name: String) -> [String] {
        var result: [String] = []
        withMatches(of: name) { storage, field in
            result.append(String(decoding: UnsafeRawBufferPointer(rebasing: storage[field.value]), as: UTF8.self))
            return true
        }
        return result
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        var found = false
        withMatches(of: name) { _, _ in
            found = true
            return false
        }
        return found
    }

    /// Whether `token` is an element of the comma-separated list formed by all fields named `name`
    /// (RFC 9110 §5.3, §5.6.1), ignoring ASCII case and OWS; e.g. `containsToken("close", in: "Connection")`
    /// or `containsToken("websocket", in: "Upgrade")`.
    public func containsToken(_ token: String, in name: String) -> Bool {
        var token = token
        return token.withUTF8 { tokenBytes in
            let wanted = UnsafeRawBufferPointer(tokenBytes)
            guard !wanted.isEmpty else { return false }
            var found = false
            withMatches(of: name) { storage, field in
                for element in ListElements(storage, field.value)
                where ASCII.equalsIgnoringCase(storage, element, wanted, 0..<wanted.count) {
                    found = true
                    return false
                }
                return true
            }
            return found
        }
    }

    /// Calls `body` with the storage and each field named `name` until it returns false.
    private func withMatches(
        of name: String, _ body: (UnsafeRawBufferPointer, Field) -> Bool
    ) {
        var name = name
        name.withUTF8 { nameBytes in
            let wanted = UnsafeRawBufferPointer(nameBytes)
            bytes.withUnsafeBytes { storage in
                for field in fields
                where ASCII.equalsIgnoringCase(storage, field.name, wanted, 0..<wanted.count) {
                    if !body(storage, field) { return }
                }
            }
        }
    }

    private func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Fields compare equal when they have the same names and values, byte for byte, in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.fields.count == rhs.fields.count else { return false }
        for (l, r) in zip(lhs.fields, rhs.fields) {
            if lhs.bytes[l.name] != rhs.bytes[r.name] || lhs.bytes[l.value] != rhs.bytes[r.value] { return false }
        }
        return true
    }

    /// `name: value` lines.
    public var description: String {
        map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// An iterator over the fields in order.
    public func makeIterator() -> Iterator { Iterator(headers: self) }

    /// Iterates the fields in order, as `(name, value)` Strings.
    public struct Iterator: IteratorProtocol {
        private let headers: HTTPHeaders
        private var index = 0

        init(headers: HTTPHeaders) { self.headers = headers }

        /// The next field as `(name, value)`, or nil after the last.
        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.fields.count else { return nil }
            let field = headers.fields[index]
            index &+= 1
            return (headers.string(field.name), headers.string(field.value))
        }
    }

    /// The number of fields.
    public var underestimatedCount: Int { fields.count }
}
