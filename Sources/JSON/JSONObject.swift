// The members of a JSON object, in document order, with keyed access.

/// The members of a JSON object in document order.
///
/// - Reading a key that is absent gives nil.
/// - Assigning to an existing key replaces its value in place, so rewriting one field of an event
///   keeps the field order of everything around it.
/// - Assigning to a new key appends it; assigning nil removes the key (to store JSON `null`, assign
///   `.null`).
/// - Keys are unique. The parser keeps the *last* value of a repeated key, at the position of its
///   first occurrence, exactly as if the members had been assigned in order.
///
/// Small objects (most events) are searched linearly; past 16 members a hash index keeps lookups
/// and parse-time duplicate checks O(1), so a hostile object with a million keys costs linear time,
/// not quadratic.
public struct JSONObject: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    /// One member; stored together so an object is a single allocation.
    struct Member: Hashable, Sendable {
        var key: String
        var value: JSONValue
    }

    private var members: [Member] = []
    /// Position of each key; present only while there are more than `indexThreshold` members.
    private var positions: [String: Int]? = nil

    /// Above this many members lookups go through a dictionary instead of a linear scan.
    static let indexThreshold = 16

    /// An empty object.
    public init() {}

    /// An object with `elements` in order; a repeated key keeps its last value at its first position.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    /// The value for `key`, or nil. Setting nil removes the key; setting a value replaces it in place
    /// or appends it when new.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let newValue {
                set(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// The values in document order, matching ``keys``.
    public var values: [JSONValue] { members.map(\.value) }

    /// Number of members.
    public var count: Int { members.count }

    /// True when there are no members.
    public var isEmpty: Bool { members.isEmpty }

    /// Removes `key` and returns its value, or returns nil when it was absent. Later members move up
    /// one place; their order is unchanged.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let removed = members.remove(at: position)
        if members.count <= Self.indexThreshold {
            positions = nil
        } else {
            positions![key] = nil
            for index in position..<members.count { positions![members[index].key] = index }
        }
        return removed.value
    }

    /// Replaces the value of `key` in place, or appends the member when `key` is new.
    private mutating func set(_ value: JSONValue, forKey key: String) {
        if let position = position(of: key) {
            members[position].value = value
        } else {
            append(key, value)
        }
    }

    /// Appends a member whose key the caller knows is not present (the parser's fast path).
    mutating func append(_ key: String, _ value: JSONValue) {
        assert(position(of: key) == nil, "duplicate key appended")
        members.append(Member(key: key, value: value))
        if positions != nil {
            positions![key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            var built = [String: Int](minimumCapacity: members.count * 2)
            for (index, member) in members.enumerated() { built[member.key] = index }
            positions = built
        }
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return members.firstIndex { $0.key == key }
    }

    // MARK: Sequence

    /// Iterates members in document order.
    public struct Iterator: IteratorProtocol {
        private var members: IndexingIterator<[Member]>

        init(_ members: [Member]) { self.members = members.makeIterator() }

        public mutating func next() -> Element? {
            members.next().map { ($0.key, $0.value) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(members) }

    public var underestimatedCount: Int { members.count }

    // MARK: Hashable (the index is derived from the members, so it takes no part)

    /// Same keys with equal values in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members == rhs.members
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members)
    }
}
