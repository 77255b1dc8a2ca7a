// EnvironmentCredential with a client secret: the exact token request, errors, retries, configuration.
import Credentials
import Testing

@Suite struct ClientSecretCredentialTests {
    let variables = [
        "AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "s3cr=t&+/ value",
    ]

    @Test func postsTheDocumentedClientCredentialsForm() async throws {
        let transport = FakeTransport(script: [.success(.entraToken(sampleToken, expiresIn: 3599))])
        let clock = TestClock()
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: clock)

        let token = try await credential.getToken(scope: cognitiveServicesScope)

        #expect(token.token == sampleToken)
        #expect(token.expiresOn == clock.now() + 3599)
        #expect(token.refreshOn == nil)
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url == "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.header("Accept") == "application/json")
        #expect(
            request.bodyText == "client_id=client-1&client_secret=s3cr%3Dt%26%2B%2F%20value"
                + "&grant_type=client_credentials&scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default")
        #expect(request.timeout > 0)
    }

    @Test func refreshInFromTheResponseBecomesRefreshOn() async throws {
        let body = #"{"token_type":"Bearer","expires_in":"86399","refresh_in":43199,"access_token":"\#(sampleToken)"}"#
        let transport = FakeTransport(script: [.success(.json(200, body))])
        let clock = TestClock()
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: clock)
        let token = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(token.expiresOn == clock.now() + 86399)
        #expect(token.refreshOn == clock.now() + 43199)
    }

    @Test(arguments: [
        ("login.microsoftonline.us", "https://login.microsoftonline.us/tenant-1/oauth2/v2.0/token"),
        ("https://login.chinacloudapi.cn/", "https://login.chinacloudapi.cn/tenant-1/oauth2/v2.0/token"),
        ("http://127.0.0.1:8443//", "http://127.0.0.1:8443/tenant-1/oauth2/v2.0/token"),
    ])
    func authorityHostIsNormalised(host: String, expectedURL: String) async throws {
        let transport = FakeTransport(script: [.success(.entraToken(sampleToken))])
        var configured = variables
        configured["AZURE_AUTHORITY_HOST"] = host
        let credential = try EnvironmentCredential(
            environment: environment(configured), transport: transport, clock: TestClock())
        _ = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(transport.requests.first?.url == expectedURL)
    }

    @Test(arguments: ["http://login.example.com", "ftp://login.microsoftonline.com", "https://host/path?x=1"])
    func nonHTTPSAuthorityIsAConfigurationError(host: String) {
        var configured = variables
        configured["AZURE_AUTHORITY_HOST"] = host
        #expect {
            _ = try EnvironmentCredential(environment: environment(configured), transport: FakeTransport(script: []))
        } throws: { error in
            guard case .configuration(let message) = error as? CredentialError else { return false }
            return message.contains("AZURE_AUTHORITY_HOST")
        }
    }

    @Test func entraErrorIsAFailureWithTheAADSTSCodeAndNoSecret() async throws {
        // A hostile or buggy endpoint echoing the secret must not get it into the message.
        let body =
            #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided (s3cr=t&+/ value).\r\nTrace ID: 1234\r\nCorrelation ID: 5678","error_codes":[7000215]}"#
        let transport = FakeTransport(script: [.success(.json(401, body))])
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: TestClock())
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
            Issue.record("expected a failure")
        } catch {
            guard case .failed(let name, let reason) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(name == "EnvironmentCredential")
            #expect(reason.contains("(invalid_client) AADSTS7000215: Invalid client secret provided"))
            #expect(reason.contains("Trace ID: 1234 Correlation ID: 5678"))
            #expect(reason.contains("HTTP 401"))
            #expect(reason.contains("AZURE_CLIENT_SECRET"))
            #expect(!"\(error)".contains("s3cr=t"))
            #expect(transport.requests.count == 1, "a 401 is not retried")
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffAndRetryAfter() async throws {
        let transport = FakeTransport(script: [
            .success(.json(503, "{}")),
            .success(.json(429, "{}", headers: [("Retry-After", "2")])),
            .failure(FakeTransport.Failure(description: "connection reset")),
            .success(.entraToken(sampleToken)),
        ])
        let clock = TestClock(autoAdvance: true)
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: clock)
        let token = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [0.8, 2, 3.2])
    }

    @Test func retriesStopAfterTheBudget() async throws {
        let transport = FakeTransport { _, _ in .json(500, #"{"error":"temporarily_unavailable"}"#) }
        let clock = TestClock(autoAdvance: true)
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: clock)
        await #expect(throws: CredentialError.self) { try await credential.getToken(scope: cognitiveServicesScope) }
        #expect(transport.requests.count == 4, "one attempt and three retries")
        #expect(clock.sleeps.reduce(0, +) <= 20)
    }

    @Test func unreachableEndpointIsAFailureNamingTheURL() async throws {
        let transport = FakeTransport { _, _ in
            throw FakeTransport.Failure(description: "connect to login.microsoftonline.com:443 timed out")
        }
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: TestClock(autoAdvance: true))
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
            Issue.record("expected a failure")
        } catch {
            #expect(!error.isUnavailable)
            #expect(error.reason.contains("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"))
            #expect(error.reason.contains("timed out"))
        }
    }

    @Test func malformedSuccessIsAFailureThatDoesNotQuoteTheBody() async throws {
        let transport = FakeTransport(script: [.success(.json(200, #"{"access_token":"\#(sampleToken)"}"#))])
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: TestClock())
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
            Issue.record("expected a failure")
        } catch {
            #expect(error.reason.contains("expires_in"))
            #expect(!"\(error)".contains(sampleToken))
        }
    }

    @Test func tokenWithALineBreakIsRejected() async throws {
        let transport = FakeTransport(script: [
            .success(.json(200, #"{"access_token":"abc\r\nX-Evil: 1","expires_in":3600}"#))
        ])
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: TestClock())
        await #expect(throws: CredentialError.self) { try await credential.getToken(scope: cognitiveServicesScope) }
    }

    @Test func unavailableWhenNothingIsSet() async throws {
        let credential = try EnvironmentCredential(environment: environment([:]), transport: FakeTransport(script: []))
        #expect(!credential.isConfigured)
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
        } catch {
            #expect(error.isUnavailable)
            #expect(error.reason.contains("AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET"))
        }
    }

    @Test func halfConfiguredNamesWhatIsMissing() async throws {
        let credential = try EnvironmentCredential(
            environment: environment(["AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "secret-value"]),
            transport: FakeTransport(script: []))
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
        } catch {
            #expect(error.isUnavailable)
            #expect(error.reason.contains("missing AZURE_TENANT_ID"))
            #expect(!error.reason.contains("secret-value"))
        }
    }

    @Test func usernamePasswordIsUnavailableWithAnExplanation() async throws {
        let credential = try EnvironmentCredential(
            environment: environment([
                "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_USERNAME": "u@example.com",
                "AZURE_PASSWORD": "hunter2-password",
            ]),
            transport: FakeTransport(script: []))
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
        } catch {
            #expect(error.isUnavailable)
            #expect(error.reason.contains("deprecated"))
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func emptyValuesCountAsUnset() async throws {
        let credential = try EnvironmentCredential(
            environment: environment(["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": ""]),
            transport: FakeTransport(script: []))
        #expect(!credential.isConfigured)
    }
}
