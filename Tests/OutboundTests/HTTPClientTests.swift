// The one-shot HTTP/1.1 client against scripted loopback servers: framing, limits, timeouts, refusals.
import NetworkTestSupport
import Outbound
import Posix
import Reactor
import TLS
import Testing

/// What a test keeps of a response.
struct ResponseSummary: Sendable, Equatable {
    var status: Int
    var body: String
    var contentType: String?
}

/// Sends `request` from the test loop (https with `tls`) and summarises the answer.
func send(_ request: HTTPClientRequest, tls: TLSConfiguration? = nil, on loop: OutboundTestLoop) async throws
    -> Outcome<ResponseSummary> {
    try await loop.run { context, done in
        HTTPClient.send(request, context: context, tls: tls) { result in
            done(Outcome(result.map {
                ResponseSummary(status: $0.status, body: String(decoding: $0.body, as: UTF8.self),
                                contentType: $0.header("content-type"))
            }))
        }
    }
}

@Suite struct HTTPClientTests {
    let loop: OutboundTestLoop
    init() throws { loop = try OutboundTestLoop() }

    @Test func getWithContentLength() async throws {
        let server = try ScriptedServer { _ in .json(200, #"{"ok":true}"#) }
        let outcome = try await send(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/metadata?x=1"), on: loop)
        #expect(outcome == .success(ResponseSummary(status: 200, body: #"{"ok":true}"#, contentType: "application/json")))
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/metadata")
        #expect(request.query == "x=1")
        #expect(request.header("host") == "127.0.0.1:\(server.port)")
        #expect(request.header("connection") == "close")
    }

    @Test func postSendsTheBodyWithItsLength() async throws {
        let server = try ScriptedServer { request in .json(200, "{\"echo\":\"\(request.bodyText)\"}") }
        let form = "grant_type=client_credentials&scope=x"
        let request = HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(server.port)/tenant/oauth2/v2.0/token",
                                        headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                        body: Array(form.utf8))
        let outcome = try await send(request, on: loop)
        #expect(outcome == .success(ResponseSummary(status: 200, body: "{\"echo\":\"\(form)\"}", contentType: "application/json")))
        let seen = try #require(server.requests.first)
        #expect(seen.header("content-length") == "\(form.utf8.count)")
        #expect(seen.header("content-type") == "application/x-www-form-urlencoded")
        #expect(seen.bodyText == form)
    }

    @Test func chunkedAndUntilCloseBodies() async throws {
        let chunked = try ScriptedServer { _ in
            .raw(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".utf8))
        }
        #expect(try await send(HTTPClientRequest(url: "http://127.0.0.1:\(chunked.port)/"), on: loop)
            == .success(ResponseSummary(status: 200, body: "hello world", contentType: nil)))
        let untilClose = try ScriptedServer { _ in .raw(Array("HTTP/1.0 200 OK\r\n\r\nuntil the end".utf8)) }
        #expect(try await send(HTTPClientRequest(url: "http://127.0.0.1:\(untilClose.port)/"), on: loop)
            == .success(ResponseSummary(status: 200, body: "until the end", contentType: nil)))
    }

    @Test func anInterimResponseIsSkipped() async throws {
        let server = try ScriptedServer { _ in
            .raw(Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok".utf8))
        }
        #expect(try await send(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/"), on: loop)
            == .success(ResponseSummary(status: 201, body: "ok", contentType: nil)))
    }

    @Test func errorStatusesAreResponsesNotFailures() async throws {
        let server = try ScriptedServer { _ in .json(400, #"{"error":"invalid_request","error_description":"Identity not found"}"#) }
        let outcome = try await send(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/"), on: loop)
        guard case .success(let response) = outcome else { Issue.record("\(outcome)"); return }
        #expect(response.status == 400)
        #expect(response.body.contains("Identity not found"))
    }

    @Test func aBodyOverTheCapFails() async throws {
        let server = try ScriptedServer { _ in .respond(status: 200, headers: [], body: [UInt8](repeating: 0x61, count: 10_000)) }
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/big", maxResponseBodyBytes: 4096)
        #expect(try await send(request, on: loop)
            == .failure("http://127.0.0.1:\(server.port)/big sent a response body larger than 4096 bytes"))
    }

    @Test func anEndlessHeadFailsAtTheParserLimit() async throws {
        let server = try ScriptedServer { _ in
            .raw(Array("HTTP/1.1 200 OK\r\n".utf8) + Array(String(repeating: "X-Filler: aaaaaaaaaaaaaaaaaaaa\r\n", count: 2000).utf8))
        }
        let outcome = try await send(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/"), on: loop)
        let message = try #require(outcome.failureMessage)
        #expect(message.contains("not valid HTTP"))
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try ScriptedServer { _ in .hang }
        let (outcome, elapsed) = try await loop.run { context, done in
            let start = MonotonicClock.now()
            HTTPClient.send(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/slow", timeout: 0.3), context: context,
                            tls: nil) { done((Outcome($0.map { $0.status }), Double(MonotonicClock.now() - start) / 1e9)) }
        } as (Outcome<Int>, Double)
        #expect(outcome == .failure("no response from http://127.0.0.1:\(server.port)/slow within 0.3 s"))
        #expect(elapsed < 2)
    }

    @Test func garbageAndEarlyClosesAreClearErrors() async throws {
        let garbage = try ScriptedServer { _ in .raw(Array("SSH-2.0-OpenSSH_9.2\r\n\r\n".utf8)) }
        let message = try #require(try await send(HTTPClientRequest(url: "http://127.0.0.1:\(garbage.port)/"), on: loop).failureMessage)
        #expect(message.hasPrefix("http://127.0.0.1:\(garbage.port)/ sent a response that is not valid HTTP"))

        let closer = try ScriptedServer { _ in .close }
        let closed = try await send(HTTPClientRequest(url: "http://127.0.0.1:\(closer.port)/"), on: loop)
        #expect(closed.failureMessage?.contains("closed the connection before the response was complete") == true
                || closed.failureMessage?.contains("connection to") == true)

        let truncated = try ScriptedServer { _ in .raw(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort".utf8)) }
        #expect(try await send(HTTPClientRequest(url: "http://127.0.0.1:\(truncated.port)/"), on: loop)
            == .failure("http://127.0.0.1:\(truncated.port)/ closed the connection before the response was complete"))
    }

    @Test func requestsThatCouldSplitAreRefusedBeforeSending() async throws {
        let injected = HTTPClientRequest(url: "http://127.0.0.1:1/", headers: [("X-Test", "a\r\nInjected: yes")])
        #expect(try await send(injected, on: loop) == .failure("invalid request: the value of X-Test contains control characters"))
        let reserved = HTTPClientRequest(url: "http://127.0.0.1:1/", headers: [("Content-Length", "5")])
        #expect(try await send(reserved, on: loop) == .failure("invalid request: the field Content-Length is written by the client itself"))
        #expect(try await send(HTTPClientRequest(url: "ftp://example.com/"), on: loop)
            == .failure("invalid URL ftp://example.com/: unsupported scheme \"ftp\" (expected http:// or https://)"))
        #expect(try await send(HTTPClientRequest(url: "https://127.0.0.1:1/"), on: loop)
            == .failure("invalid request: https is not available (no TLS configuration)"))
    }
}
