// Done-when of the upstream issue: over a TLS test upstream, a session opens with each credential
// kind, configured only through the environment variables Azure Identity reads, against test token
// endpoints (HTTPS for Entra ID, HTTP for managed identity) and a fake `az` on PATH.
#if canImport(Glibc)
import Glibc
#endif
import Credentials
import NetworkTestSupport
import TLS
import TestSupport
import Testing
import Upstream

/// The test CA, a TLS upstream and a token transport that trusts the CA.
struct TLSFixture {
    let certificates: TestCertificates
    let clientTLS: TLSConfiguration
    let serverTLS: TLSConfiguration
    let transport: LoopTokenTransport

    init() throws {
        certificates = try TestCertificates.shared()
        clientTLS = try TLSConfiguration.client(trust: .caFile(certificates.caFile))
        serverTLS = try TLSConfiguration.server(certificateChainFile: certificates.localhost.certificateFile,
                                                privateKeyFile: certificates.localhost.privateKeyFile)
        transport = try LoopTokenTransport(tls: clientTLS)
    }

    func configuration(upstreamPort: Int, _ variables: [String: String]) throws -> UpstreamConfiguration {
        // Token fetches run on the concurrency pool, which a parallel `swift test` can keep busy with
        // blocking tests for many seconds: a deadline far above that, reached only if something hangs.
        var environment = variables
        environment["AZURE_OPENAI_ENDPOINT"] = "https://localhost:\(upstreamPort)"
        var configuration = try UpstreamConfiguration.fromEnvironment(CredentialEnvironment(environment), tls: clientTLS,
                                                                      transport: transport)
        configuration.connectTimeout = 120
        return configuration
    }
}

