// The token cache's rules as a pure value: when a token may be served, when to refresh, how long to back off.

/// What the provider knows about its token and its last attempts. No clock, no I/O: every method takes
/// `now` (Unix seconds), so the rules are tested as plain values.
///
/// - A token is **usable** until 5 minutes before it expires (MSAL and Azure Identity treat a token
///   inside that window as expired).
/// - It is **refreshed** ahead of that window (`refreshAt`): at `refresh_in` or, for tokens living 2 h
///   or more, at half-life (MSAL's rule); otherwise up to 5 minutes before the window opens, so a failed
///   refresh has time to be retried while the old token is still served.
/// - After a **failure**, no new attempt for 30 s, doubling per consecutive failure up to 2 min (Azure
///   Identity's 30 s `DEFAULT_TOKEN_REFRESH_RETRY_DELAY`, growing so an outage is not hammered). A
///   forced refresh ignores this.
/// - After a **success**, no new attempt for 30 s either, so a credential that keeps returning
///   short-lived tokens cannot make us spin.
struct TokenCacheState: Sendable {
    static let expiryWindow: Int64 = 300
    static let longLivedLifetime: Int64 = 7200
    static let refreshLead: Int64 = 300
    static let minimumAttemptSpacing: Int64 = 30
    static let maximumRetryDelay: Int64 = 120

    private(set) var token: AccessToken?
    /// When a proactive refresh becomes due.
    private(set) var refreshAt: Int64 = .min
    /// No attempt (unless forced) before this time.
    private(set) var nextAttemptAt: Int64 = .min
    private(set) var consecutiveFailures = 0
    private(set) var lastError: CredentialError?

    /// The cached token if it is outside its expiry window.
    func usableToken(now: Int64) -> AccessToken? {
        guard let token, now < token.expiresOn - Self.expiryWindow else { return nil }
        return token
    }

    /// A new token is wanted: none usable, or the refresh time has come.
    func refreshDue(now: Int64) -> Bool {
        usableToken(now: now) == nil || now >= refreshAt
    }

    /// An unforced attempt may start now.
    func mayAttempt(now: Int64) -> Bool { now >= nextAttemptAt }

    /// What an unforced caller without a usable token gets while attempts are paused: the token the last
    /// (successful) attempt returned if it has not actually expired, else the last error.
    func pausedAnswer(now: Int64) -> Result<AccessToken, CredentialError> {
        if lastError == nil, let token, now < token.expiresOn { return .success(token) }
        return .failure(lastError ?? .failed(credential: "TokenProvider", reason: "no token is available yet"))
    }

    /// When the background task should look again: the refresh time or the end of a pause, whichever is
    /// later; at least one second ahead.
    func nextCheck(now: Int64) -> Int64 {
        let due = usableToken(now: now) != nil ? max(refreshAt, nextAttemptAt) : nextAttemptAt
        return max(due, now + 1)
    }

    /// Records the outcome of an attempt started at `requestedAt`; returns what callers waiting for it
    /// get. A token that has already expired counts as a failure: an expired token is never served.
    mutating func record(_ result: Result<AccessToken, CredentialError>, credentialName: String, requestedAt: Int64,
                         now: Int64) -> Result<AccessToken, CredentialError>
    {
        switch result {
        case .success(let fresh) where fresh.expiresOn <= now:
            return recordFailure(
                .failed(credential: credentialName,
                        reason: "the token it returned expired at \(fresh.expiresOn), before it could be used "
                            + "(now \(now)); check the system clock"),
                now: now)
        case .success(let fresh):
            token = fresh
            refreshAt = Self.refreshTime(for: fresh, requestedAt: requestedAt, now: now)
            nextAttemptAt = now + Self.minimumAttemptSpacing
            consecutiveFailures = 0
            lastError = nil
            return .success(fresh)
        case .failure(let error):
            return recordFailure(error, now: now)
        }
    }

    private mutating func recordFailure(_ error: CredentialError, now: Int64) -> Result<AccessToken, CredentialError> {
        consecutiveFailures += 1
        let shift = min(consecutiveFailures - 1, 8)
        nextAttemptAt = now + min(Self.minimumAttemptSpacing << Int64(shift), Self.maximumRetryDelay)
        lastError = error
        return .failure(error)
    }

    /// `refresh_in` or half-life for long-lived tokens, but never later than `refreshLead` before the
    /// expiry window (less for short tokens: half the usable lifetime).
    static func refreshTime(for token: AccessToken, requestedAt: Int64, now: Int64) -> Int64 {
        let lifetime = token.expiresOn - requestedAt
        let windowStart = token.expiresOn - expiryWindow
        let lead = min(refreshLead, max(0, (windowStart - requestedAt) / 2))
        var refresh = windowStart - lead
        if let suggested = token.refreshOn {
            refresh = min(refresh, suggested)
        } else if lifetime >= longLivedLifetime {
            refresh = min(refresh, requestedAt + lifetime / 2)
        }
        return max(refresh, now + minimumAttemptSpacing)
    }
}
