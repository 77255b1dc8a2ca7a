// Opening upstream sessions against a loopback test upstream: headers sent, refusals explained, timeouts.
import Credentials
#if canImport(Glibc)
import Glibc
#endif
import Logging
import NetworkTestSupport
import Posix
import TLS
import TestSupport
import Testing
import Upstream

/// A configuration for a plain `http://127.0.0.1:PORT` test upstream.
func plainUpstream(port: Int, credential: UpstreamCredential = .apiKey("test-api-key-123"),
                   apiVersion: String? = nil) throws -> UpstreamConfiguration {
    UpstreamConfiguration(endpoint: try AzureRealtimeEndpoint(endpoint: "http://127.0.0.1:\(port)", apiVersion: apiVersion),
                          deployment: "gpt-realtime", credential: credential, tls: try TLSConfiguration.client())
}

@Suite struct UpstreamConnectorTests {
    let loop: UpstreamTestLoop
    init() throws { loop = try UpstreamTestLoop() }

    @Test func apiKeyGoesInTheApiKeyHeaderOnTheGAPath() async throws {
        let upstream = try realtimeUpstream()
        let outcome = await loop.open(try plainUpstream(port: upstream.port))
        #expect(outcome == .opened(url: "ws://127.0.0.1:\(upstream.port)/openai/v1/realtime?…", firstEvent: "session.created"))
        let request = try #require(upstream.requests.first)
        #expect(request.header("api-key") == "test-api-key-123")
        #expect(request.header("authorization") == nil)
        #expect(request.header("openai-beta") == nil)
        #expect(request.header("x-ms-client-request-id") == "sess-test")
        #expect(request.header("user-agent")?.hasPrefix("realtime-relay/") == true)
        #expect(request.queryItem("model") == "gpt-realtime")
        #expect(request.queryItem("api-version") == nil)
    }

    @Test func previewPathWhenAnApiVersionIsSet() async throws {
        let upstream = try realtimeUpstream()
        let outcome = await loop.open(try plainUpstream(port: upstream.port, apiVersion: "2025-04-01-preview"))
        #expect(outcome == .opened(url: "ws://127.0.0.1:\(upstream.port)/openai/realtime?…", firstEvent: "session.created"))
        let request = try #require(upstream.requests.first)
        #expect(request.path == "/openai/realtime")
        #expect(request.queryItem("api-version") == "2025-04-01-preview")
        #expect(request.queryItem("deployment") == "gpt-realtime")
        #expect(request.header("openai-beta") == "realtime=v1")
    }

    @Test func anUnknownDeploymentIsA404WithAdvice() async throws {
        let upstream = try realtimeUpstream()
        let outcome = await loop.open(try plainUpstream(port: upstream.port), deployment: "gpt-4o")
        guard case .failed(let message, let rejection) = outcome else { Issue.record("\(outcome)"); return }
        #expect(rejection == RejectionSummary(status: 404, code: "DeploymentNotFound", requestID: "req-404", region: "Sweden Central"))
        #expect(message.contains("404"))
        #expect(message.contains("check AZURE_OPENAI_DEPLOYMENT_NAME"))
        #expect(message.contains("apim-request-id req-404"))
        #expect(!message.contains("test-api-key-123"))
    }

    @Test(arguments: [
        (401, "authentication failed: check AZURE_OPENAI_API_KEY"),
        (403, "Cognitive Services OpenAI User"),
        (429, "throttled by Azure: retry after 7 s"),
        (500, "Azure failed: retry later"),
    ])
    func refusalsSayWhatToCheck(status: Int, advice: String) async throws {
        let upstream = try realtimeUpstream { _ in
            .json(status, #"{"error":{"code":"Refused","message":"test refusal"}}"#,
                  headers: [("Retry-After", "7"), ("apim-request-id", "req-\(status)")])
        }
        let outcome = await loop.open(try plainUpstream(port: upstream.port))
        let message = try #require(outcome.failure)
        #expect(message.contains(advice), "\(message)")
        #expect(message.contains("test refusal"))
    }

    @Test func refusalsAreLoggedWithStatusBodyAndIDs() async throws {
        let upstream = try realtimeUpstream { _ in
            .json(401, #"{"error":{"code":"401","message":"Access denied due to invalid subscription key."}}"#,
                  headers: [("apim-request-id", "abc-123"), ("x-ms-region", "East US 2")])
        }
        let records = LogRecords()
        let logger = Logger(label: "test", factory: { _ in RecordingLogHandler(records) })
        _ = await loop.open(try plainUpstream(port: upstream.port), logger: logger)
        let entry = try #require(records.all.first { $0.message == "upstream refused the WebSocket upgrade" })
        #expect(entry.level == .warning)
        #expect(entry.metadata["status"] == "401")
        #expect(entry.metadata["apim-request-id"] == "abc-123")
        #expect(entry.metadata["x-ms-region"] == "East US 2")
        #expect(entry.metadata["body"]?.contains("invalid subscription key") == true)
        #expect(!entry.metadata.values.contains { $0.contains("test-api-key-123") })
    }