/// A token endpoint answering like Entra ID's v2 endpoint, App Service MI and IMDS, recording requests.
func tokenEndpoint(tls: TLSConfiguration?, token: String) throws -> ScriptedServer {
    try ScriptedServer(tls: tls) { request in
        let now = Int(time(nil))
        switch request.path {
        case "/test-tenant/oauth2/v2.0/token":
            return .json(200, #"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"\#(token)"}"#)
        case "/msi/token":
            guard request.header("x-identity-header") == "identity-header-value" else {
                return .json(401, #"{"statusCode":401,"message":"missing header"}"#)
            }
            return .json(200, #"{"access_token":"\#(token)","expires_on":"\#(now + 3600)","resource":"https://cognitiveservices.azure.com","token_type":"Bearer"}"#)
        case "/metadata/identity/oauth2/token":
            guard request.header("metadata") == "true" else {
                return .json(400, #"{"error":"invalid_request","error_description":"Required metadata header not specified"}"#)
            }
            return .json(200, #"{"access_token":"\#(token)","expires_in":"86399","expires_on":"\#(now + 86399)","resource":"https://cognitiveservices.azure.com","token_type":"Bearer"}"#)
        default:
            return .json(404, #"{"error":"not_found"}"#)
        }
    }
}

@Suite struct CredentialKindsTests {
    let fixture: TLSFixture
    let loop: UpstreamTestLoop
    init() throws {
        fixture = try TLSFixture()
        loop = try UpstreamTestLoop()
    }

    /// Opens a session with `variables` and returns what the upstream saw as credentials.
    func openSession(_ variables: [String: String]) async throws -> (outcome: OpenOutcome, apiKey: String?, authorization: String?) {
        let upstream = try realtimeUpstream(tls: fixture.serverTLS)
        let configuration = try fixture.configuration(upstreamPort: upstream.port, variables)
        let outcome = await loop.open(configuration)
        let request = upstream.requests.first
        return (outcome, request?.header("api-key"), request?.header("authorization"))
    }

    @Test func apiKey() async throws {
        let (outcome, apiKey, authorization) = try await openSession(["AZURE_OPENAI_API_KEY": "key-over-tls"])
        #expect(outcome == .opened(url: "wss://localhost:\(try #require(Int(outcome.port)))/openai/v1/realtime?…", firstEvent: "session.created"))
        #expect(apiKey == "key-over-tls")
        #expect(authorization == nil)
    }

    @Test func clientSecret() async throws {
        let tokens = try tokenEndpoint(tls: fixture.serverTLS, token: "tok-secret")
        let (outcome, apiKey, authorization) = try await openSession([
            "AZURE_TENANT_ID": "test-tenant", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "s3cret",
            "AZURE_AUTHORITY_HOST": "https://localhost:\(tokens.port)",
        ])
        #expect(outcome.opened)
        #expect(apiKey == nil)
        #expect(authorization == "Bearer tok-secret")
        let request = try #require(tokens.requests.first)
        #expect(request.method == "POST")
        #expect(request.bodyText.contains("client_secret=s3cret"))
        #expect(request.bodyText.contains("scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default"))
    }

    @Test func clientCertificate() async throws {
        let tokens = try tokenEndpoint(tls: fixture.serverTLS, token: "tok-cert")
        // Entra ID client assertions are RSA-signed: an RSA certificate and key in one PEM file.
        let directory = TemporaryDirectory(prefix: "cert-credential")
        let status = system("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=relay-test-client -days 2 "
            + "-keyout '\(directory.path)/key.pem' -out '\(directory.path)/cert.pem' 2>/dev/null")
        try #require(status == 0, "the openssl command is needed to make the test certificate")
        let pem = try readText("\(directory.path)/cert.pem") + readText("\(directory.path)/key.pem")
        let path = directory.write("client.pem", pem)
        let (outcome, _, authorization) = try await openSession([
            "AZURE_TENANT_ID": "test-tenant", "AZURE_CLIENT_ID": "client-2", "AZURE_CLIENT_CERTIFICATE_PATH": path,
            "AZURE_AUTHORITY_HOST": "https://localhost:\(tokens.port)",
        ])
        #expect(outcome.opened)
        #expect(authorization == "Bearer tok-cert")
        let body = try #require(tokens.requests.first).bodyText
        #expect(body.contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"))
        #expect(body.contains("client_assertion=ey"))
        #expect(!body.contains("client_secret"))
    }

    @Test func workloadIdentity() async throws {
        let tokens = try tokenEndpoint(tls: fixture.serverTLS, token: "tok-workload")
        let directory = TemporaryDirectory(prefix: "workload-identity")
        let file = directory.write("token", "federated-assertion-1")
        let (outcome, _, authorization) = try await openSession([
            "AZURE_TENANT_ID": "test-tenant", "AZURE_CLIENT_ID": "client-3", "AZURE_FEDERATED_TOKEN_FILE": file,
            "AZURE_AUTHORITY_HOST": "https://localhost:\(tokens.port)",
        ])
        #expect(outcome.opened)
        #expect(authorization == "Bearer tok-workload")
        #expect(try #require(tokens.requests.first).bodyText.contains("client_assertion=federated-assertion-1"))
    }

    @Test func appServiceManagedIdentity() async throws {
        let tokens = try tokenEndpoint(tls: nil, token: "tok-appservice")
        let (outcome, _, authorization) = try await openSession([
            "IDENTITY_ENDPOINT": "http://127.0.0.1:\(tokens.port)/msi/token", "IDENTITY_HEADER": "identity-header-value",
            "AZURE_CLIENT_ID": "user-assigned-1",
        ])
        #expect(outcome.opened)
        #expect(authorization == "Bearer tok-appservice")
        let request = try #require(tokens.requests.last)
        #expect(request.queryItem("api-version") == "2019-08-01")
        #expect(request.queryItem("client_id") == "user-assigned-1")
    }

    @Test func imdsManagedIdentity() async throws {
        let tokens = try tokenEndpoint(tls: nil, token: "tok-imds")
        let (outcome, _, authorization) = try await openSession([
            "AZURE_POD_IDENTITY_AUTHORITY_HOST": "http://127.0.0.1:\(tokens.port)",
        ])
        #expect(outcome.opened)
        #expect(authorization == "Bearer tok-imds")
        #expect(tokens.requests.contains { $0.header("metadata") == "true" })
    }

    @Test func azureCLI() async throws {
        let directory = TemporaryDirectory(prefix: "fake-az")
        let expires = Int(time(nil)) + 3600
        let script = directory.write("az", """
            #!/bin/sh
            echo '{"accessToken":"tok-cli","expiresOn":"2099-01-01 00:00:00.000000","expires_on":\(expires),"tokenType":"Bearer"}'
            """)
        chmod(script, 0o755)
        let (outcome, _, authorization) = try await openSession([
            "AZURE_TOKEN_CREDENTIALS": "AzureCliCredential", "PATH": "\(directory.path):/usr/bin:/bin",
        ])
        #expect(outcome.opened)
        #expect(authorization == "Bearer tok-cli")
    }

    @Test func aHangingTokenEndpointEndsAtTheSessionDeadline() async throws {
        let tokens = try ScriptedServer(tls: fixture.serverTLS) { _ in .hang }
        let upstream = try realtimeUpstream(tls: fixture.serverTLS)
        var configuration = try fixture.configuration(upstreamPort: upstream.port, [
            "AZURE_TENANT_ID": "test-tenant", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "s3cret",
            "AZURE_AUTHORITY_HOST": "https://localhost:\(tokens.port)",
        ])
        configuration.connectTimeout = 0.5
        let message = try #require(await loop.open(configuration).failure)
        #expect(message == "the upstream did not open within 0.5 s (stuck at: credential)")
        #expect(upstream.requests.isEmpty)
    }

    @Test func aFailingChainReachesTheCallerWithoutSecrets() async throws {
        let tokens = try ScriptedServer(tls: fixture.serverTLS) { _ in
            .json(401, #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#)
        }
        let (outcome, _, authorization) = try await openSession([
            "AZURE_TENANT_ID": "test-tenant", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "wrong-s3cret",
            "AZURE_AUTHORITY_HOST": "https://localhost:\(tokens.port)",
        ])
        let message = try #require(outcome.failure)
        #expect(message.hasPrefix("no upstream credential:"), "\(message)")
        #expect(message.contains("AADSTS7000215"), "\(message)")
        #expect(!message.contains("wrong-s3cret"))
        #expect(authorization == nil)
    }
}

extension OpenOutcome {
    var opened: Bool {
        if case .opened(_, "session.created") = self { return true }
        return false
    }

    /// The port in an opened URL (for building the expected value).
    var port: String {
        guard case .opened(let url, _) = self, let colon = url.dropFirst(6).firstIndex(of: ":") else { return "" }
        return String(url[url.index(after: colon)...].prefix { $0.isNumber })
    }
}

func readText(_ path: String) throws -> String {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw TestConnection.Failure("cannot open \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &chunk, chunk.count)
        if count <= 0 { break }
        bytes += chunk[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
