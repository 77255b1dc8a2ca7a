// An in-process server on 127.0.0.1:0 with its own public directory, stopped when the test ends.
import HTTP
import Logging
import Server
import TestSupport

final class TestServer {
    let directory = TemporaryDirectory(prefix: "relay-public")
    let server: HTTPServer
    let port: Int

    static let indexHTML = "<!doctype html><title>realtime-relay</title><h1>placeholder</h1>\n"
    static let secret = "TOP-SECRET-OUTSIDE-THE-ROOT"

    init(threads: Int = 2, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory.write("Public/index.html", Self.indexHTML)
        directory.write("Public/app.js", "console.log('relay')\n")
        directory.write("Public/sub/index.html", "<p>sub</p>\n")
        directory.write("secret.txt", Self.secret)
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = threads
        configuration.publicDirectory = "\(directory.path)/Public"
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        configure(&configuration)
        server = try HTTPServer(configuration: configuration)
        port = try server.start().port
    }

    deinit {
        server.stop()
        server.waitUntilStopped()
    }

    func connect() throws -> TestConnection { try TestConnection(port: port) }

    /// Sends one request on a new connection and reads the response.
    func request(_ raw: String, bodyExpected: Bool = true) throws -> TestResponse {
        let connection = try connect()
        try connection.send(raw)
        return try connection.readResponse(bodyExpected: bodyExpected)
    }

    static func get(_ target: String, _ extraFields: String = "") -> String {
        "GET \(target) HTTP/1.1\r\nHost: localhost\r\n\(extraFields)\r\n"
    }
}
