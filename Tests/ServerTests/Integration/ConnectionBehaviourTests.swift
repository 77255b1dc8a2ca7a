// HTTP/1.1 connection handling over real sockets: keep-alive, pipelining, limits, timeouts, isolation.
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

@Suite struct ConnectionBehaviourTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let server = try TestServer()
        let connection = try server.connect()
        for _ in 0..<20 {
            try connection.send(TestServer.get("/healthz"))
            let response = try connection.readResponse()
            #expect(response.status == 200 && response.text == "ok\n")
            #expect(response.header("connection") == nil)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send(TestServer.get("/healthz") + TestServer.get("/app.js") + TestServer.get("/nope")
                            + TestServer.get("/metrics") + TestServer.get("/readyz"))
        #expect(try connection.readResponse().text == "ok\n")
        #expect(try connection.readResponse().text == "console.log('relay')\n")
        #expect(try connection.readResponse().status == 404)
        #expect(try connection.readResponse().text.contains("relay_http_requests_total"))
        #expect(try connection.readResponse().text == "ready\n")
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send(TestServer.get("/healthz", "Connection: close\r\n"))
        let response = try connection.readResponse()
        #expect(response.header("connection") == "close")
        #expect(connection.peerClosed())
    }

    @Test func http10WithoutKeepAliveCloses() throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send("GET /healthz HTTP/1.0\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
        #expect(connection.peerClosed())
    }

    /// Each bad request gets its status, a readable reason and a close.
    @Test(arguments: [
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 17000))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-F\($0): v\r\n" }.joined() + "\r\n", 431),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Bad : 1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: x\n\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 413),
        // RFC 9112 §6.3: chunked not final -> 400; an unknown coding before chunked -> 501 (§6.1).
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    ])
    func badRequestsGetTheirStatusAndAClose(raw: String, status: Int) throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send(raw)
        let response = try connection.readResponse()
        #expect(response.status == status)
        #expect(response.header("connection") == "close")
        #expect(response.text.hasPrefix("\(status) "))
        #expect(connection.peerClosed())
    }

    @Test func otherMethodsGet405WithAllow() throws {
        let server = try TestServer()
        let response = try server.request("DELETE /app.js HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response.status == 405)
        #expect(response.header("allow") == "GET, HEAD")
    }

    @Test func requestBodyIsReadAndTheConnectionStaysUsable() throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                            + "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                            + TestServer.get("/healthz"))
        #expect(try connection.readResponse().status == 405)
        #expect(try connection.readResponse().status == 405)
        #expect(try connection.readResponse().text == "ok\n")
    }

    @Test func slowHeaderGets408AndIsClosed() throws {
        let server = try TestServer { $0.headerTimeout = 0.3 }
        let connection = try server.connect()
        try connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        let start = ChildProcess.now()
        let response = try connection.readResponse()
        #expect(response.status == 408)
        #expect(ChildProcess.now() - start < 3)
        #expect(connection.peerClosed())
    }

    @Test func silentConnectionIsClosedAfterTheHeaderTimeout() throws {
        let server = try TestServer { $0.headerTimeout = 0.3 }
        let connection = try server.connect()
        #expect(connection.peerClosed())
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer { $0.keepAliveTimeout = 0.3 }
        let connection = try server.connect()
        try connection.send(TestServer.get("/healthz"))
        #expect(try connection.readResponse().status == 200)
        #expect(connection.peerClosed())
    }

    @Test func garbageOnOneConnectionDoesNotDisturbAnother() throws {
        let server = try TestServer(threads: 1)
        let good = try server.connect()
        try good.send(TestServer.get("/healthz"))
        #expect(try good.readResponse().status == 200)
        for _ in 0..<20 {
            let bad = try server.connect()
            try bad.send([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a])
            #expect(try bad.readResponse().status == 400)
        }
        try good.send(TestServer.get("/app.js"))
        #expect(try good.readResponse().status == 200)
    }

    @Test func peerThatNeverReadsIsBoundedAndOthersAreServed() throws {
        let server = try TestServer(threads: 1)
        let greedy = try server.connect()
        var small: Int32 = 4096
        setsockopt(greedy.descriptor, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        // Thousands of pipelined requests for a 64 KiB file whose responses the client never reads:
        // far more than any socket buffer holds.
        server.directory.write("Public/big.bin", String(repeating: "x", count: 64 * 1024))
        let burst = String(repeating: TestServer.get("/big.bin"), count: 5000)
        try? greedy.send(burst)
        let other = try server.connect()
        try other.send(TestServer.get("/healthz"))
        #expect(try other.readResponse().status == 200)
        let metrics = try server.request(TestServer.get("/metrics")).text
        // Responses stop being produced once the greedy peer's output queue is full.
        let served = metrics.split(separator: "\n").first { $0.hasPrefix("relay_http_requests_total{code=\"200\"}") }
        let count = served.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(count < 1000)
    }
}

@Suite struct ExpectationTests {
    @Test func expectContinueWithABodyGetsTheFinalAnswerAtOnce() throws {
        let server = try TestServer()
        let connection = try server.connect()
        try connection.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
        let start = ChildProcess.now()
        let response = try connection.readResponse()
        #expect(response.status == 405)
        #expect(response.header("connection") == "close")
        #expect(ChildProcess.now() - start < 1)
    }

    @Test func notModifiedCarriesNoContentLength() throws {
        let server = try TestServer()
        let etag = try #require(try server.request(TestServer.get("/app.js")).header("etag"))
        let response = try server.request(TestServer.get("/app.js", "If-None-Match: \(etag)\r\n"))
        #expect(response.status == 304)
        #expect(response.header("content-length") == nil)
    }

    @Test func resetWhileResponsesAreBlockedClosesCleanly() throws {
        let server = try TestServer(threads: 1)
        server.directory.write("Public/big.bin", String(repeating: "y", count: 256 * 1024))
        do {
            let greedy = try server.connect()
            try? greedy.send(String(repeating: TestServer.get("/big.bin"), count: 200))
            usleep(100_000)
            // SO_LINGER 0: close sends RST while the server's writes are blocked and reading paused.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(greedy.descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
        #expect(eventually {
            let metrics = (try? server.request(TestServer.get("/metrics")).text) ?? ""
            return metrics.contains("relay_http_connections_open 1\n")
        })
    }
}
