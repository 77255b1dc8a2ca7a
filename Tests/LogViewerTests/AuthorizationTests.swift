// Who may read logs: only a request with one of the viewer's tokens; everyone else gets 401 and a challenge.
import JSON
import Testing

@Suite struct AuthorizationTests {
    @Test(arguments: ["/logs/api/sessions", "/logs/api/sessions/\(LogViewerFixture.plain)", "/logs/api/nothing-here"])
    func withoutATokenEveryEndpointIs401(target: String) throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get(target, token: nil)
        #expect(response.status == 401)
        #expect(response.header("www-authenticate") == #"Bearer realm="realtime-relay logs""#)
        #expect(response.header("content-type") == "application/json")
        let message = try JSONValue.parse(response.body)["error"]?.stringValue
        #expect(message?.contains("Authorization: Bearer") == true)
        #expect(!response.text.contains("session_start"))
    }

    @Test(arguments: [
        "wrong-token-0123456789abcdef",      // same length, wrong bytes
        "viewer-token-0123456789abcde",       // a prefix of the real one
        "viewer-token-0123456789abcdefX",     // the real one plus a byte
        "VIEWER-TOKEN-0123456789ABCDEF",      // tokens are case-sensitive
        "x",
    ])
    func aWrongTokenIs401WithInvalidToken(token: String) throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get("/logs/api/sessions/\(LogViewerFixture.plain)", token: token)
        #expect(response.status == 401)
        #expect(response.header("www-authenticate") == #"Bearer realm="realtime-relay logs", error="invalid_token""#)
        #expect(!response.text.contains("session_start"))
    }

    @Test(arguments: [
        "Basic dmlld2VyOnRva2Vu", "Bearer", "Bearer ", "Token viewer-token-0123456789abcdef",
        "viewer-token-0123456789abcdef",
    ])
    func otherAuthorizationSchemesAre401(field: String) throws {
        let fixture = try LogViewerFixture()
        let connection = try fixture.connect()
        try connection.send("GET /logs/api/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: \(field)\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 401)
        #expect(response.header("www-authenticate")?.hasPrefix("Bearer") == true)
    }

    @Test func anyConfiguredTokenWorksAndTheSchemeIsCaseInsensitive() throws {
        let fixture = try LogViewerFixture()
        #expect(try fixture.get("/logs/api/sessions", token: LogViewerFixture.secondToken).status == 200)
        let connection = try fixture.connect()
        try connection.send("GET /logs/api/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: bEaReR   \(LogViewerFixture.token)\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
    }

    @Test func theViewerOffMeansEverythingIs404() throws {
        let fixture = try LogViewerFixture(installed: false)
        for target in ["/logs/api/sessions", "/logs/api/sessions/\(LogViewerFixture.plain)", "/logs"] {
            let response = try fixture.get(target)
            #expect(response.status == 404, "\(target)")
            #expect(!response.text.contains("session_start"))
        }
    }

    @Test func theShortPathRedirectsToThePageWithoutAToken() throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get("/logs", token: nil)
        #expect(response.status == 302)
        #expect(response.header("location") == "/logs.html")
        #expect(response.header("content-length") == "0")
    }
}
