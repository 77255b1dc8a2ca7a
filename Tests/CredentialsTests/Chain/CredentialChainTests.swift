// The chain: order, unavailable vs failure, sticky success, and the failure message.
import Credentials
import Testing

@Suite struct CredentialChainTests {
    let token = AccessToken(token: sampleToken, expiresOn: 1_700_003_600)

    @Test func unavailableMovesOnAndTheFirstSuccessSticks() async throws {
        let first = StubCredential("First", .failure(.unavailable(credential: "First", reason: "not configured")))
        let second = StubCredential("Second", .success(token))
        let third = StubCredential("Third", .success(AccessToken(token: "other", expiresOn: 1)))
        let chain = CredentialChain(credentials: [first, second, third])
        #expect(chain.name == "DefaultAzureCredential")

        #expect(try await chain.getToken(scope: cognitiveServicesScope) == token)
        #expect(try await chain.getToken(scope: cognitiveServicesScope) == token)

        #expect((first.calls, second.calls, third.calls) == (1, 2, 0))
        #expect(chain.selectedCredentialName == "Second")
        #expect(chain.name == "DefaultAzureCredential (Second)")
    }

    @Test func aFailureStopsTheChain() async throws {
        let first = StubCredential("First", .failure(.unavailable(credential: "First", reason: "not configured")))
        let second = StubCredential("Second", .failure(.failed(credential: "Second", reason: "HTTP 401")))
        let third = StubCredential("Third", .success(token))
        let chain = CredentialChain(credentials: [first, second, third])
        let error = try #require(await tokenError(chain))
        guard case .chainFailed(let attempts) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(attempts.map(\.credential) == ["First", "Second"])
        #expect(attempts.map(\.reason) == ["not configured", "authentication failed: HTTP 401"])
        #expect(third.calls == 0)
        #expect(chain.selectedCredentialName == nil)
    }

    @Test func afterSuccessTheSelectedCredentialsErrorsPassThrough() async throws {
        let first = StubCredential("First", .failure(.unavailable(credential: "First", reason: "not configured")))
        let second = StubCredential("Second") { call in
            call == 1
                ? .success(AccessToken(token: sampleToken, expiresOn: 1_700_003_600))
                : .failure(.failed(credential: "Second", reason: "endpoint down"))
        }
        let chain = CredentialChain(credentials: [first, second])
        _ = try await chain.getToken(scope: cognitiveServicesScope)
        let error = try #require(await tokenError(chain))
        guard case .failed(let name, let reason) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(name == "Second" && reason == "endpoint down")
        #expect(first.calls == 1)
    }

