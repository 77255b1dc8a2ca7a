// Bounds the parser enforces, so hostile input cannot exhaust the stack or memory.

/// Bounds on what `JSONValue.parse(_:limits:)` accepts.
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of arrays and objects: `[]` is depth 1, `[[]]` depth 2; a top-level scalar is
    /// depth 0. The parser recurses once per level and checks this before each descent, so the limit
    /// also bounds stack use. Keep it modest (the default is 64): serializing, comparing and releasing
    /// a value recurse through it too.
    public var maxDepth: Int
    /// Largest input accepted, in bytes. Checked before any parsing.
    public var maxBytes: Int

    /// Creates limits; each defaults to the value in ``default``.
    public init(maxDepth: Int = 64, maxBytes: Int = 16 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Depth 64, 16 MiB: room for any realtime event (OpenAI caps an audio append at 15 MiB of base64)
    /// and any token response.
    public static let `default` = JSONLimits()
}
