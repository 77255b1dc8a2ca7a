// `serve --log-viewer`: the recorded sessions listed and served behind a token, in the real binary.
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

extension ChildProcessTests {
@Suite struct LogViewerProcessTests {
    private func get(_ path: String, port: Int, token: String? = nil) throws -> TestResponse {
        let connection = try TestConnection(port: port)
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        try connection.send("GET \(path) HTTP/1.1\r\nHost: relay\r\n\(authorization)Connection: close\r\n\r\n")
        return try connection.readResponse()
    }

    @Test func theViewerListsAndServesSessionsOnlyWithAToken() throws {
        let directory = TemporaryDirectory(prefix: "relay-log-viewer")
        let token = "viewer-token-0123456789abcdef"
        let tokens = directory.write("viewer-tokens", "# who may read the logs\n\(token)\n")
        let relay = try RelayProcess(arguments: "--log-dir '\(directory.path)/logs' --log-viewer '\(tokens)'")
        let client = try RawWebSocketClient(port: relay.port, path: "/realtime", timeout: 10)
        _ = try client.receive()
        try client.send(text: #"{"type":"input_audio_buffer.clear"}"#)
        try client.send(opcode: 8, payload: [0x03, 0xE8])
        usleep(1_500_000)  // the writer flushes at least every second

        #expect(try get("/logs/api/sessions", port: relay.port).status == 401)
        #expect(try get("/logs/api/sessions", port: relay.port, token: "wrong-token-0123456789abcdef").status == 401)
        let listing = try get("/logs/api/sessions", port: relay.port, token: token)
        #expect(listing.status == 200)
        #expect(listing.text.contains(#""session":"rs_"#), "\(listing.text)")
        let name = try #require(listing.text.split(separator: "\"").first { $0.hasSuffix(".jsonl") })
        let log = try get("/logs/api/sessions/\(name)", port: relay.port, token: token)
        #expect(log.status == 200)
        #expect(log.text.contains(#""event":"session_start""#))
        #expect(log.text.contains("input_audio_buffer.clear"))
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
    }

    @Test func withoutTheOptionThereIsNoViewer() throws {
        let directory = TemporaryDirectory(prefix: "relay-no-log-viewer")
        let relay = try RelayProcess(arguments: "--log-dir '\(directory.path)/logs'")
        #expect(try get("/logs/api/sessions", port: relay.port, token: "viewer-token-0123456789abcdef").status == 404)
        relay.child.signal(SIGTERM)
        #expect(relay.child.waitForExit(timeout: 10) == 0)
    }

    @Test func aBadTokenFileStopsStartUpWithAReason() throws {
        let directory = TemporaryDirectory(prefix: "relay-bad-log-viewer")
        let tokens = directory.write("viewer-tokens", "short\n")
        let child = try ChildProcess(shellCommand: "exec '\(ChildProcess.relayBinary())' serve --simulator --port 0 --log-dir '\(directory.path)/logs' --log-viewer '\(tokens)'")
        #expect(child.waitForExit(timeout: 20) != 0)
        #expect(child.output.contains("--log-viewer"), "\(child.output)")
    }
}
}
