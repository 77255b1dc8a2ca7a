// EnvironmentCredential with a certificate: the signed JWT assertion, PEM/PFX loading, and load errors.
import Credentials
import JSON
import Testing

@Suite struct ClientCertificateCredentialTests {
    let fixtures: CertificateFixtures

    init() async {
        fixtures = await CertificateFixtures.shared
    }
    let tokenURL = "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"

    func variables(_ path: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_CERTIFICATE_PATH": path]
            .merging(extra) { $1 }
    }

    /// Runs one token request and returns the request and the decoded assertion.
    func assertion(
        _ variables: [String: String], clock: TestClock = TestClock()
    ) async throws
        -> (TokenHTTPRequest, DecodedJWT)
    {
        let transport = FakeTransport(script: [.success(.entraToken(sampleToken))])
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: clock)
        let token = try await credential.getToken(scope: cognitiveServicesScope)
        #expect(token.token == sampleToken)
        let request = try #require(transport.requests.first)
        let assertion = try #require(request.formField("client_assertion"))
        let jwt = try #require(DecodedJWT(assertion))
        return (request, jwt)
    }

    @Test func pemAssertionIsPS256WithSHA256ThumbprintAndVerifies() async throws {
        let clock = TestClock()
        let (request, jwt) = try await assertion(variables(fixtures.combinedPEM), clock: clock)

        #expect(request.url == tokenURL)
        #expect(
            request.formFields.map(\.0) == [
                "client_id", "client_assertion_type", "client_assertion", "grant_type", "scope",
            ])
        #expect(request.formField("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        #expect(request.formField("client_id") == "client-1")
        #expect(request.formField("grant_type") == "client_credentials")
        #expect(request.formField("scope") == cognitiveServicesScope)
        #expect(request.formField("client_secret") == nil)

        #expect(jwt.header["alg"] == "PS256")
        #expect(jwt.header["typ"] == "JWT")
        #expect(jwt.header["x5t#S256"]?.stringValue == base64URLEncode(fixtures.sha256Fingerprint))
        #expect(jwt.header["x5t"] == nil)
        #expect(jwt.header["x5c"] == nil)
        #expect(jwt.verifies(withCertificateAt: fixtures.certificateOnlyPEM, pss: true))
        #expect(
            !jwt.verifies(withCertificateAt: "\(fixtures.directory)/leaf.pem", pss: true), "another key must not verify"
        )

        let now = clock.now()
        #expect(jwt.payload["aud"]?.stringValue == tokenURL)
        #expect(jwt.payload["iss"] == "client-1")
        #expect(jwt.payload["sub"] == "client-1")
        #expect(jwt.payload["nbf"]?.intValue == Int(now))
        #expect(jwt.payload["iat"]?.intValue == Int(now))
        #expect(jwt.payload["exp"]?.intValue == Int(now) + 600)
        let jti = try #require(jwt.payload["jti"]?.stringValue)
        #expect(jti.count == 36 && jti.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    }

    @Test func everyAssertionHasANewJTI() async throws {
        let (_, first) = try await assertion(variables(fixtures.combinedPEM))
        let (_, second) = try await assertion(variables(fixtures.combinedPEM))
        #expect(first.payload["jti"] != nil)
        #expect(first.payload["jti"] != second.payload["jti"])
    }

    @Test func pfxGivesTheSameThumbprintAsPEMAndVerifies() async throws {
        let (_, pem) = try await assertion(variables(fixtures.combinedPEM))
        let (_, pfx) = try await assertion(
            variables(fixtures.pfx, ["AZURE_CLIENT_CERTIFICATE_PASSWORD": fixtures.pfxPassword]))
        let (_, unprotected) = try await assertion(variables(fixtures.unprotectedPFX))
        #expect(pfx.header["x5t#S256"] == pem.header["x5t#S256"])
        #expect(unprotected.header["x5t#S256"] == pem.header["x5t#S256"])
        #expect(pfx.verifies(withCertificateAt: fixtures.certificateOnlyPEM, pss: true))
        #expect(unprotected.verifies(withCertificateAt: fixtures.certificateOnlyPEM, pss: true))
    }

    @Test func keyBeforeCertificateAndEncryptedKeysLoad() async throws {
        let (_, keyFirst) = try await assertion(variables(fixtures.keyFirstPEM))
        let (_, encrypted) = try await assertion(
            variables(fixtures.encryptedPEM, ["AZURE_CLIENT_CERTIFICATE_PASSWORD": fixtures.encryptedPEMPassword]))
        let expected = JSONValue.string(base64URLEncode(fixtures.sha256Fingerprint))
        #expect(keyFirst.header["x5t#S256"] == expected)
        #expect(encrypted.header["x5t#S256"] == expected)
        #expect(encrypted.verifies(withCertificateAt: fixtures.certificateOnlyPEM, pss: true))
    }

    @Test func sendCertificateChainAddsX5CLeafFirst() async throws {
        let (_, jwt) = try await assertion(
            variables(fixtures.chainPEM, ["AZURE_CLIENT_SEND_CERTIFICATE_CHAIN": "True"]))
        #expect(
            jwt.header["x5c"] == .array([.string(fixtures.chainLeafDERBase64), .string(fixtures.chainCADERBase64)]))
        let leafDER = try #require(base64Decode(fixtures.chainLeafDERBase64))
        let leafThumbprint = await runShell(
            "openssl x509 -in \(fixtures.directory)/leaf.pem -outform DER | openssl dgst -sha256 -binary | base64 -w0"
        ).output
        #expect(
            jwt.header["x5t#S256"]?.stringValue.flatMap(base64URLDecode)
                == base64Decode(leafThumbprint.filter { !$0.isWhitespace }))
        #expect(!leafDER.isEmpty)
        #expect(jwt.verifies(withCertificateAt: "\(fixtures.directory)/leaf.pem", pss: true))
    }

    @Test(arguments: ["false", "0", "no"])
    func chainFlagOtherThanTrueOrOneSendsNoX5C(flag: String) async throws {
        let (_, jwt) = try await assertion(variables(fixtures.chainPEM, ["AZURE_CLIENT_SEND_CERTIFICATE_CHAIN": flag]))
        #expect(jwt.header["x5c"] == nil)
    }

    @Test func adfsUsesRS256WithSHA1Thumbprint() async throws {
        let transport = FakeTransport(script: [.success(.entraToken(sampleToken))])
        var configured = variables(fixtures.combinedPEM)
        configured["AZURE_TENANT_ID"] = "adfs"
        configured["AZURE_AUTHORITY_HOST"] = "https://adfs.contoso.com"
        let credential = try EnvironmentCredential(
            environment: environment(configured), transport: transport, clock: TestClock())
        _ = try await credential.getToken(scope: cognitiveServicesScope)
        let request = try #require(transport.requests.first)
        let assertion = try #require(request.formField("client_assertion"))
        let jwt = try #require(DecodedJWT(assertion))
        #expect(request.url == "https://adfs.contoso.com/adfs/oauth2/token")
        #expect(jwt.header["alg"] == "RS256")
        #expect(jwt.header["x5t"]?.stringValue == base64URLEncode(fixtures.sha1Fingerprint))
        #expect(jwt.header["x5t#S256"] == nil)
        #expect(jwt.payload["aud"]?.stringValue == request.url)
        #expect(jwt.verifies(withCertificateAt: fixtures.certificateOnlyPEM, pss: false))
        #expect(!jwt.verifies(withCertificateAt: fixtures.certificateOnlyPEM, pss: true))
    }

    /// The failure for a certificate configuration; no request may be sent.
    func failure(_ variables: [String: String]) async throws -> CredentialError {
        let transport = FakeTransport(script: [])
        let credential = try EnvironmentCredential(
            environment: environment(variables), transport: transport, clock: TestClock())
        do {
            _ = try await credential.getToken(scope: cognitiveServicesScope)
        } catch {
            #expect(transport.requests.isEmpty)
            return error
        }
        Issue.record("expected a failure")
        return .configuration("none")
    }

    @Test func loadErrorsSayWhatToFixAndNeverShowThePassword() async throws {
        let cases: [([String: String], String)] = [
            (variables(fixtures.encryptedPEM), "set AZURE_CLIENT_CERTIFICATE_PASSWORD"),
            (
                variables(fixtures.encryptedPEM, ["AZURE_CLIENT_CERTIFICATE_PASSWORD": "wrong-password-1"]),
                "check AZURE_CLIENT_CERTIFICATE_PASSWORD"
            ),
            (
                variables(fixtures.pfx, ["AZURE_CLIENT_CERTIFICATE_PASSWORD": "wrong-password-2"]),
                "PKCS#12 password is wrong"
            ),
            (variables(fixtures.pfx), "set AZURE_CLIENT_CERTIFICATE_PASSWORD"),
            (variables(fixtures.certificateOnlyPEM), "no private key"),
            (variables(fixtures.ecPEM), "not an RSA key"),
            (variables(fixtures.garbage), "neither PEM nor PKCS#12"),
            (variables("\(fixtures.directory)/absent.pem"), "No such file or directory"),
        ]
        for (configured, expected) in cases {
            let error = try await failure(configured)
            #expect(!error.isUnavailable)
            #expect(error.credentialName == "EnvironmentCredential")
            #expect(error.reason.contains(expected), "\(error)")
            #expect(!"\(error)".contains("wrong-password"))
        }
    }
}
