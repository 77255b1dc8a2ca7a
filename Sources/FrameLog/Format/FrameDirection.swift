// The vocabulary of the frame log (../shared/CONTRACT.md, "Frame log"), shared by writer and reader.

/// Which way a frame went, and whether the relay forwarded, made or consumed it.
public enum FrameDirection: UInt8, Sendable, CaseIterable {
    /// Forwarded from the client to the upstream (possibly rewritten: the record then has `original`).
    case clientToUpstream
    /// Forwarded from the upstream to the client (possibly rewritten).
    case upstreamToClient
    /// Made by the relay for the upstream (its injected `session.update`, pongs, closes).
    case relayToUpstream
    /// Made by the relay for the client (error events, expiry warnings, pongs, closes).
    case relayToClient
    /// Sent by the client and consumed by the relay (pings it answered, refused events, closes).
    case clientToRelay
    /// Sent by the upstream and consumed by the relay (pings it answered, closes it handled).
    case upstreamToRelay

    /// The name in the log's `dir` field.
    public var name: String {
        switch self {
        case .clientToUpstream: "client_to_upstream"
        case .upstreamToClient: "upstream_to_client"
        case .relayToUpstream: "relay_to_upstream"
        case .relayToClient: "relay_to_client"
        case .clientToRelay: "client_to_relay"
        case .upstreamToRelay: "upstream_to_relay"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Whether the frame came from (or was made for) the client's side of the conversation, as
    /// opposed to the server's: what `replay send` re-sends and `replay serve` replays.
    public var isFromClient: Bool { self == .clientToUpstream || self == .clientToRelay }
    public var isFromServer: Bool { self == .upstreamToClient || self == .upstreamToRelay }
}

/// The frame's WebSocket opcode, as the log names it.
public enum FrameLogOpcode: UInt8, Sendable, CaseIterable {
    case text, binary, ping, pong, close

    public var name: String {
        switch self {
        case .text: "text"
        case .binary: "binary"
        case .ping: "ping"
        case .pong: "pong"
        case .close: "close"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
