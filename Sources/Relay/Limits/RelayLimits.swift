// How much one relay, and one client address, may use; defaults fit a public demo.

/// Limits on sessions. A session refused by a limit gets an Azure-shaped `error` event and a close:
/// 1013 (try again later) when the relay is full, 1008 (policy) for one client's excess.
public struct RelayLimits: Sendable, Equatable {
    /// Sessions open at once, on the whole relay.
    public var maxSessions = 200
    /// Sessions open at once from one client address.
    public var maxSessionsPerClient = 10
    /// New sessions a client address may start per minute (a token bucket: bursts up to this).
    public var newSessionsPerClientPerMinute = 30
    /// A session is closed (1000) after this long; Azure ends its own at 30 minutes.
    public var maxSessionSeconds = 1800.0
    /// The client is told this long before that end (`relay.session.expiring`).
    public var expiryWarningSeconds = 60.0
    /// A session whose client sends nothing for this long is closed (1000).
    public var idleSeconds = 600.0

    public init() {}
}
