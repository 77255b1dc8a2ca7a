// ManagedIdentityCredential on IMDS: Metadata header, host override, probe, error classes, bounded retries.
import Credentials
import Testing

@Suite struct IMDSManagedIdentityTests {
    let imdsToken =
        #"{"access_token":"\#(sampleToken)","refresh_token":"","expires_in":"86399","expires_on":"1700086399","not_before":"1699999999","resource":"https://cognitiveservices.azure.com/","token_type":"Bearer"}"#

    /// The credential as the default chain builds it (with the IMDS probe).
    func chainCredential(
        _ variables: [String: String], _ transport: FakeTransport, clock: TestClock = TestClock(autoAdvance: true)
    )
        throws -> CredentialChain
    {
        try CredentialResolver.makeChain(
            environment: environment(variables.merging(["AZURE_TOKEN_CREDENTIALS": "prod"]) { $1 }),
            transport: transport,
            options: .init(clock: clock))
    }

    @Test func standaloneRequestHasMetadataHeaderAndNoProbe() async throws {
        let transport = FakeTransport(script: [.success(.json(200, imdsToken))])
        let credential = try ManagedIdentityCredential(
            environment: environment([:]), transport: transport, clock: TestClock())
        #expect(credential.sourceName == "IMDS")
        let token = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        #expect(token.expiresOn == 1_700_086_399)
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "GET")
        #expect(
            request.url
                == "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fcognitiveservices.azure.com"
        )
        #expect(request.header("Metadata") == "true")
    }

    @Test func inTheChainAProbeWithoutMetadataComesFirst() async throws {
        let transport = FakeTransport(script: [
            .success(
                .json(400, #"{"error":"bad_request_102","error_description":"Required metadata header not specified"}"#)
            ),
            .success(.json(200, imdsToken)),
            .success(.json(200, imdsToken)),
        ])
        let chain = try chainCredential([:], transport)
        _ = try await chain.getToken(scope: cognitiveServicesScope)
        _ = try await chain.getToken(scope: cognitiveServicesScope)
        let requests = transport.requests
        #expect(requests.count == 3, "one probe, then only real requests")
        #expect(requests[0].url == "http://169.254.169.254/metadata/identity/oauth2/token")
        #expect(requests[0].header("Metadata") == nil)
        #expect(requests[0].timeout <= 1)
        #expect(requests[1].header("Metadata") == "true")
        #expect(chain.selectedCredentialName == "ManagedIdentityCredential")
    }

    @Test func noAnswerToTheProbeIsUnavailableAtOnce() async throws {
        let transport = FakeTransport { _, _ in throw FakeTransport.Failure(description: "connect timed out after 1 s")
        }
        let clock = TestClock(autoAdvance: true)
        let chain = try chainCredential([:], transport, clock: clock)
        do {
            _ = try await chain.getToken(scope: cognitiveServicesScope)
            Issue.record("expected an error")
        } catch {
            guard case .chainFailed(let attempts) = error else {
                Issue.record("\(error)")
                return
            }
            let managedIdentity = try #require(attempts.first { $0.credential == "ManagedIdentityCredential" })
            #expect(managedIdentity.reason.contains("No response from the IMDS endpoint"))
        }
        #expect(transport.requests.count == 1, "no retries after a failed probe")
        #expect(clock.sleeps.isEmpty)
    }

    @Test func dockerDesktopUnreachableIsUnavailable() async throws {
        let transport = FakeTransport { _, _ in
            TokenHTTPResponse(
                status: 403, body: Array("A socket operation was attempted to an unreachable network.".utf8))
        }
        let chain = try chainCredential([:], transport)
        do {
            _ = try await chain.getToken(scope: cognitiveServicesScope)
            Issue.record("expected an error")
        } catch {
            guard case .chainFailed(let attempts) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(attempts.last?.reason.contains("Network unreachable") == true)
        }
    }

    @Test func podIdentityHostOverridesTheEndpointAndSkipsTheProbe() async throws {
        let transport = FakeTransport(script: [.success(.json(200, imdsToken))])
        let chain = try chainCredential(["AZURE_POD_IDENTITY_AUTHORITY_HOST": "http://10.0.0.7:2579/"], transport)
        _ = try await chain.getToken(scope: cognitiveServicesScope)
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.urlWithoutQuery == "http://10.0.0.7:2579/metadata/identity/oauth2/token")
        #expect(request.header("Metadata") == "true")
    }

    @Test func identityNotFoundIsUnavailable() async throws {
        for clientID in [nil, "uami-client"] as [String?] {
            let transport = FakeTransport(script: [
                .success(.json(400, #"{"error":"invalid_request","error_description":"Identity not found"}"#))
            ])
            var variables: [String: String] = [:]
            variables["AZURE_CLIENT_ID"] = clientID
            let credential = try ManagedIdentityCredential(
                environment: environment(variables), transport: transport, clock: TestClock())
            do {
                _ = try await credential.getToken(scope: cognitiveServicesScope)
                Issue.record("expected an error")
            } catch {
                #expect(error.isUnavailable)
                #expect(error.reason.contains("(invalid_request) Identity not found"))
                #expect(
                    error.reason.contains(
                        clientID == nil ? "No managed identity is assigned" : "AZURE_CLIENT_ID (uami-client)"))
            }
            #expect(transport.requests.count == 1, "400 is not retried")
            if let clientID { #expect(transport.requests.first?.queryItems.last?.1 == clientID) }
        }
    }

    @Test func retriesAreBoundedInCountAndTime() async throws {
        for status in [404, 410, 429, 500, 503] {
            let transport = FakeTransport { _, _ in .json(status, #"{"error":"unknown","error_description":"busy"}"#) }
            let clock = TestClock(autoAdvance: true)
            let credential = try ManagedIdentityCredential(
                environment: environment([:]), transport: transport, clock: clock)
            do {
                _ = try await credential.getToken(scope: cognitiveServicesScope)
                Issue.record("expected an error")
            } catch {
                #expect(!error.isUnavailable)
                #expect(error.reason.contains("HTTP \(status)"))
            }
            #expect(transport.requests.count >= 3 && transport.requests.count <= 6, "status \(status)")
            #expect(clock.sleeps.reduce(0, +) <= 30, "status \(status)")
        }
    }

    @Test func transientErrorThenSuccess() async throws {
        let transport = FakeTransport(script: [
            .success(.json(503, "{}")), .failure(FakeTransport.Failure(description: "timed out")),
            .success(.json(200, imdsToken)),
        ])
        let clock = TestClock(autoAdvance: true)
        let credential = try ManagedIdentityCredential(
            environment: environment([:]), transport: transport, clock: clock)
        let token = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        #expect(clock.sleeps == [1, 2])
    }

    @Test func workloadIdentityVariablesMakeManagedIdentityExchangeTheToken() async throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("token", "projected-assertion")
        let transport = FakeTransport(script: [.success(.entraToken(sampleToken))])
        let credential = try ManagedIdentityCredential(
            environment: environment([
                "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_FEDERATED_TOKEN_FILE": file,
            ]),
            transport: transport, clock: TestClock())
        #expect(credential.sourceName == "workload identity")
        _ = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(transport.requests.first?.formField("client_assertion") == "projected-assertion")
    }
}
