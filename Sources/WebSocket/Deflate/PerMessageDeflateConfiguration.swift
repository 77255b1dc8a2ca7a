// This endpoint's permessage-deflate policy: whether to negotiate it and with which limits.

/// What this endpoint asks for and accepts when negotiating permessage-deflate (RFC 7692), in either
/// role, and how it compresses afterwards.
///
/// Memory per connection is dominated by zlib: a compressor needs about
/// `2^(windowBits+2) + 2^(memoryLevel+9)` bytes (256 KiB at 15 and 8), a decompressor about
/// `2^windowBits` (32 KiB at 15). Lower window sizes and memory levels trade ratio for memory.
public struct PerMessageDeflateConfiguration: Sendable, Equatable {
    /// Whether to offer (client) or accept (server) permessage-deflate at all.
    public var enabled: Bool
    /// Server role: the largest window the server compresses with; below 15 it is announced as
    /// `server_max_window_bits` in every response. Client role: below 15 it is requested in the offer.
    public var serverMaxWindowBits: Int
    /// Server role: below 15, the window the server asks the client to limit itself to, when the offer
    /// allows (`client_max_window_bits`). Client role: the largest window the client compresses with,
    /// announced in the offer as `client_max_window_bits=N` when below 15.
    public var clientMaxWindowBits: Int
    /// Server role: the server resets its compressor after each message and says so. Client role: the
    /// offer asks the server to do so.
    public var serverNoContextTakeover: Bool
    /// Server role: the response asks the client to reset its compressor after each message. Client
    /// role: the client resets and says so in the offer.
    public var clientNoContextTakeover: Bool
    /// Messages with fewer bytes than this are sent uncompressed.
    public var threshold: Int
    /// zlib compression level, 0 (none) ... 9 (best).
    public var compressionLevel: Int
    /// zlib memory level, 1 ... 9.
    public var memoryLevel: Int

    /// Creates a policy; the defaults accept whatever the peer offers with full 32 KiB windows.
    public init(
        enabled: Bool = true, serverMaxWindowBits: Int = 15, clientMaxWindowBits: Int = 15,
        serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
        threshold: Int = 256, compressionLevel: Int = 6, memoryLevel: Int = 8
    ) {
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(serverMaxWindowBits), "window bits are 8...15")
        precondition(PerMessageDeflateParameters.windowBitsRange.contains(clientMaxWindowBits), "window bits are 8...15")
        precondition((0...9).contains(compressionLevel), "zlib levels are 0...9")
        precondition((1...9).contains(memoryLevel), "zlib memory levels are 1...9")
        precondition(threshold >= 0, "the threshold must not be negative")
        self.enabled = enabled
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.threshold = threshold
        self.compressionLevel = compressionLevel
        self.memoryLevel = memoryLevel
    }

    /// permessage-deflate switched off.
    public static let disabled = PerMessageDeflateConfiguration(enabled: false)
}
