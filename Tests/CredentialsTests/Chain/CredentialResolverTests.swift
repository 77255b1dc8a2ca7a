// Start-up resolution: API key or Entra ID, header fields, descriptions, configuration errors.
import Credentials
import Testing

@Suite struct CredentialResolverTests {
    @Test func apiKeyWinsAndIsNeverPrinted() async throws {
        let resolved = try CredentialResolver.resolve(
            environment: environment(["AZURE_OPENAI_API_KEY": " key-0123456789abcdef\n", "AZURE_CLIENT_SECRET": "s"]),
            transport: FakeTransport(script: []))
        guard case .apiKey(let key) = resolved else {
            Issue.record("\(resolved)")
            return
        }
        #expect(key == "key-0123456789abcdef", "surrounding whitespace trimmed")
        #expect(resolved.isReady)
        #expect(resolved.cachedHeaderField()! == ("api-key", "key-0123456789abcdef"))
        #expect(try await resolved.headerField() == ("api-key", "key-0123456789abcdef"))
        var dumped = ""
        dump(resolved, to: &dumped)
        for text in ["\(resolved)", String(reflecting: resolved), dumped] {
            #expect(!text.contains("0123456789"), "\(text)")
        }
        #expect("\(resolved)" == "API key")
    }

    @Test func apiKeyWithALineBreakIsAConfigurationError() {
        do {
            _ = try CredentialResolver.resolve(
                environment: environment(["AZURE_OPENAI_API_KEY": "key-one\r\nX-Injected: 1"]),
                transport: FakeTransport(script: []))
            Issue.record("expected an error")
        } catch {
            guard case .configuration(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains("AZURE_OPENAI_API_KEY"))
            #expect(!message.contains("key-one"))
        }
    }

    @Test func entraHeaderComesFromTheChain() async throws {
        let transport = FakeTransport { _, _ in .entraToken(sampleToken) }
        let resolved = try CredentialResolver.resolve(
            environment: environment([
                "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "client-secret-9",
            ]),
            transport: transport, processRunner: PosixProcessRunner(), options: .init(clock: TestClock()))
        guard case .entra(let provider) = resolved else {
            Issue.record("\(resolved)")
            return
        }
        #expect("\(resolved)" == "Entra ID (DefaultAzureCredential)")
        #expect(!resolved.isReady)

        #expect(try await resolved.headerField() == ("Authorization", "Bearer \(sampleToken)"))
        #expect(resolved.cachedHeaderField()! == ("Authorization", "Bearer \(sampleToken)"))
        #expect(resolved.isReady)
        #expect(provider.credentialName == "DefaultAzureCredential (EnvironmentCredential)")
        #expect("\(resolved)" == "Entra ID (DefaultAzureCredential (EnvironmentCredential))")
        #expect(transport.requests.count == 1)
    }

    @Test func backgroundRefreshThroughTheUpstreamCredential() async throws {
        let transport = FakeTransport { _, _ in .entraToken(sampleToken) }
        let resolved = try CredentialResolver.resolve(
            environment: environment(["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "secret"]),
            transport: transport, processRunner: PosixProcessRunner(), options: .init(clock: TestClock()))
        #expect(resolved.cachedHeaderField() == nil || resolved.isReady)
        resolved.startBackgroundRefresh()
        #expect(await eventually { resolved.isReady })
        resolved.stop()
    }

    @Test(arguments: [
        (["AZURE_TENANT_ID": "contoso/../evil"], "AZURE_TENANT_ID"),
        (["AZURE_AUTHORITY_HOST": "http://login.example.com"], "AZURE_AUTHORITY_HOST"),
        (["AZURE_TOKEN_CREDENTIALS": "everything"], "AZURE_TOKEN_CREDENTIALS"),
    ])
    func invalidSettingsFailAtStartUp(variables: [String: String], mentioned: String) {
        do {
            _ = try CredentialResolver.resolve(
                environment: environment(variables), transport: FakeTransport(script: []))
            Issue.record("expected an error")
        } catch {
            guard case .configuration(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains(mentioned))
        }
    }
}

func == (lhs: (String, String), rhs: (name: String, value: String)) -> Bool { lhs.0 == rhs.name && lhs.1 == rhs.value }
