// `serve`'s relay settings: instructions, policy, allowlists, access tokens and limits from flags and environment.
import Logging
import Relay
import Upstream

extension ServeCommand {
    func relayConfiguration(upstream: UpstreamConfiguration, logger: Logger) throws -> RelayConfiguration {
        var relay = RelayConfiguration(upstream: upstream, logger: logger)
        relay.instructions = try InstructionsSource.resolve(text: instructions, file: instructionsFile)
        relay.instructionsPolicy = try resolvedPolicy()
        if let deployments { relay.allowedDeployments = Self.commaSeparated(deployments) }
        if let allowedOrigins { relay.origins = OriginPolicy(allowed: Self.commaSeparated(allowedOrigins)) }
        if let path = sessionConfig ?? environment("RELAY_SESSION_CONFIG") {
            relay.sessionPolicy = try Self.startup { () throws(SessionPolicyError) in try SessionPolicy.load(path: path) }
        }
        if let path = accessTokensFile ?? environment("RELAY_ACCESS_TOKENS_FILE") {
            relay.accessTokens = try Self.startup { () throws(AccessTokensError) in try AccessTokens.load(path: path) }
            logger.info("client access tokens required", metadata: ["tokens": "\(relay.accessTokens.tokens.count)"])
        }
        if let list = trustedProxies ?? environment("RELAY_TRUSTED_PROXIES") {
            relay.trustedProxies = try Self.startup { () throws(TrustedProxiesError) in try TrustedProxies.parse(list) }
        }
        relay.limits.maxSessions = maxSessions
        relay.limits.maxSessionsPerClient = maxSessionsPerClient
        relay.limits.newSessionsPerClientPerMinute = sessionsPerMinute
        relay.limits.maxSessionSeconds = maxSessionSeconds
        relay.limits.expiryWarningSeconds = min(60, maxSessionSeconds / 2)
        relay.limits.idleSeconds = sessionIdleTimeout
        return relay
    }

    /// `a, b,,c` -> {"a", "b", "c"}: the list flags' format.
    static func commaSeparated(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { item in
            var trimmed = item
            while trimmed.first == " " { trimmed.removeFirst() }
            while trimmed.last == " " { trimmed.removeLast() }
            return String(trimmed)
        }.filter { !$0.isEmpty })
    }

    /// A file the operator named that cannot be used stops start-up with its own message (no usage text).
    static func startup<Value, Failure: Error>(_ load: () throws(Failure) -> Value) throws -> Value {
        do {
            return try load()
        } catch {
            throw StartupError(description: "\(error)")
        }
    }
}
