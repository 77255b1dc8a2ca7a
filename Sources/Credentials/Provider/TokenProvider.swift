// One cached token shared by every thread: served without waiting, refreshed ahead of expiry, fetched once.
import Synchronization

/// Caches the access token of one credential and scope for the whole process.
///
/// - ``currentToken()`` never waits: a usable token or nil (and, when a refresh is due, it starts one).
/// - ``token()`` returns the cached token or waits for a fetch. Concurrent callers share one fetch
///   (single-flight).
/// - ``startBackgroundRefresh()`` fetches now and keeps the token fresh ahead of expiry, so callers
///   almost never wait.
///
/// The rules (expiry window, half-life refresh, backoff) are in ``TokenCacheState``. State is behind a
/// `Mutex`; no lock is held across an `await`.
public final class TokenProvider: Sendable {
    public let scope: String
    private let credential: any TokenCredential
    // Internal rather than private: the background loop (TokenProvider+Background.swift) shares them.
    let clock: any WallClock

    typealias Fetch = Task<Result<AccessToken, CredentialError>, Never>

    struct State: Sendable {
        var cache = TokenCacheState()
        var inFlight: Fetch?
        var background: Task<Void, Never>?
        var stopped = false
    }

    let state = Mutex(State())

    public init(credential: any TokenCredential, scope: String = "https://cognitiveservices.azure.com/.default",
                clock: any WallClock = .system)
    {
        self.credential = credential
        self.scope = scope
        self.clock = clock
    }

    deinit {
        state.withLock { $0.background?.cancel() }
    }

    /// The credential's name (for a chain, with the credential that succeeded).
    public var credentialName: String { credential.name }

    /// A cached token outside its five-minute expiry window, or nil. Never waits; starts a background
    /// fetch when a refresh is due and attempts are not paused.
    public func currentToken() -> AccessToken? {
        let now = clock.now()
        return state.withLock { state in
            startRefreshIfDue(&state, now: now)
            return state.cache.usableToken(now: now)
        }
    }

    /// The cached token, or the result of a fetch (shared with any other caller waiting for one). While
    /// attempts are paused after a failure, throws that failure without trying again.
    public func token() async throws(CredentialError) -> AccessToken {
        try await token(forced: false)
    }

    /// Fetches a new token now, ignoring the backoff after failures (joins a fetch already under way).
    public func refreshToken() async throws(CredentialError) -> AccessToken {
        try await token(forced: true)
    }

    /// A usable token is cached.
    public var isReady: Bool {
        let now = clock.now()
        return state.withLock { $0.cache.usableToken(now: now) != nil }
    }

    /// The last attempt's failure; nil once an attempt succeeds.
    public var lastError: CredentialError? {
        state.withLock { $0.cache.lastError }
    }

    /// The cached token's expiry (Unix seconds), even inside the expiry window; for diagnostics.
    public var cachedExpiry: Int64? {
        state.withLock { $0.cache.token?.expiresOn }
    }

    private enum Answer {
        case token(AccessToken)
        case error(CredentialError)
        case wait(Fetch)
    }

    private func token(forced: Bool) async throws(CredentialError) -> AccessToken {
        let now = clock.now()
        let answer: Answer = state.withLock { state in
            if !forced, let usable = state.cache.usableToken(now: now) {
                startRefreshIfDue(&state, now: now)
                return .token(usable)
            }
            if let running = state.inFlight { return .wait(running) }
            if !forced, !state.cache.mayAttempt(now: now) {
                switch state.cache.pausedAnswer(now: now) {
                case .success(let token): return .token(token)
                case .failure(let error): return .error(error)
                }
            }
            return .wait(startFetch(&state))
        }
        switch answer {
        case .token(let token): return token
        case .error(let error): throw error
        case .wait(let fetch): return try await fetch.value.get()
        }
    }

    /// The proactive refresh: a fetch in the background when one is due, none is running, attempts are
    /// not paused and the provider has not been stopped.
    private func startRefreshIfDue(_ state: inout State, now: Int64) {
        guard !state.stopped, state.inFlight == nil, state.cache.refreshDue(now: now), state.cache.mayAttempt(now: now)
        else { return }
        _ = startFetch(&state)
    }

    /// Starts the one fetch (or returns the one under way). Called with the lock held; the task records
    /// its result under the lock when it finishes.
    func startFetch(_ state: inout State) -> Fetch {
        if let running = state.inFlight { return running }
        let fetch = Fetch { [self] in
            let requestedAt = clock.now()
            let result: Result<AccessToken, CredentialError>
            do throws(CredentialError) {
                result = .success(try await credential.getToken(scope: scope))
            } catch {
                result = .failure(error)
            }
            let finishedAt = clock.now()
            return self.state.withLock { state in
                state.inFlight = nil
                return state.cache.record(
                    result, credentialName: credential.name, requestedAt: requestedAt, now: finishedAt)
            }
        }
        state.inFlight = fetch
        return fetch
    }
}
