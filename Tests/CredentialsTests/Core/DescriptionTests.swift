import Testing

// Nothing secret in descriptions: tokens, API keys, redaction of known secrets and JWT-shaped strings.
@testable import Credentials

@Suite struct DescriptionTests {
    @Test func accessTokenNeverPrintsTheToken() {
        let token = AccessToken(token: sampleToken, expiresOn: 1_700_003_600, refreshOn: 1_700_001_800)
        var dumped = ""
        dump(token, to: &dumped)
        for text in ["\(token)", String(reflecting: token), dumped] {
            #expect(!text.contains("eyJ0eXAi"), "\(text)")
        }
        #expect("\(token)" == "AccessToken(expiresOn: 1700003600, refreshOn: 1700001800, token: <redacted>)")
    }

    @Test func redactionRemovesSecretsTheirEncodedFormAndJWTs() {
        let text = "secret s3cr=t/x, encoded s3cr%3Dt%2Fx, token \(sampleToken). short ab, eyJ short"
        let redacted = SecretRedaction.redact(text, secrets: ["s3cr=t/x", "ab"])
        #expect(redacted == "secret ***, encoded ***, token ***. short ab, eyJ short")
    }

    @Test func errorDescriptions() {
        #expect(
            "\(CredentialError.unavailable(credential: "AzureCliCredential", reason: "Azure CLI not found on path."))"
                == "AzureCliCredential authentication unavailable. Azure CLI not found on path.")
        #expect(
            "\(CredentialError.failed(credential: "EnvironmentCredential", reason: "HTTP 401"))"
                == "EnvironmentCredential authentication failed: HTTP 401")
        #expect("\(CredentialError.configuration("bad value"))" == "bad value")
        let chain = CredentialError.chainFailed(attempts: [("A", "a reason"), ("B", "authentication failed: b")])
        #expect(
            "\(chain)".hasPrefix(
                """
                DefaultAzureCredential failed to retrieve a token from the included credentials.
                Attempted credentials:
                \tA: a reason
                \tB: authentication failed: b
                """))
    }
}
