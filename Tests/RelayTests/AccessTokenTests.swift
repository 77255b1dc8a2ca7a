// Client access tokens: every place a client can put one, refusals before the upgrade, and the file format.
import JSON
@testable import Relay
import TestSupport
import Testing

@Suite struct AccessTokenTests {
    static let token = "relay-test-token-0123456789"

    func relay() throws -> RelayUnderTest {
        try RelayUnderTest { $0.accessTokens = AccessTokens([Self.token, "another-token-abcdefghij"]) }
    }

    /// The upgrade's status and, when refused, the JSON error code.
    func upgrade(_ relay: RelayUnderTest, path: String = "/realtime", fields: String = "") throws -> (Int, String?) {
        let connection = try TestConnection(port: relay.port)
        try connection.send("GET \(path) HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(fields)\r\n")
        let response = try connection.readResponse(bodyExpected: false)
        guard response.status != 101 else { return (101, response.header("sec-websocket-protocol")) }
        let body = try? connection.receiveUntilClosed()
        let code = body.flatMap { try? JSONValue.parse($0) }?["error"]?["code"]?.stringValue
        return (response.status, code)
    }

    @Test func withoutATokenTheUpgradeIs401() throws {
        let relay = try relay()
        let (status, code) = try upgrade(relay)
        #expect(status == 401)
        #expect(code == "unauthorized")
        #expect(relay.upstream.server.requests.isEmpty)
    }

    @Test func aWrongTokenIs401() throws {
        let relay = try relay()
        #expect(try upgrade(relay, fields: "Authorization: Bearer relay-test-token-0123456780\r\n").0 == 401)
        #expect(try upgrade(relay, path: "/realtime?access_token=short").0 == 401)
    }

    @Test func aTokenIsAcceptedFromEachPlace() throws {
        let relay = try relay()
        #expect(try upgrade(relay, fields: "Authorization: Bearer \(Self.token)\r\n").0 == 101)
        #expect(try upgrade(relay, path: "/openai/v1/realtime?model=gpt-realtime", fields: "api-key: \(Self.token)\r\n").0 == 101)
        #expect(try upgrade(relay, path: "/realtime?access_token=\(Self.token)").0 == 101)
        let (status, subprotocol) = try upgrade(relay, fields: "Sec-WebSocket-Protocol: realtime, relay-token.\(Self.token)\r\n")
        #expect(status == 101)
        #expect(subprotocol == "realtime", "the token's subprotocol is never echoed")
    }

    @Test func theTokenNeverGoesUpstream() throws {
        let relay = try relay()
        let client = try relay.client(fields: "Authorization: Bearer \(Self.token)\r\n")
        _ = try client.receiveEvent()
        let request = try #require(relay.upstream.server.requests.first)
        #expect(!request.headers.contains { $0.value.contains(Self.token) })
        #expect(request.header("api-key") == "relay-upstream-key")
    }

    @Test func theFileFormat() throws {
        let directory = TemporaryDirectory(prefix: "tokens")
        let good = directory.write("tokens", "# demo tokens\n\n  \(Self.token)  \nanother-token-abcdefghij\r\n")
        #expect(try AccessTokens.load(path: good).tokens.count == 2)
        let short = directory.write("short", "tiny\n")
        #expect(throws: AccessTokensError.self) { try AccessTokens.load(path: short) }
        let empty = directory.write("empty", "# nothing\n")
        #expect(throws: AccessTokensError.self) { try AccessTokens.load(path: empty) }
        #expect(throws: AccessTokensError.self) { try AccessTokens.load(path: "/nonexistent/tokens") }
    }
}
