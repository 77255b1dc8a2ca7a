import Credentials
import Testing

// AzureCliCredential against fake `az` scripts on a temporary PATH.
#if canImport(Glibc)
    import Glibc
#endif

@Suite struct AzureCliCredentialTests {
    let bin = ScratchDirectory(prefix: "fake-az")

    var path: String { "\(bin.path):/usr/bin:/bin" }

    func credential(tenant: String? = nil, timeout: Double = 60, extra: [String: String] = [:]) -> AzureCliCredential {
        AzureCliCredential(
            environment: environment(["PATH": path, "HOME": bin.path].merging(extra) { $1 }), tenantID: tenant,
            timeout: timeout)
    }

    /// A fake az that records its arguments and prints `output` (stdout) / `errors` (stderr).
    func installAz(stdout output: String = "", stderr errors: String = "", exitCode: Int = 0) {
        bin.writeScript(
            "az",
            """
            printf '%s\\n' "$@" > '\(bin.path)/args'
            printf '%s' "$AZURE_CORE_NO_COLOR" > '\(bin.path)/no-color'
            cat <<'OUT'
            \(output)
            OUT
            cat >&2 <<'ERR'
            \(errors)
            ERR
            exit \(exitCode)
            """)
    }

    var recordedArguments: [String] {
        shellOutput("cat '\(bin.path)/args'").split(separator: "\n").map(String.init)
    }

    @Test func runsGetAccessTokenAndReadsExpiresOn() async throws {
        installAz(
            stdout: """
                {"accessToken": "\(sampleToken)", "expiresOn": "2025-01-31 14:05:07.000000", "expires_on": 1738328707,
                 "subscription": "00000000-0000-0000-0000-000000000000", "tenant": "11111111-1111-1111-1111-111111111111", "tokenType": "Bearer"}
                """)
        let token = try await credential().getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        #expect(token.expiresOn == 1_738_328_707)
        #expect(
            recordedArguments == [
                "account", "get-access-token", "--output", "json", "--resource", "https://cognitiveservices.azure.com",
            ])
        #expect(shellOutput("cat '\(bin.path)/no-color'") == "true")
    }

    @Test func passesTheTenant() async throws {
        installAz(stdout: #"{"accessToken": "\#(sampleToken)", "expires_on": 1738328707}"#)
        _ = try await credential(tenant: "contoso.onmicrosoft.com").getToken(scope: cognitiveServicesScope)
        #expect(recordedArguments.suffix(2) == ["--tenant", "contoso.onmicrosoft.com"])
    }

    @Test func olderCLIsLocalTimeExpiresOn() async throws {
        installAz(
            stdout:
                #"{"accessToken": "\#(sampleToken)", "expiresOn": "2025-01-31 14:05:07.123456", "tokenType": "Bearer"}"#
        )
        let token = try await credential().getToken(scope: cognitiveServicesScope)
        let expected = Int64(shellOutput("date -d '2025-01-31 14:05:07' +%s").filter(\.isNumber))
        #expect(token.expiresOn == expected)
    }

    @Test func notLoggedInIsUnavailableWithTheAdvice() async throws {
        installAz(stderr: "ERROR: Please run 'az login' to setup account.", exitCode: 1)
        let cli = credential()
        let error = try #require(await tokenError(cli))
        #expect(error.isUnavailable)
        #expect(error.credentialName == "AzureCliCredential")
        #expect(error.reason == "Please run 'az login' to set up an account.")
    }

    @Test func aadstsErrorsAreShownRatherThanTheLoginAdvice() async throws {
        installAz(stderr: "ERROR: AADSTS70043: The refresh token has expired. Run 'az login' to refresh.", exitCode: 1)
        let cli = credential()
        let error = try #require(await tokenError(cli))
        #expect(error.isUnavailable)
        #expect(error.reason.contains("AADSTS70043: The refresh token has expired"))
        #expect(!error.reason.contains("ERROR:"))
    }

    @Test func missingCLIIsUnavailable() async throws {
        let cli = AzureCliCredential(environment: environment(["PATH": bin.path]))
        let error = try #require(await tokenError(cli))
        #expect(error.isUnavailable)
        #expect(error.reason.contains("Azure CLI not found on path"))
    }

    @Test func exitStatus127MeansNotFound() async throws {
        installAz(stderr: "/usr/bin/env: 'python3': No such file or directory", exitCode: 127)
        let cli = credential()
        let error = try #require(await tokenError(cli))
        #expect(error.reason.contains("not found on path"))
    }

    @Test func hangingCLIIsKilledAfterTheTimeout() async throws {
        // The script starts a grandchild; the whole process group must die.
        bin.writeScript("az", "sleep 300 &\necho $! > '\(bin.path)/grandchild'\nwait")
        let cli = credential(timeout: 0.5)
        let started = monotonicSeconds()
        let error = try #require(await tokenError(cli))
        let elapsed = monotonicSeconds() - started
        // Far below the script's 300 s; not tighter, since a loaded test run delays the runner's polls.
        #expect(elapsed < 60, "took \(elapsed) s")
        #expect(elapsed >= 0.5)
        #expect(error.isUnavailable)
        #expect(error.reason.contains("did not finish within 0.5 s"))
        let grandchild = shellOutput("cat '\(bin.path)/grandchild'").filter(\.isNumber)
        #expect(await eventually { Self.isGone(pid: grandchild) }, "sleep \(grandchild) survived")
    }

    /// Gone, or a zombie waiting for a parent that no longer exists to reap it.
    static func isGone(pid: String) -> Bool {
        guard !pid.isEmpty else { return false }
        let stat = shellOutput("cat /proc/\(pid)/stat 2>/dev/null")
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingPrefix(" ").first == "Z"
    }

    @Test func unexpectedOutputIsAFailureThatDoesNotQuoteIt() async throws {
        for output in [
            #"{"accessToken": "\#(sampleToken)"}"#, "not json \(sampleToken)",
            #"{"accessToken": "has space", "expires_on": 1}"#,
        ] {
            installAz(stdout: output)
            let cli = credential()
            let error = try #require(await tokenError(cli))
            #expect(!error.isUnavailable)
            #expect(error.reason.contains("Unexpected output from the Azure CLI"))
            #expect(!"\(error)".contains(sampleToken))
            #expect(!"\(error)".contains("has space"))
        }
    }

    @Test func invalidTenantIsRejectedBeforeRunning() async throws {
        installAz(stdout: "{}")
        let cli = credential(tenant: "bad tenant;rm -rf")
        let error = try #require(await tokenError(cli))
        #expect(error.reason.contains("AZURE_TENANT_ID"))
        #expect(access("\(bin.path)/args", F_OK) != 0, "az must not run")
    }
}
