// The real binary against loopback test upstreams: doctor step by step, serve's upstream rules, /readyz.
#if canImport(Glibc)
import Glibc
#endif
import NetworkTestSupport
import TLS
import Testing
import TestSupport

/// A TLS realtime upstream and token endpoint on loopback, signed by the test CA the child trusts
/// through SSL_CERT_FILE.
struct LoopbackAzure {
    let certificates: TestCertificates
    let upstream: ScriptedServer

    init(reply: @escaping @Sendable (ScriptedRequest) -> ScriptedReply? = { _ in nil }) throws {
        certificates = try TestCertificates.shared()
        let tls = try TLSConfiguration.server(certificateChainFile: certificates.localhost.certificateFile,
                                              privateKeyFile: certificates.localhost.privateKeyFile)
        upstream = try ScriptedServer(tls: tls) { request in
            if let scripted = reply(request) { return scripted }
            if request.path == "/tenant-1/oauth2/v2.0/token" {
                return .json(200, #"{"token_type":"Bearer","expires_in":3599,"access_token":"process-token"}"#)
            }
            guard request.path == "/openai/v1/realtime", request.queryItem("model") == "gpt-realtime" else {
                return .json(404, #"{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}"#)
            }
            return .webSocket { connection in
                connection.send(text: #"{"type":"session.created","event_id":"ev_1","session":{"id":"sess_doctor","type":"realtime","model":"gpt-realtime","expires_at":4102444800}}"#)
            }
        }
    }

    /// The environment of a relay configured for this upstream with `credential` variables.
    func environment(_ credential: [String: String]) -> [String: String] {
        var variables = ["AZURE_OPENAI_ENDPOINT": "https://localhost:\(upstream.port)", "SSL_CERT_FILE": certificates.caFile,
                         "AZURE_OPENAI_API_KEY": "", "OPENAI_API_VERSION": "", "AZURE_OPENAI_DEPLOYMENT_NAME": ""]
        variables.merge(credential) { $1 }
        return variables
    }
}

extension ChildProcessTests {
@Suite struct UpstreamProcessTests {
    private func run(_ arguments: String, environment: [String: String]) throws -> (Int32?, String) {
        let child = try ChildProcess(shellCommand: "exec '\(ChildProcess.relayBinary())' \(arguments)", environment: environment)
        let status = child.waitForExit(timeout: 30)
        return (status, child.output)
    }

    @Test func serveWithoutEndpointOrSimulatorNamesBoth() throws {
        let (status, output) = try run("serve --port 0", environment: ["AZURE_OPENAI_ENDPOINT": ""])
        #expect(status != 0 && status != nil)
        #expect(output.contains("AZURE_OPENAI_ENDPOINT is not set"), "\(output)")
        #expect(output.contains("--simulator"), "\(output)")
    }

    @Test func doctorPassesEveryStepWithAnApiKey() throws {
        let azure = try LoopbackAzure()
        let (status, output) = try run("doctor", environment: azure.environment(["AZURE_OPENAI_API_KEY": "doctor-secret-key"]))
        #expect(status == 0, "\(output)")
        for step in ["configuration", "credential", "DNS", "connect", "WebSocket upgrade", "first event"] {
            #expect(output.contains("[  ok ] \(step)"), "\(step) did not pass: \(output)")
        }
        #expect(output.contains("TLSv1.3"))
        #expect(output.contains("session sess_doctor"))
        #expect(output.contains("All 6 checks passed"))
        #expect(!output.contains("doctor-secret-key"))
        #expect(azure.upstream.requests.first?.header("api-key") == "doctor-secret-key")
    }

    @Test func doctorGetsAnEntraTokenAndNeverPrintsIt() throws {
        let azure = try LoopbackAzure()
        let (status, output) = try run("doctor", environment: azure.environment([
            "AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "doctor-client-secret",
            "AZURE_AUTHORITY_HOST": "https://localhost:\(azure.upstream.port)",
        ]))
        #expect(status == 0, "\(output)")
        #expect(output.contains("[  ok ] credential        token from DefaultAzureCredential (EnvironmentCredential), expires in 59 min"), "\(output)")
        #expect(!output.contains("process-token") && !output.contains("doctor-client-secret"), "\(output)")
        #expect(azure.upstream.requests.last?.header("authorization") == "Bearer process-token")
    }

    @Test func doctorExplainsAWrongDeployment() throws {
        let azure = try LoopbackAzure()
        var environment = azure.environment(["AZURE_OPENAI_API_KEY": "k"])
        environment["AZURE_OPENAI_DEPLOYMENT_NAME"] = "gpt-4o"
        let (status, output) = try run("doctor", environment: environment)
        #expect(status == 1)
        #expect(output.contains("[ FAIL] WebSocket upgrade"), "\(output)")
        #expect(output.contains("404"))
        #expect(output.contains("check AZURE_OPENAI_DEPLOYMENT_NAME"))
        #expect(output.contains("[ skip] first event"))
    }

    @Test func doctorExplainsAnUntrustedCertificate() throws {
        let azure = try LoopbackAzure()
        var environment = azure.environment(["AZURE_OPENAI_API_KEY": "k"])
        environment["SSL_CERT_FILE"] = azure.certificates.untrustedCAFile
        let (status, output) = try run("doctor", environment: environment)
        #expect(status == 1)
        #expect(output.contains("[ FAIL] connect"), "\(output)")
        #expect(output.contains("certificate verify failed"), "\(output)")
    }

    @Test func doctorExplainsAMissingEndpoint() throws {
        let (status, output) = try run("doctor", environment: ["AZURE_OPENAI_ENDPOINT": ""])
        #expect(status == 1)
        #expect(output.contains("[ FAIL] configuration"), "\(output)")
        #expect(output.contains("AZURE_OPENAI_ENDPOINT is not set"))
        #expect(output.contains("[ skip] credential"))
    }

    @Test func readinessWaitsForAnEntraToken() throws {
        let azure = try LoopbackAzure()
        let relay = try RelayProcess(upstream: "", environment: azure.environment([
            "AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "serve-secret",
            "AZURE_AUTHORITY_HOST": "https://localhost:\(azure.upstream.port)",
        ]))
        #expect(eventually(timeout: 10) { (try? readiness(port: relay.port))?.status == 200 })
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
        #expect(!relay.child.output.contains("serve-secret") && !relay.child.output.contains("process-token"))
    }

    @Test func readinessSaysWhyWhenNoTokenCanBeHad() throws {
        let azure = try LoopbackAzure { request in
            request.path.hasSuffix("/oauth2/v2.0/token")
                ? .json(401, #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#)
                : nil
        }
        let relay = try RelayProcess(upstream: "", environment: azure.environment([
            "AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "client-1", "AZURE_CLIENT_SECRET": "bad-secret",
            "AZURE_AUTHORITY_HOST": "https://localhost:\(azure.upstream.port)",
        ]))
        var body = ""
        #expect(eventually(timeout: 10) {
            guard let response = try? readiness(port: relay.port) else { return false }
            body = response.text
            return response.status == 503 && body.contains("AADSTS7000215")
        })
        #expect(body.hasPrefix("not ready: no Entra ID token"), "\(body)")
        #expect(!body.contains("bad-secret"))
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
    }
}
}

/// `GET /readyz` on its own connection.
func readiness(port: Int) throws -> TestResponse {
    let connection = try TestConnection(port: port)
    try connection.send("GET /readyz HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n")
    return try connection.readResponse()
}
