// The background task that fetches a token at start-up and refreshes it before callers would wait.

extension TokenProvider {
    /// Fetches a token now and keeps it fresh: wakes at each refresh time (or at the end of a backoff
    /// pause) and fetches. Idempotent; ``stop()`` ends it.
    public func startBackgroundRefresh() {
        let clock = self.clock
        state.withLock { state in
            state.stopped = false
            guard state.background == nil else { return }
            // Weak, so a provider nobody holds any more is released (its deinit cancels this task).
            state.background = Task { [weak self] in
                while !Task.isCancelled {
                    guard let step = self?.backgroundStep() else { return }
                    switch step {
                    case .wait(let fetch):
                        _ = await fetch.value
                    case .sleep(let seconds):
                        do { try await clock.sleep(seconds: seconds) } catch { return }
                    case .finish:
                        return
                    }
                }
            }
        }
    }

    /// Stops the background refresh and the proactive fetches of ``currentToken()``. A fetch under way
    /// finishes; ``token()`` still fetches on demand.
    public func stop() {
        state.withLock { state in
            state.stopped = true
            state.background?.cancel()
            state.background = nil
        }
    }

    /// What the background loop does next.
    enum BackgroundStep {
        case wait(Fetch)
        case sleep(seconds: Double)
        case finish
    }

    /// Longest single sleep: the loop re-reads the clock at least this often, so a wall-clock jump (or a
    /// suspended VM) delays a refresh by at most this much.
    static let maximumSleep: Int64 = 60

    func backgroundStep() -> BackgroundStep {
        let now = clock.now()
        return state.withLock { state in
            if state.stopped { return .finish }
            if let running = state.inFlight { return .wait(running) }
            if state.cache.refreshDue(now: now), state.cache.mayAttempt(now: now) { return .wait(startFetch(&state)) }
            return .sleep(seconds: Double(min(state.cache.nextCheck(now: now) - now, Self.maximumSleep)))
        }
    }
}
