// WorkloadIdentityCredential: the federated token file as client assertion, re-read after five minutes.
import Credentials
import Testing

@Suite struct WorkloadIdentityCredentialTests {
    let scratch = ScratchDirectory()

    func variables(_ file: String) -> [String: String] {
        [
            "AZURE_TENANT_ID": "tenant-2", "AZURE_CLIENT_ID": "workload-client", "AZURE_FEDERATED_TOKEN_FILE": file,
            "AZURE_AUTHORITY_HOST": "https://login.microsoftonline.com/",
        ]
    }

    @Test func sendsTheFileContentsAsClientAssertion() async throws {
        let file = scratch.write("token", "eyJhbGciOiJSUzI1NiJ9.service-account-one.sig\n")
        let transport = FakeTransport { _, _ in .entraToken(sampleToken) }
        let credential = try WorkloadIdentityCredential(
            environment: environment(variables(file)), transport: transport, clock: TestClock())
        #expect(credential.isConfigured)
        let token = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://login.microsoftonline.com/tenant-2/oauth2/v2.0/token")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(
            request.formFields.map(\.0) == [
                "client_id", "client_assertion_type", "client_assertion", "grant_type", "scope",
            ])
        #expect(request.formField("client_id") == "workload-client")
        #expect(request.formField("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        #expect(request.formField("client_assertion") == "eyJhbGciOiJSUzI1NiJ9.service-account-one.sig", "trimmed")
        #expect(request.formField("grant_type") == "client_credentials")
        #expect(request.formField("scope") == cognitiveServicesScope)
    }

    @Test func rereadsTheFileOnceTheCachedCopyIsFiveMinutesOld() async throws {
        let file = scratch.write("token", "first-assertion")
        let transport = FakeTransport { _, _ in .entraToken(sampleToken) }
        let clock = TestClock()
        let credential = try WorkloadIdentityCredential(
            environment: environment(variables(file)), transport: transport, clock: clock)

        _ = try await credential.getToken(scope: cognitiveServicesScope)
        scratch.write("token", "second-assertion")  // kubelet rotated the projected token
        clock.advance(by: 299)
        _ = try await credential.getToken(scope: cognitiveServicesScope)
        clock.advance(by: 1)
        _ = try await credential.getToken(scope: cognitiveServicesScope)

        #expect(
            transport.requests.map { $0.formField("client_assertion") } == [
                "first-assertion", "first-assertion", "second-assertion",
            ])
    }

    @Test func missingOrEmptyFileIsAFailureThatNamesThePath() async throws {
        for contents in [nil, "  \n"] as [String?] {
            let path = "\(scratch.path)/projected-token"
            if let contents { scratch.write("projected-token", contents) }
            let transport = FakeTransport(script: [])
            let credential = try WorkloadIdentityCredential(
                environment: environment(variables(path)), transport: transport, clock: TestClock())
            do {
                _ = try await credential.getToken(scope: cognitiveServicesScope)
                Issue.record("expected a failure")
            } catch {
                #expect(!error.isUnavailable)
                #expect(error.reason.contains("AZURE_FEDERATED_TOKEN_FILE"))
                #expect(error.reason.contains(path))
                #expect(transport.requests.isEmpty)
            }
        }
    }

    @Test func unavailableListsTheMissingVariables() async throws {
        let credential = try WorkloadIdentityCredential(
            environment: environment(["AZURE_CLIENT_ID": "c"]), transport: FakeTransport(script: []), clock: TestClock()
        )
        #expect(!credential.isConfigured)
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
        } catch {
            #expect(error.isUnavailable)
            #expect(error.reason.contains("missing AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE"))
        }
    }

    @Test func assertionNeverAppearsInAnError() async throws {
        let assertion = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.signature-part"
        let file = scratch.write("token", assertion)
        // An endpoint that echoes the assertion back in its error.
        let transport = FakeTransport { _, _ in
            .json(
                400,
                #"{"error":"invalid_client","error_description":"AADSTS70021: No matching federated identity record found for presented assertion \#(assertion)"}"#
            )
        }
        let credential = try WorkloadIdentityCredential(
            environment: environment(variables(file)), transport: transport, clock: TestClock())
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
            Issue.record("expected a failure")
        } catch {
            #expect(error.reason.contains("AADSTS70021"))
            #expect(error.reason.contains("federated credential"))
            #expect(!"\(error)".contains("signature-part"))
        }
    }
}
