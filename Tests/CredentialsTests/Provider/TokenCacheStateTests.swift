import Testing

// The cache rules as pure values: refresh times, usability, backoff growth.
@testable import Credentials

@Suite struct TokenCacheStateTests {
    let start: Int64 = 1_700_000_000

    func refreshTime(lifetime: Int64, refreshIn: Int64? = nil) -> Int64 {
        TokenCacheState.refreshTime(
            for: AccessToken(token: "t", expiresOn: start + lifetime, refreshOn: refreshIn.map { start + $0 }),
            requestedAt: start, now: start) - start
    }

    @Test func refreshTimes() {
        #expect(refreshTime(lifetime: 3600) == 3000, "1 h: five minutes before the window opens")
        #expect(refreshTime(lifetime: 3599) == 2999)
        #expect(refreshTime(lifetime: 86_400) == 43_200, "24 h: half-life")
        #expect(refreshTime(lifetime: 7200) == 3600, "2 h: half-life")
        #expect(refreshTime(lifetime: 7199) == 6599, "just under 2 h: no half-life")
        #expect(refreshTime(lifetime: 3600, refreshIn: 1800) == 1800, "refresh_in")
        #expect(refreshTime(lifetime: 3600, refreshIn: 3500) == 3000, "refresh_in never past the lead")
        #expect(refreshTime(lifetime: 900) == 300, "15 min: half the usable lifetime")
        #expect(refreshTime(lifetime: 310) == 30, "never sooner than 30 s")
    }

    @Test func usableUntilFiveMinutesBeforeExpiry() {
        var state = TokenCacheState()
        let token = AccessToken(token: "t", expiresOn: start + 3600)
        _ = state.record(.success(token), credentialName: "C", requestedAt: start, now: start)
        #expect(state.usableToken(now: start + 3299) == token)
        #expect(state.usableToken(now: start + 3300) == nil)
        #expect(!state.refreshDue(now: start + 2999))
        #expect(state.refreshDue(now: start + 3000))
        #expect(state.nextCheck(now: start) == start + 3000)
    }

    @Test func backoffDoublesFromThirtySecondsToTwoMinutes() {
        var state = TokenCacheState()
        var pauses: [Int64] = []
        var now = start
        for _ in 0..<5 {
            _ = state.record(
                .failure(.failed(credential: "C", reason: "x")), credentialName: "C", requestedAt: now, now: now)
            pauses.append(state.nextAttemptAt - now)
            now = state.nextAttemptAt
        }
        #expect(pauses == [30, 60, 120, 120, 120])
        _ = state.record(
            .success(AccessToken(token: "t", expiresOn: now + 3600)), credentialName: "C", requestedAt: now, now: now)
        #expect(state.consecutiveFailures == 0)
        #expect(state.lastError == nil)
    }

    @Test func expiredTokenIsRecordedAsAFailure() {
        var state = TokenCacheState()
        let result = state.record(
            .success(AccessToken(token: "t", expiresOn: start)), credentialName: "C", requestedAt: start, now: start)
        guard case .failure(.failed(let name, _)) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(name == "C")
        #expect(state.token == nil)
    }
}