    @Test func defaultOrderIsTheLinuxDefaultAzureCredentialChain() throws {
        let chain = try CredentialResolver.makeChain(
            environment: environment([:]), transport: FakeTransport(script: []))
        #expect(
            chain.credentials.map(\.name) == [
                "EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential",
                "AzureCliCredential",
                "AzureDeveloperCliCredential",
            ])
    }

    @Test(arguments: [
        ("dev", ["AzureCliCredential", "AzureDeveloperCliCredential"]),
        (" PROD ", ["EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential"]),
        ("managedidentitycredential", ["ManagedIdentityCredential"]),
        ("AzureCLICredential", ["AzureCliCredential"]),
        ("EnvironmentCredential", ["EnvironmentCredential"]),
        ("WorkloadIdentityCredential", ["WorkloadIdentityCredential"]),
        ("AzureDeveloperCliCredential", ["AzureDeveloperCliCredential"]),
        (
            "",
            [
                "EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential",
                "AzureCliCredential",
                "AzureDeveloperCliCredential",
            ]
        ),
    ])
    func azureTokenCredentialsSelects(value: String, expected: [String]) throws {
        let chain = try CredentialResolver.makeChain(
            environment: environment(["AZURE_TOKEN_CREDENTIALS": value]), transport: FakeTransport(script: []))
        #expect(chain.credentials.map(\.name) == expected)
    }

    @Test(arguments: ["development", "VisualStudioCodeCredential", "cli", "prod,dev"])
    func invalidAzureTokenCredentialsIsAConfigurationErrorListingValidValues(value: String) {
        do {
            _ = try CredentialResolver.makeChain(
                environment: environment(["AZURE_TOKEN_CREDENTIALS": value]), transport: FakeTransport(script: []))
            Issue.record("expected a configuration error")
        } catch {
            guard case .configuration(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains("Invalid value for AZURE_TOKEN_CREDENTIALS: '\(value)'"))
            #expect(
                message.contains(
                    "dev, prod, EnvironmentCredential, WorkloadIdentityCredential, ManagedIdentityCredential, "
                        + "AzureCliCredential, AzureDeveloperCliCredential"))
        }
    }

    @Test func pinnedManagedIdentitySkipsTheProbe() async throws {
        let transport = FakeTransport(script: [
            .success(.json(200, #"{"access_token":"\#(sampleToken)","expires_in":"3600"}"#))
        ])
        let chain = try CredentialResolver.makeChain(
            environment: environment(["AZURE_TOKEN_CREDENTIALS": "ManagedIdentityCredential"]), transport: transport)
        _ = try await chain.getToken(scope: cognitiveServicesScope)
        #expect(transport.requests.count == 1)
        #expect(transport.requests.first?.header("Metadata") == "true")
    }

    @Test func nothingAvailableNamesEveryCredentialAndWhy() async throws {
        let emptyPath = ScratchDirectory(prefix: "empty-path")
        let transport = FakeTransport { _, _ in throw FakeTransport.Failure(description: "connect timed out") }
        let chain = try CredentialResolver.makeChain(
            environment: environment(["PATH": emptyPath.path]), transport: transport,
            options: .init(clock: TestClock(autoAdvance: true)))
        let error = try #require(await tokenError(chain))
        let message = "\(error)"
        let lines = message.split(separator: "\n").map(String.init)
        #expect(lines.first == "DefaultAzureCredential failed to retrieve a token from the included credentials.")
        #expect(lines.dropFirst().first == "Attempted credentials:")
        #expect(lines[2].hasPrefix("\tEnvironmentCredential: Environment variables are not fully configured"))
        #expect(lines[3].hasPrefix("\tWorkloadIdentityCredential: The workload options are not fully configured"))
        #expect(lines[4].hasPrefix("\tManagedIdentityCredential: No response from the IMDS endpoint"))
        #expect(lines[5] == "\tAzureCliCredential: Azure CLI not found on path (looked for `az` in PATH).")
        #expect(lines[6].hasPrefix("\tAzureDeveloperCliCredential: Azure Developer CLI not found on path"))
        #expect(lines.last?.contains("AZURE_OPENAI_API_KEY") == true)
        #expect(lines.last?.contains("realtime-relay doctor") == true)
    }

    @Test func failureMessagesNeverContainSecrets() async throws {
        let secrets = [
            "AZURE_CLIENT_SECRET": "client-secret-value-1", "IDENTITY_HEADER": "identity-header-value-2",
            "AZURE_CLIENT_CERTIFICATE_PASSWORD": "certificate-password-3",
        ]
        // An identity endpoint that echoes everything it was sent.
        let echo = FakeTransport { request, _ in
            let headers = request.headers.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            return .json(
                400,
                #"{"error":"invalid_request","error_description":"got \#(request.url) \#(headers) \#(request.bodyText)"}"#
            )
        }
        let environments: [[String: String]] = [
            ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c"],
            [
                "IDENTITY_ENDPOINT": "http://localhost:42356/msi/token",
                "AZURE_TOKEN_CREDENTIALS": "ManagedIdentityCredential",
            ],
        ]
        for variables in environments {
            let chain = try CredentialResolver.makeChain(
                environment: environment(variables.merging(secrets) { $1 }), transport: echo,
                options: .init(clock: TestClock(autoAdvance: true)))
            let error = try #require(await tokenError(chain))
            let message = "\(error)"
            #expect(message.contains("got "), "the echo reached the message: \(message)")
            for secret in secrets.values { #expect(!message.contains(secret), "\(message)") }
        }
    }

    @Test func aTokenPrintedByAToolIsRedacted() async throws {
        let bin = ScratchDirectory(prefix: "leaky-az")
        bin.writeScript("az", "echo 'ERROR: unexpected: \(sampleToken)' >&2; exit 1")
        let chain = try CredentialResolver.makeChain(
            environment: environment(["PATH": bin.path, "AZURE_TOKEN_CREDENTIALS": "AzureCliCredential"]),
            transport: FakeTransport(script: []))
        let error = try #require(await tokenError(chain))
        #expect("\(error)".contains("unexpected: ***"))
        #expect(!"\(error)".contains("eyJ0eXAi"))
    }
}
