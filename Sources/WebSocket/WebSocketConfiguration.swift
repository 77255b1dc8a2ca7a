// Size limits a WebSocket decoder enforces.

/// Limits for inbound frames and messages. Exceeding either fails the connection with 1009
/// (RFC 6455 §7.4.1), decided from frame headers before the oversized payload is buffered.
public struct WebSocketConfiguration: Sendable {
    /// The largest message accepted, in bytes: the sum of its fragments' payloads and, for a
    /// compressed message, also its inflated size.
    public var maxMessageBytes: Int
    /// The largest single data frame payload accepted, in bytes (control frames carry at most 125
    /// and are always accepted). A frame is processed once all of its bytes were received, so this
    /// also bounds how far the caller's input buffer grows: 14 header bytes plus
    /// `max(maxFrameBytes, 125)`.
    public var maxFrameBytes: Int

    /// - Parameters:
    ///   - maxMessageBytes: defaults to 16 MiB.
    ///   - maxFrameBytes: defaults to `maxMessageBytes`.
    public init(maxMessageBytes: Int = 16 * 1024 * 1024, maxFrameBytes: Int? = nil) {
        precondition(maxMessageBytes >= 0 && (maxFrameBytes ?? 0) >= 0, "limits must not be negative")
        self.maxMessageBytes = maxMessageBytes
        self.maxFrameBytes = maxFrameBytes ?? maxMessageBytes
    }
}
