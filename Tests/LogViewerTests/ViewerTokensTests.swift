// The viewer's tokens: what is accepted at start-up, how a presented token is checked, and the token file.
@testable import LogViewer
import Testing
import TestSupport

@Suite struct ViewerTokensTests {
    @Test func acceptsExactlyTheConfiguredTokens() throws {
        let tokens = try ViewerTokens(["0123456789abcdef", "another-token-of-twenty+/="])
        #expect(tokens.accepts("0123456789abcdef".utf8))
        #expect(tokens.accepts("another-token-of-twenty+/=".utf8))
        #expect(!tokens.accepts("0123456789abcdeF".utf8))
        #expect(!tokens.accepts("0123456789abcde".utf8))
        #expect(!tokens.accepts("0123456789abcdef0".utf8))
        // A guess that repeats a token (the modulo in the comparison must not make it match).
        #expect(!tokens.accepts("0123456789abcdef0123456789abcdef".utf8))
        #expect(!tokens.accepts("".utf8))
    }

    @Test(arguments: ["", "short", "fifteen-chars!!", "has space in the middle", "quote\"d-0123456789", "t\u{E9}ken-0123456789abc",
                      String(repeating: "a", count: 513)])
    func unusableTokensAreRefusedAtStartUp(token: String) {
        #expect(throws: LogViewerSetupError.unusableToken(length: token.utf8.count)) { try ViewerTokens([token]) }
    }

    @Test func noTokensIsRefused() {
        #expect(throws: LogViewerSetupError.noTokens) { try ViewerTokens([]) }
        let message = LogViewerSetupError.noTokens.description
        #expect(message.contains("openssl rand -hex 32"))
    }

    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER   abc", "abc"),
        ("Bearer", nil), ("Basic abc", nil), ("Bearerabc", nil), ("Bearers abc", nil), ("abc", nil),
    ] as [(String, String?)])
    func bearerTokenIsTakenFromTheField(field: String, token: String?) {
        #expect(BearerCredentials.token(in: field).map { String(Substring($0)) } == token)
    }

    @Test func tokenFileSkipsCommentsBlankLinesAndCarriageReturns() throws {
        let directory = TemporaryDirectory(prefix: "relay-viewer-tokens")
        let path = directory.write("tokens", "# viewer tokens\n\n  0123456789abcdef  \r\nsecond-token-0123456789\n#last\n")
        #expect(try LogViewerTokenFile.read(path) == ["0123456789abcdef", "second-token-0123456789"])
        // What the file gives must be usable as it is.
        #expect(try ViewerTokens(LogViewerTokenFile.read(path)).accepts("second-token-0123456789".utf8))
    }

    @Test func anEmptyOrMissingTokenFileIsAnErrorThatNamesIt() throws {
        let directory = TemporaryDirectory(prefix: "relay-viewer-tokens")
        let empty = directory.write("tokens", "# nothing yet\n\n")
        #expect(throws: LogViewerSetupError.tokenFile(path: empty, reason: "it holds no token")) {
            try LogViewerTokenFile.read(empty)
        }
        let missing = "\(directory.path)/missing"
        do {
            _ = try LogViewerTokenFile.read(missing)
            Issue.record("a missing file must be an error")
        } catch {
            #expect(error.description.contains(missing))
            #expect(error.description.contains("No such file"))
        }
    }

    @Test func theServiceRefusesBadTokensToo() {
        #expect(throws: LogViewerSetupError.unusableToken(length: 5)) {
            try LogViewerService(directory: "/nonexistent", tokens: ["0123456789abcdef", "short"])
        }
    }
}
