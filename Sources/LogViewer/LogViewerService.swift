// The log viewer's HTTP API: the list of session logs and each log's bytes, behind a Bearer token.
import HTTP
import Server

/// Answers `/logs/api/…` for the static page `Public/logs.html`, and redirects `/logs` to that page.
///
/// - `GET /logs/api/sessions`: `{"sessions":[{"file","session","started","bytes","gzip"}…]}`,
///   newest first, at most `listLimit`.
/// - `GET /logs/api/sessions/FILE`: the file as stored (`application/x-ndjson`; a `.gz` file with
///   `Content-Encoding: gzip`, so a browser inflates it).
///
/// Every API request needs `Authorization: Bearer TOKEN` with one of the configured tokens, since
/// the logs hold what people said. When the viewer is off the service is simply not installed and
/// all of this is a 404.
package struct LogViewerService: HTTPService {
    static let apiPrefix = "/logs/api/"
    static let sessionsPath = "/logs/api/sessions"
    static let listLimit = 500

    let directory: LogDirectory
    let tokens: ViewerTokens

    /// - Parameters:
    ///   - directory: the frame log dir (`--log-dir`).
    ///   - tokens: the access tokens (see `LogViewerTokenFile`); each 16 to 512 token68 characters.
    package init(directory: String, tokens: [String]) throws(LogViewerSetupError) {
        self.directory = LogDirectory(path: directory)
        self.tokens = try ViewerTokens(tokens)
    }

    package func handles(path: String) -> Bool {
        path == "/logs" || path.hasPrefix(Self.apiPrefix)
    }

    package func respond(to head: HTTPRequestHead) -> HTTPServiceResponse {
        if head.path == "/logs" { return .redirect(to: "/logs.html") }
        guard let token = BearerCredentials.token(in: head.headers["authorization"]) else {
            return .unauthorized("send the log viewer token as Authorization: Bearer TOKEN", invalidToken: false)
        }
        guard tokens.accepts(token) else {
            return .unauthorized("this token does not open the log viewer: use one from the server's --log-viewer file",
                                 invalidToken: true)
        }
        if head.path == Self.sessionsPath { return listSessions() }
        // The name must be one the writer makes, which has no '/', '%' or "..": nothing to escape from.
        let prefix = Self.sessionsPath + "/"
        guard head.path.hasPrefix(prefix), let name = LogFileName(String(head.path.dropFirst(prefix.count))) else {
            return .jsonError(.notFound, "no such log viewer endpoint: use \(Self.sessionsPath) or \(prefix)FILE")
        }
        return serveLog(name)
    }

    private func listSessions() -> HTTPServiceResponse {
        let entries: [LogDirectory.Entry]
        do {
            entries = try directory.newest(limit: Self.listLimit)
        } catch {
            return .jsonError(.internalServerError,
                              "the log dir cannot be read (\(error.reason)): check its owner and mode against the user running the relay")
        }
        return .json(.ok, SessionListing.render(entries))
    }

    private func serveLog(_ name: LogFileName) -> HTTPServiceResponse {
        guard let (descriptor, size) = directory.open(name) else {
            return .jsonError(.notFound, "no log file \(name.name): it may have been pruned; reload the list")
        }
        var fields = HTTPServiceResponse.privateFields
        if name.gzip { fields.append(("Content-Encoding", "gzip")) }
        return HTTPServiceResponse(status: .ok, contentType: "application/x-ndjson", headerFields: fields,
                                   body: .file(descriptor: descriptor, count: size))
    }
}