    @Test func anUpstreamThatNeverAnswersTimesOut() async throws {
        let upstream = try realtimeUpstream { _ in .hang }
        var configuration = try plainUpstream(port: upstream.port)
        configuration.connectTimeout = 0.3
        let outcome = await loop.open(configuration)
        let message = try #require(outcome.failure)
        #expect(message.contains("0.3 s"), "\(message)")
    }

    @Test func anUpstreamThatIsDownSaysCannotReach() async throws {
        let port: Int
        do {
            let server = try realtimeUpstream()
            port = server.port
        }
        let outcome = await loop.open(try plainUpstream(port: port))
        let message = try #require(outcome.failure)
        #expect(message.hasPrefix("cannot reach the upstream: cannot connect to 127.0.0.1:\(port)"), "\(message)")
    }
}

/// A broken or hostile upstream gets a bounded, clear failure: no hang, no unbounded buffering.
@Suite struct HostileUpstreamTests {
    let loop: UpstreamTestLoop
    init() throws { loop = try UpstreamTestLoop() }

    @Test func garbageInsteadOfAnHTTPResponse() async throws {
        let upstream = try realtimeUpstream { _ in .raw(Array("\u{0}\u{1}\u{2}garbage\r\n\r\n".utf8)) }
        let message = try #require(await loop.open(try plainUpstream(port: upstream.port)).failure)
        #expect(message.contains("not valid HTTP"), "\(message)")
    }

    @Test func aHugeErrorBodyIsCappedNotBuffered() async throws {
        let upstream = try realtimeUpstream { _ in
            .respond(status: 500, headers: [("Content-Type", "text/plain")], body: [UInt8](repeating: 0x78, count: 8 << 20))
        }
        let outcome = await loop.open(try plainUpstream(port: upstream.port))
        guard case .failed(let message, let rejection) = outcome else { Issue.record("\(outcome)"); return }
        #expect(rejection?.status == 500)
        #expect(message.utf8.count < 8 * 1024, "the refusal message carries a capped prefix of the body")
    }

    @Test func aSuccessResponseThatIsNotAnUpgrade() async throws {
        let upstream = try realtimeUpstream { _ in .json(200, #"{"hello":"world"}"#) }
        let message = try #require(await loop.open(try plainUpstream(port: upstream.port)).failure)
        #expect(message.contains("200"), "\(message)")
    }

    @Test func aConnectionClosedMidHandshake() async throws {
        let upstream = try realtimeUpstream { _ in .close }
        let message = try #require(await loop.open(try plainUpstream(port: upstream.port)).failure)
        #expect(message.contains("closed the connection during the WebSocket handshake") || message.contains("cannot"), "\(message)")
    }

    @Test func aTLSUpstreamThatStallsMidHandshakeTimesOut() async throws {
        // A socket that listens but never accepts: the kernel completes TCP, nobody answers the ClientHello.
        let listening = try Socket.listen(on: SocketAddress.numeric(host: "127.0.0.1", port: 0)!, reusePort: false)
        defer { close(listening) }
        let port = try Socket.localAddress(of: listening).port
        var configuration = UpstreamConfiguration(
            endpoint: try AzureRealtimeEndpoint(endpoint: "https://127.0.0.1:\(port)", apiVersion: nil),
            deployment: "gpt-realtime", credential: .apiKey("k"),
            tls: try TLSConfiguration.client(trust: .caFile(try TestCertificates.shared().caFile)))
        configuration.connectTimeout = 0.4
        let message = try #require(await loop.open(configuration).failure)
        #expect(message.contains("0.4 s"), "\(message)")
    }

    @Test func aTLSUpstreamThatClosesMidHandshake() async throws {
        let closer = try ScriptedServer { _ in .close }
        let configuration = UpstreamConfiguration(
            endpoint: try AzureRealtimeEndpoint(endpoint: "https://127.0.0.1:\(closer.port)", apiVersion: nil),
            deployment: "gpt-realtime", credential: .apiKey("k"),
            tls: try TLSConfiguration.client(trust: .caFile(try TestCertificates.shared().caFile)))
        // The TCP peer reads the ClientHello as an HTTP request, fails to parse it and closes.
        let message = try #require(await loop.open(configuration).failure)
        #expect(message.contains("TLS"), "\(message)")
    }
}
