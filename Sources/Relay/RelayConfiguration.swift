// What the relay does with each session: where the upstream is, which deployments clients may pick,
// and the operator's instructions.
import FrameLog
import Logging
import Upstream

/// How a client's own `instructions` in `session.update` are treated when the operator set some.
public enum InstructionsPolicy: String, Sendable, CaseIterable {
    /// The operator's instructions replace the client's: the upstream never sees client instructions.
    case override
    /// The client's instructions are appended after the operator's.
    case append
    /// The client's instructions pass unchanged (the operator's are still sent first).
    case client
}

/// Settings shared by every session (Sendable, immutable after start-up).
public struct RelayConfiguration: Sendable {
    public var upstream: UpstreamConfiguration
    /// The operator's session instructions; nil: none injected, none hidden.
    public var instructions: String?
    public var instructionsPolicy = InstructionsPolicy.override
    /// Deployments a client may ask for (`?model=` / `?deployment=`); the configured one by default.
    public var allowedDeployments: Set<String>
    /// Defaults for the first `session.update`, fields clients may not change, the client event allowlist.
    public var sessionPolicy = SessionPolicy.none
    /// Session counts, rates and durations.
    public var limits = RelayLimits()
    /// Tokens clients must present (`--access-tokens-file`); empty: none needed.
    public var accessTokens = AccessTokens([])
    /// Which pages may open sessions (`--allowed-origins`); same-origin by default.
    public var origins = OriginPolicy()
    /// Reverse proxies whose `Forwarded`/`X-Forwarded-For`/`X-Forwarded-Proto` are believed
    /// (`--trusted-proxies`); empty: the TCP peer is the client.
    public var trustedProxies = TrustedProxies()
    /// Client frames held while the upstream opens; beyond this the client's reads pause.
    public var maxPendingClientBytes = 4 << 20
    /// Where every session's frames are logged (`--log-dir`); nil: `--no-frame-log`.
    public var frameLog: FrameLogWriter?
    public var logger: Logger

    public init(upstream: UpstreamConfiguration, logger: Logger) {
        self.upstream = upstream
        self.allowedDeployments = [upstream.deployment]
        self.logger = logger
    }

    /// What the client sees in place of the operator's instructions in `session.created`/`session.updated`.
    public static let hiddenInstructionsPlaceholder = "(set by the relay operator)"
}
