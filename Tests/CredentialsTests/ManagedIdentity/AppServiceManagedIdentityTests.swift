// ManagedIdentityCredential on App Service / Container Apps: IDENTITY_ENDPOINT with X-IDENTITY-HEADER.
import Credentials
import Testing

@Suite struct AppServiceManagedIdentityTests {
    let base = ["IDENTITY_ENDPOINT": "http://localhost:42356/msi/token", "IDENTITY_HEADER": "identity-header-secret"]

    func credential(
        _ variables: [String: String], _ transport: FakeTransport, clock: TestClock = TestClock()
    )
        throws -> ManagedIdentityCredential
    {
        try ManagedIdentityCredential(environment: environment(variables), transport: transport, clock: clock)
    }

    @Test func systemAssignedRequestAndStringExpiresOn() async throws {
        let transport = FakeTransport(script: [
            .success(
                .json(
                    200,
                    #"{"access_token":"\#(sampleToken)","expires_on":"1700086400","resource":"https://cognitiveservices.azure.com","token_type":"Bearer"}"#
                ))
        ])
        let credential = try credential(base, transport)
        #expect(credential.sourceName == "App Service")

        let token = try await credential.getToken(scope: cognitiveServicesScope)

        #expect(token.token == sampleToken)
        #expect(token.expiresOn == 1_700_086_400)
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.urlWithoutQuery == "http://localhost:42356/msi/token")
        #expect(
            request.url
                == "http://localhost:42356/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fcognitiveservices.azure.com"
        )
        #expect(request.header("X-IDENTITY-HEADER") == "identity-header-secret")
        #expect(request.body.isEmpty)
    }

    @Test func userAssignedIdentityIsSelectedByClientID() async throws {
        let transport = FakeTransport(script: [
            .success(.json(200, #"{"access_token":"\#(sampleToken)","expires_on":"1700086400"}"#))
        ])
        var variables = base
        variables["AZURE_CLIENT_ID"] = "uami-client-id"
        _ = try await credential(variables, transport).getToken(scope: cognitiveServicesScope)
        let request = try #require(transport.requests.first)
        #expect(request.queryItems.map(\.0) == ["api-version", "resource", "client_id"])
        #expect(request.queryItems.last?.1 == "uami-client-id")
    }

    @Test func badRequestIsUnavailableWithAHintAndNoIdentityHeader() async throws {
        let transport = FakeTransport(script: [
            .success(
                .json(
                    400,
                    #"{"statusCode":400,"message":"Unable to load the proper Managed Identity. identity-header-secret"}"#
                ))
        ])
        var variables = base
        variables["AZURE_CLIENT_ID"] = "uami-client-id"
        let managedIdentity = try credential(variables, transport)
        let error = try #require(await tokenError(managedIdentity))
        #expect(error.isUnavailable)
        #expect(error.reason.contains("HTTP 400"))
        #expect(error.reason.contains("Unable to load the proper Managed Identity"))
        #expect(error.reason.contains("AZURE_CLIENT_ID (uami-client-id)"))
        #expect(!"\(error)".contains("identity-header-secret"))
    }

    @Test func serverErrorsAreRetriedThenFail() async throws {
        let transport = FakeTransport { _, _ in .json(500, #"{"statusCode":500,"message":"oops"}"#) }
        let clock = TestClock(autoAdvance: true)
        let managedIdentity = try credential(base, transport, clock: clock)
        let error = try #require(await tokenError(managedIdentity))
        #expect(!error.isUnavailable)
        #expect(error.reason.contains("HTTP 500"))
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps.reduce(0, +) <= 15)
    }

    @Test func otherManagedIdentitySourcesAreReportedAsUnsupported() async throws {
        let cases: [([String: String], String)] = [
            (base.merging(["IDENTITY_SERVER_THUMBPRINT": "AB12"]) { $1 }, "Service Fabric"),
            (
                [
                    "IDENTITY_ENDPOINT": "http://localhost:40342/metadata/identity/oauth2/token",
                    "IMDS_ENDPOINT": "http://localhost:40342",
                ], "Azure Arc"
            ),
            (["MSI_ENDPOINT": "http://localhost:50342/oauth2/token"], "MSI_ENDPOINT"),
        ]
        for (variables, expected) in cases {
            let transport = FakeTransport(script: [])
            let managedIdentity = try credential(variables, transport)
            let error = try #require(await tokenError(managedIdentity))
            #expect(error.isUnavailable)
            #expect(error.reason.contains(expected))
            #expect(transport.requests.isEmpty)
        }
    }
}
