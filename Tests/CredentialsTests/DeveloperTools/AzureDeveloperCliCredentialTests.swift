// AzureDeveloperCliCredential against fake `azd` scripts.
import Credentials
import Testing

@Suite struct AzureDeveloperCliCredentialTests {
    let bin = ScratchDirectory(prefix: "fake-azd")

    func credential(tenant: String? = nil) -> AzureDeveloperCliCredential {
        AzureDeveloperCliCredential(environment: environment(["PATH": "\(bin.path):/usr/bin:/bin"]), tenantID: tenant)
    }

    func installAzd(stdout output: String = "", stderr errors: String = "", exitCode: Int = 0) {
        bin.writeScript(
            "azd",
            """
            printf '%s\\n' "$@" > '\(bin.path)/args'
            printf '%s' "$NO_COLOR" > '\(bin.path)/no-color'
            printf '%s' '\(output)'
            printf '%s' '\(errors)' >&2
            exit \(exitCode)
            """)
    }

    @Test func runsAuthTokenWithTheV2Scope() async throws {
        installAzd(stdout: #"{"token":"\#(sampleToken)","expiresOn":"2025-01-31T14:05:07Z"}"#)
        let token = try await credential(tenant: "tenant-3").getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        #expect(token.expiresOn == Int64(shellOutput("date -u -d '2025-01-31T14:05:07Z' +%s").filter(\.isNumber)))
        #expect(
            shellOutput("cat '\(bin.path)/args'").split(separator: "\n") == [
                "auth", "token", "--output", "json", "--no-prompt", "--scope",
                "https://cognitiveservices.azure.com/.default",
                "--tenant-id", "tenant-3",
            ])
        #expect(shellOutput("cat '\(bin.path)/no-color'") == "true")
    }

    @Test func notLoggedInIsUnavailable() async throws {
        installAzd(stderr: "ERROR: not logged in, run `azd auth login` to login", exitCode: 1)
        let azd = credential()
        let error = try #require(await tokenError(azd))
        #expect(error.isUnavailable)
        #expect(error.reason.contains("Please run 'azd auth login'"))
    }

    @Test func jsonErrorMessagesAreExtracted() async throws {
        installAzd(
            stderr:
                #"{"error":"failed","message":"ERROR: fetching token: the tenant is disabled","suggestion":"contact admin"}"#,
            exitCode: 1)
        let azd = credential()
        let error = try #require(await tokenError(azd))
        #expect(error.isUnavailable)
        #expect(error.reason == "Azure Developer CLI failed: fetching token: the tenant is disabled")
    }
}
