// Static files over real sockets: index, types, validators, 304, HEAD, and traversal attempts.
import Testing
import TestSupport

@Suite struct StaticServingTests {
    @Test func rootServesIndexHTMLWithValidators() throws {
        let server = try TestServer()
        let response = try server.request(TestServer.get("/"))
        #expect(response.status == 200)
        #expect(response.text == TestServer.indexHTML)
        #expect(response.header("content-type") == "text/html; charset=utf-8")
        #expect(response.header("cache-control") == "no-cache")
        #expect(response.header("etag")?.hasPrefix("\"") == true)
        #expect(response.header("last-modified")?.hasSuffix("GMT") == true)
        #expect(response.header("date") != nil)
    }

    @Test func javascriptHasItsTypeAndIsCacheable() throws {
        let server = try TestServer()
        let response = try server.request(TestServer.get("/app.js"))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "text/javascript; charset=utf-8")
        #expect(response.text == "console.log('relay')\n")
    }

    @Test func matchingETagGivesNotModifiedWithoutBody() throws {
        let server = try TestServer()
        let first = try server.request(TestServer.get("/app.js"))
        let etag = try #require(first.header("etag"))
        let connection = try server.connect()
        try connection.send(TestServer.get("/app.js", "If-None-Match: \(etag)\r\n") + TestServer.get("/healthz"))
        let second = try connection.readResponse()
        #expect(second.status == 304)
        #expect(second.header("etag") == etag)
        // The next pipelined response parses cleanly only if the 304 carried no body.
        #expect(try connection.readResponse().text == "ok\n")
    }

    @Test func headGivesHeadersWithoutBody() throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send("HEAD /app.js HTTP/1.1\r\nHost: x\r\n\r\n" + TestServer.get("/healthz"))
        let head = try connection.readResponse(bodyExpected: false)
        #expect(head.status == 200)
        #expect(head.header("content-length") == "21")
        let next = try connection.readResponse()
        #expect(next.status == 200 && next.text == "ok\n")
    }

    @Test func directoryWithSlashServesItsIndex() throws {
        let server = try TestServer()
        #expect(try server.request(TestServer.get("/sub/")).text == "<p>sub</p>\n")
        #expect(try server.request(TestServer.get("/sub")).status == 404)
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt", "/a%00b", "/%2fsecret.txt", "//secret.txt", "/..%2fsecret.txt",
        "/sub/..%5c..%5csecret.txt", "/.%2e/secret.txt", "/missing.html",
    ])
    func traversalAttemptsNeverLeaveTheRoot(target: String) throws {
        let server = try TestServer()
        let response = try server.request(TestServer.get(target))
        #expect([400, 404].contains(response.status), "\(target) -> \(response.status)")
        #expect(!response.text.contains(TestServer.secret))
    }

    @Test func symlinkLeavingTheRootIsNotServed() throws {
        let server = try TestServer()
        _ = symlinkOut(server)
        let response = try server.request(TestServer.get("/leak.txt"))
        #expect(response.status == 404)
        #expect(!response.text.contains(TestServer.secret))
    }

    private func symlinkOut(_ server: TestServer) -> Int32 {
        symlink("\(server.directory.path)/secret.txt", "\(server.directory.path)/Public/leak.txt")
    }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite struct StaticCacheTests {
    @Test func changedFileIsServedAfterTheRevalidationSecond() throws {
        let server = try TestServer(threads: 1)
        let first = try server.request(TestServer.get("/app.js"))
        server.directory.write("Public/app.js", "console.log('changed on disk')\n")
        usleep(1_100_000)
        let second = try server.request(TestServer.get("/app.js"))
        #expect(second.text == "console.log('changed on disk')\n")
        #expect(second.header("etag") != first.header("etag"))
        #expect(second.header("content-length") == "31")
    }

    @Test func largeFilesAreSentWholeFromDisk() throws {
        let server = try TestServer(threads: 1)
        let big = String(repeating: "0123456789abcdef", count: 40_000)  // 640 KB: not kept in memory
        server.directory.write("Public/big.txt", big)
        let response = try server.request(TestServer.get("/big.txt"))
        #expect(response.status == 200 && response.body.count == big.utf8.count)
        #expect(response.text == big)
    }
}
