// Which side of the relay a HAR export shows, and what it reports when done.

import FrameLog

/// Whose WebSocket the HAR shows.
public enum HARSide: String, Sendable, CaseIterable {
    /// The browser's socket to the relay: `send` is what the client sent (its original payload when the
    /// relay rewrote it), `receive` what reached the client, relay-made frames included. Frames between
    /// the relay and the upstream only (injected, consumed) are left out.
    case client
    /// The relay's socket to Azure: `send` is what the upstream received (rewritten and injected
    /// frames included), `receive` what the upstream sent, consumed frames included.
    case upstream

    /// `send`, `receive`, or nil when a frame going `direction` was not on this side's socket.
    func messageType(for direction: FrameDirection) -> String? {
        switch (self, direction) {
        case (.client, .clientToUpstream), (.client, .clientToRelay): "send"
        case (.client, .upstreamToClient), (.client, .relayToClient): "receive"
        case (.client, .relayToUpstream), (.client, .upstreamToRelay): nil
        case (.upstream, .clientToUpstream), (.upstream, .relayToUpstream): "send"
        case (.upstream, .upstreamToClient), (.upstream, .upstreamToRelay): "receive"
        case (.upstream, .clientToRelay), (.upstream, .relayToClient): nil
        }
    }
}

/// What an export wrote.
public struct HARExportReport: Sendable, Equatable {
    public var path: String
    public var sent = 0
    public var received = 0
    /// Data frames not on the chosen side's socket.
    public var otherSide = 0
    /// Ping, pong and close frames (HAR's `_webSocketMessages` holds data frames only).
    public var controlFrames = 0
    /// Frames whose audio the log does not hold whole; exported as logged.
    public var elidedAudio = 0
}
