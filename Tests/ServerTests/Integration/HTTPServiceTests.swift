// An application's HTTPService over real sockets: byte and file bodies, HEAD, 405, and what it cannot shadow.
#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Server
import Testing
import TestSupport

/// Claims `/app/…` (or every path): `/app/bytes` answers from memory, `/app/file` from an open file,
/// anything else with a 404 of its own.
private final class ProbeService: HTTPService {
    let filePath: String
    let claimsEverything: Bool

    init(filePath: String, claimsEverything: Bool = false) {
        self.filePath = filePath
        self.claimsEverything = claimsEverything
    }

    func handles(path: String) -> Bool { claimsEverything || path.hasPrefix("/app/") }

    func respond(to head: HTTPRequestHead) -> HTTPServiceResponse {
        switch head.path {
        case "/app/bytes":
            return HTTPServiceResponse(status: .ok, contentType: "application/json",
                                       headerFields: [("Cache-Control", "no-store"), ("X-Probe", head.query ?? "-")],
                                       body: .bytes(Array(#"{"probe":true}"#.utf8)))
        case "/app/file":
            let descriptor = open(filePath, O_RDONLY | O_CLOEXEC)
            var status = stat()
            fstat(descriptor, &status)
            return HTTPServiceResponse(status: .ok, contentType: "application/octet-stream",
                                       body: .file(descriptor: descriptor, count: Int(status.st_size)))
        default:
            return HTTPServiceResponse(status: .notFound, contentType: "text/plain", body: .bytes(Array("probe 404\n".utf8)))
        }
    }
}

@Suite struct HTTPServiceTests {
    /// 200 KB, so the file body takes several sendfile calls and cannot hide in one segment.
    static let fileContents = String(repeating: "0123456789abcdef", count: 12_800)

    /// A server with the probe installed; its file sits next to the public dir, so it lives as long as the server.
    private func makeServer(claimsEverything: Bool = false) throws -> TestServer {
        try TestServer { configuration in
            let path = configuration.publicDirectory! + "/../service-body.bin"
            let file = fopen(path, "w")!
            fputs(Self.fileContents, file)
            fclose(file)
            configuration.httpService = ProbeService(filePath: path, claimsEverything: claimsEverything)
        }
    }

    @Test func bytesBodyCarriesTheServiceFields() throws {
        let server = try makeServer()
        let response = try server.request(TestServer.get("/app/bytes?x=1"))
        #expect(response.status == 200)
        #expect(response.text == #"{"probe":true}"#)
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("content-length") == "14")
        #expect(response.header("cache-control") == "no-store")
        #expect(response.header("x-probe") == "x=1")
        #expect(response.header("date") != nil)
    }

    @Test func fileBodyIsSentWholeAndTheConnectionStaysUsable() throws {
        let server = try makeServer()
        let connection = try server.connect()
        try connection.send(TestServer.get("/app/file") + TestServer.get("/app/bytes"))
        let file = try connection.readResponse()
        #expect(file.status == 200)
        #expect(file.header("content-length") == String(Self.fileContents.utf8.count))
        #expect(file.text == Self.fileContents)
        // The pipelined request after a sendfile body parses only if the body had exactly its length.
        #expect(try connection.readResponse().text == #"{"probe":true}"#)
    }

    @Test func headSendsTheLengthWithoutABody() throws {
        let server = try makeServer()
        let connection = try server.connect()
        try connection.send("HEAD /app/file HTTP/1.1\r\nHost: x\r\n\r\n" + "HEAD /app/bytes HTTP/1.1\r\nHost: x\r\n\r\n"
                            + TestServer.get("/app/bytes"))
        let fileHead = try connection.readResponse(bodyExpected: false)
        #expect(fileHead.status == 200)
        #expect(fileHead.header("content-length") == String(Self.fileContents.utf8.count))
        let bytesHead = try connection.readResponse(bodyExpected: false)
        #expect(bytesHead.header("content-length") == "14")
        // Had either HEAD sent a body, this response would start inside it.
        let next = try connection.readResponse()
        #expect(next.status == 200 && next.text == #"{"probe":true}"#)
    }

    @Test(arguments: ["POST", "PUT", "DELETE"])
    func otherMethodsGetTheServers405(method: String) throws {
        let server = try makeServer()
        let response = try server.request("\(method) /app/bytes HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(response.status == 405)
        #expect(response.header("allow") == "GET, HEAD")
    }

    @Test func serviceStatusesPassThrough() throws {
        let server = try makeServer()
        let response = try server.request(TestServer.get("/app/missing"))
        #expect(response.status == 404)
        #expect(response.text == "probe 404\n")
    }

    @Test func unclaimedPathsStillServeStaticFiles() throws {
        let server = try makeServer()
        #expect(try server.request(TestServer.get("/")).text == TestServer.indexHTML)
        #expect(try server.request(TestServer.get("/app.js")).status == 200)
    }

    @Test func operationsEndpointsCannotBeShadowed() throws {
        let server = try makeServer(claimsEverything: true)
        #expect(try server.request(TestServer.get("/healthz")).text == "ok\n")
        #expect(try server.request(TestServer.get("/readyz")).text == "ready\n")
        // …while a static path is now the service's.
        #expect(try server.request(TestServer.get("/app.js")).text == "probe 404\n")
    }
}
