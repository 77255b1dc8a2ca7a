// TokenProvider: expiry window, proactive and half-life refresh, single-flight, backoff, background refresh.
import Credentials
import Testing

@Suite struct TokenProviderTests {
    let clock = TestClock()

    /// A credential handing out "token-N" living `lifetime` seconds from the clock's now.
    func counting(lifetime: Int64 = 3600, refreshIn: Int64? = nil) -> StubCredential {
        let clock = self.clock
        return StubCredential { call in
            let now = clock.now()
            return .success(
                AccessToken(token: "token-\(call)", expiresOn: now + lifetime, refreshOn: refreshIn.map { now + $0 }))
        }
    }

    /// The error `token()` (or `refreshToken()`) throws.
    func tokenError(_ provider: TokenProvider, forced: Bool = false) async -> CredentialError? {
        await credentialError { () async throws(CredentialError) in
            forced ? try await provider.refreshToken() : try await provider.token()
        }
    }

    /// Lets background tasks run a little; for "nothing happened" checks.
    func settle() async { try? await Task.sleep(nanoseconds: 30_000_000) }

    @Test func cachesTheTokenAndIsReady() async throws {
        let credential = counting()
        let provider = TokenProvider(credential: credential, clock: clock)
        #expect(!provider.isReady)
        #expect(try await provider.token().token == "token-1")
        #expect(try await provider.token().token == "token-1")
        #expect(provider.currentToken()?.token == "token-1")
        #expect(provider.isReady)
        #expect(credential.calls == 1)
        #expect(provider.credentialName == "StubCredential")
        #expect(provider.scope == "https://cognitiveservices.azure.com/.default")
    }

    @Test func currentTokenStartsAFetchWhenThereIsNone() async throws {
        let credential = counting()
        let provider = TokenProvider(credential: credential, clock: clock)
        #expect(provider.currentToken() == nil)
        #expect(await eventually { provider.isReady })
        #expect(provider.currentToken()?.token == "token-1")
        #expect(credential.calls == 1)
    }

    @Test func hourLongTokenIsRefreshedTenMinutesBeforeExpiryWhileTheOldOneIsServed() async throws {
        let credential = counting(lifetime: 3600)
        let provider = TokenProvider(credential: credential, clock: clock)
        _ = try await provider.token()

        clock.advance(by: 2999)
        #expect(provider.currentToken()?.token == "token-1")
        await settle()
        #expect(credential.calls == 1, "not due yet")

        clock.advance(by: 1)
        #expect(provider.currentToken()?.token == "token-1", "still served while the refresh runs")
        #expect(await eventually { credential.calls == 2 && provider.currentToken()?.token == "token-2" })
    }

    @Test func tokenInsideTheFiveMinuteWindowIsNotServed() async throws {
        let clock = self.clock
        let credential = StubCredential { call in
            call == 1
                ? .success(AccessToken(token: "token-1", expiresOn: clock.now() + 3600))
                : .failure(.failed(credential: "StubCredential", reason: "down"))
        }
        let provider = TokenProvider(credential: credential, clock: clock)
        _ = try await provider.token()
        clock.advance(by: 3299)
        #expect(provider.currentToken()?.token == "token-1")
        clock.advance(by: 1)
        #expect(provider.currentToken() == nil)
        #expect(!provider.isReady)
        let error = await tokenError(provider)
        #expect(error?.reason == "down")
    }

    @Test func longLivedTokensRefreshAtHalfLife() async throws {
        let credential = counting(lifetime: 86_400)
        let provider = TokenProvider(credential: credential, clock: clock)
        _ = try await provider.token()
        clock.advance(by: 43_199)
        _ = provider.currentToken()
        await settle()
        #expect(credential.calls == 1)
        clock.advance(by: 1)
        _ = provider.currentToken()
        #expect(await eventually { credential.calls == 2 })
    }

