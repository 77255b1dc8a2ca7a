// /healthz, /readyz, /metrics and draining, in process.
import Testing
import TestSupport

@Suite struct OperationsTests {
    @Test func healthAndReadinessAnswer200WhileServing() throws {
        let server = try TestServer()
        #expect(try server.request(TestServer.get("/healthz")).status == 200)
        let ready = try server.request(TestServer.get("/readyz"))
        #expect(ready.status == 200 && ready.text == "ready\n")
        #expect(ready.header("cache-control") == "no-store")
    }

    @Test func metricsCountRequestsConnectionsAndBytesAcrossLoops() throws {
        let server = try TestServer(threads: 2)
        for _ in 0..<6 { _ = try server.request(TestServer.get("/app.js")) }
        _ = try server.request(TestServer.get("/missing"))
        let response = try server.request(TestServer.get("/metrics"))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "text/plain; version=0.0.4; charset=utf-8")
        let lines = Set(response.text.split(separator: "\n").map(String.init))
        #expect(lines.contains("relay_http_requests_total{code=\"200\"} 6"))
        #expect(lines.contains("relay_http_requests_total{code=\"404\"} 1"))
        #expect(lines.contains("relay_http_connections_accepted_total 8"))
        #expect(lines.contains("# TYPE relay_http_connections_open gauge"))
        #expect(response.text.contains("relay_http_received_bytes_total "))
        #expect(!response.text.contains("relay_http_sent_bytes_total 0\n"))
    }

    @Test func drainTurnsReadinessTo503FinishesInFlightAndStopsAccepting() throws {
        let server = try TestServer { $0.drainTimeout = 5 }
        let inFlight = try server.connect()
        try inFlight.send("GET /readyz HTTP/1.1\r\nHost: x\r\n")  // head not finished yet
        let idle = try server.connect()
        try idle.send(TestServer.get("/healthz"))
        #expect(try idle.readResponse().status == 200)
        usleep(50_000)
        server.server.beginDrain()
        #expect(idle.peerClosed())                        // idle keep-alive: closed at once
        try inFlight.send("\r\n")                          // finish the request in flight
        let response = try inFlight.readResponse()
        #expect(response.status == 503 && response.text == "draining\n")
        #expect(response.header("connection") == "close")
        #expect(inFlight.peerClosed())
        // No new connections: refused, or (the port reused by a server of a parallel test) not ours,
        // since ours would answer "draining".
        if let late = try? TestConnection(port: server.port) {
            try late.send(TestServer.get("/readyz"))
            let answer = try? late.readResponse()
            #expect(answer?.text != "draining\n", "the draining server accepted a new connection")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
