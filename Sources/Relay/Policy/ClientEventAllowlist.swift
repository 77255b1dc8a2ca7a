// The client event types that may go upstream, checked by peeked type bytes without allocating.

/// A set of client event types, looked up either by string or by the raw bytes of a peeked `type`.
///
/// The default, ``documented``, is every client event Azure documents for its GA and preview
/// protocols (azure-realtime.md §1.4), so an unmodified SDK or the demo page works while anything else
/// (a typo, an event of some other API, a made-up type) is answered by the relay instead of the model.
public struct ClientEventAllowlist: Sendable, Equatable {
    /// The allowed types, sorted, without duplicates.
    public let types: [String]
    /// `types` as UTF-8, sorted by length then bytes, for the allocation-free binary search.
    private let encoded: [[UInt8]]

    /// The allowlist of exactly `types` (duplicates are ignored).
    public init(_ types: some Sequence<String>) {
        let unique = Set(types)
        self.types = unique.sorted()
        encoded = unique.map { Array($0.utf8) }.sorted { Self.compare($0, $1) < 0 }
    }

    /// GA client events (§1.4): `output_audio_buffer.clear` acts only on WebRTC/SIP calls but is harmless here.
    public static let documentedGAEvents = [
        "session.update",
        "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
        "conversation.item.create", "conversation.item.retrieve", "conversation.item.truncate",
        "conversation.item.delete",
        "response.create", "response.cancel",
        "output_audio_buffer.clear",
    ]

    /// Preview client events (§1.4): the GA list without `conversation.item.retrieve` (a GA addition)
    /// and `output_audio_buffer.clear` (WebRTC/SIP), plus `transcription_session.update`.
    public static let documentedPreviewEvents = [
        "session.update",
        "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
        "conversation.item.create", "conversation.item.truncate", "conversation.item.delete",
        "response.create", "response.cancel",
        "transcription_session.update",
    ]

    /// The GA and preview client events together: the default when a policy names none.
    public static let documented = ClientEventAllowlist(documentedGAEvents + documentedPreviewEvents)

    /// Whether `type` is allowed.
    public func contains(_ type: some StringProtocol) -> Bool {
        let found = type.utf8.withContiguousStorageIfAvailable { utf8 in
            contains(UnsafeRawBufferPointer(utf8), typeRange: 0..<utf8.count)
        }
        if let found { return found }
        let bytes = Array(type.utf8)
        return bytes.withUnsafeBytes { contains($0, typeRange: 0..<$0.count) }
    }

    /// Whether the type written as `bytes[typeRange]` (unescaped UTF-8, as `JSONTypePeek.typeRange(in:)`
    /// gives it) is allowed. A binary search; allocates nothing.
    public func contains(_ bytes: UnsafeRawBufferPointer, typeRange: Range<Int>) -> Bool {
        precondition(typeRange.lowerBound >= 0 && typeRange.upperBound <= bytes.count, "type range outside the buffer")
        let key = UnsafeRawBufferPointer(rebasing: bytes[typeRange])
        var low = 0
        var high = encoded.count
        while low < high {
            let middle = (low + high) / 2
            let order = encoded[middle].withUnsafeBytes { Self.compare($0, key) }
            if order == 0 { return true }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return false
    }

    /// Shorter first, then bytewise: negative, zero or positive as `a` sorts before, with or after `b`.
    private static func compare(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }
}