    @Test func refreshInIsHonoured() async throws {
        let credential = counting(lifetime: 3600, refreshIn: 600)
        let provider = TokenProvider(credential: credential, clock: clock)
        _ = try await provider.token()
        clock.advance(by: 599)
        _ = provider.currentToken()
        await settle()
        #expect(credential.calls == 1)
        clock.advance(by: 1)
        _ = provider.currentToken()
        #expect(await eventually { credential.calls == 2 })
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let clock = self.clock
        let credential = StubCredential { call in
            try? await Task.sleep(nanoseconds: 100_000_000)
            return .success(AccessToken(token: "token-\(call)", expiresOn: clock.now() + 3600))
        }
        let provider = TokenProvider(credential: credential, clock: clock)
        let tokens = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<64 { group.addTask { try? await provider.token().token } }
            var tokens: [String?] = []
            for await token in group { tokens.append(token) }
            return tokens
        }
        #expect(tokens.count == 64)
        #expect(Set(tokens) == ["token-1"])
        #expect(credential.calls == 1)
    }

    @Test func failuresBackOffThirtySecondsAndGrowUnlessForced() async throws {
        let credential = StubCredential(
            "StubCredential", .failure(.failed(credential: "StubCredential", reason: "HTTP 503")))
        let provider = TokenProvider(credential: credential, clock: clock)

        for _ in 0..<3 {
            let error = await tokenError(provider)
            #expect(error?.reason == "HTTP 503")
        }
        #expect(credential.calls == 1, "no retry within 30 s")
        #expect(provider.lastError?.reason == "HTTP 503")
        #expect(provider.currentToken() == nil)
        await settle()
        #expect(credential.calls == 1, "currentToken() respects the backoff too")

        clock.advance(by: 29)
        _ = await tokenError(provider)
        #expect(credential.calls == 1)
        clock.advance(by: 1)
        _ = await tokenError(provider)
        #expect(credential.calls == 2)

        clock.advance(by: 59)  // the second failure doubles the pause
        _ = await tokenError(provider)
        #expect(credential.calls == 2)
        clock.advance(by: 1)
        _ = await tokenError(provider)
        #expect(credential.calls == 3)

        _ = await tokenError(provider, forced: true)
        #expect(credential.calls == 4, "a forced refresh ignores the pause")
    }

    @Test func aFailedRefreshKeepsServingTheOldTokenUntilTheWindow() async throws {
        let clock = self.clock
        let credential = StubCredential { call in
            call == 1
                ? .success(AccessToken(token: "token-1", expiresOn: clock.now() + 3600))
                : .failure(.unavailable(credential: "StubCredential", reason: "IMDS busy"))
        }
        let provider = TokenProvider(credential: credential, clock: clock)
        _ = try await provider.token()
        clock.advance(by: 3000)
        #expect(provider.currentToken()?.token == "token-1")
        #expect(await eventually { credential.calls == 2 && provider.lastError != nil })
        #expect(try await provider.token().token == "token-1")
        #expect(provider.isReady)
        clock.advance(by: 30)
        #expect(provider.currentToken()?.token == "token-1")
        #expect(await eventually { credential.calls == 3 })
        clock.advance(by: 270)  // now inside the window
        #expect(provider.currentToken() == nil)
        #expect(!provider.isReady)
    }

    @Test func anExpiredTokenFromTheCredentialIsNeverReturned() async throws {
        let clock = self.clock
        let credential = StubCredential { _ in .success(AccessToken(token: "stale", expiresOn: clock.now() - 1)) }
        let provider = TokenProvider(credential: credential, clock: clock)
        let error = await tokenError(provider)
        #expect(error?.reason.contains("check the system clock") == true)
        #expect(provider.currentToken() == nil)
        #expect(!provider.isReady)
    }

    @Test func aFreshShortLivedTokenIsReturnedOnceButNotCachedAsReady() async throws {
        let clock = self.clock
        let credential = StubCredential { call in
            .success(AccessToken(token: "short-\(call)", expiresOn: clock.now() + 200))
        }
        let provider = TokenProvider(credential: credential, clock: clock)
        #expect(try await provider.token().token == "short-1")
        #expect(try await provider.token().token == "short-1", "no refetch within 30 s")
        #expect(credential.calls == 1)
        #expect(provider.currentToken() == nil)
        #expect(!provider.isReady)
        clock.advance(by: 200)
        #expect(try await provider.token().token == "short-2")
    }

    @Test func backgroundRefreshWarmsUpAndRefreshesAheadOfExpiry() async throws {
        let credential = counting(lifetime: 3600)
        let provider = TokenProvider(credential: credential, clock: clock)
        provider.startBackgroundRefresh()
        provider.startBackgroundRefresh()  // idempotent
        #expect(await eventually { provider.isReady && clock.sleeperCount == 1 })
        #expect(credential.calls == 1)

        clock.advance(by: 2999)
        await settle()
        #expect(credential.calls == 1)
        clock.advance(by: 1)
        #expect(await eventually { credential.calls == 2 && provider.currentToken()?.token == "token-2" })

        provider.stop()
        #expect(await eventually { clock.sleeperCount == 0 })
        clock.advance(by: 10_000)
        await settle()
        #expect(credential.calls == 2)
    }

    @Test func backgroundRefreshRetriesAfterTheBackoff() async throws {
        let clock = self.clock
        let credential = StubCredential { call in
            call == 1
                ? .failure(.failed(credential: "StubCredential", reason: "not yet"))
                : .success(AccessToken(token: "token-\(call)", expiresOn: clock.now() + 3600))
        }
        let provider = TokenProvider(credential: credential, clock: clock)
        provider.startBackgroundRefresh()
        #expect(await eventually { credential.calls == 1 && clock.sleeperCount == 1 })
        #expect(!provider.isReady)
        clock.advance(by: 30)
        #expect(await eventually { provider.isReady })
        #expect(provider.lastError == nil)
        provider.stop()
    }
}
