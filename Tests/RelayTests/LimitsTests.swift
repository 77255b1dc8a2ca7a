// Session limits over real sockets: relay-wide and per-address counts, the rate, the time limit, idleness.
#if canImport(Glibc)
import Glibc
#endif
import JSON
import NetworkTestSupport
import Posix
@testable import Relay
import TestSupport
import Testing

@Suite struct LimitsTests {
    @Test func aFullRelaySays1013() throws {
        let relay = try RelayUnderTest { $0.limits.maxSessions = 1 }
        let first = try relay.client()
        _ = try first.receiveEvent()
        let second = try relay.client()
        #expect(try second.receiveEvent()["error"]?["code"]?.stringValue == "relay_full")
        #expect(try second.receiveClose().code == 1013)
        // The first session is untouched, and its end frees the place.
        try first.send(opcode: 8, payload: [0x03, 0xE8])
        _ = try first.receiveClose()
        #expect(eventually {
            guard let third = try? relay.client() else { return false }
            return (try? third.receiveEvent())?["type"]?.stringValue == "session.created"
        })
    }

    @Test func oneAddressMayNotTakeEverySession() throws {
        let relay = try RelayUnderTest { $0.limits.maxSessionsPerClient = 2 }
        let sessions = try (0..<2).map { _ in try relay.client() }
        for session in sessions { _ = try session.receiveEvent() }
        let extra = try relay.client()
        #expect(try extra.receiveEvent()["error"]?["code"]?.stringValue == "too_many_sessions")
        #expect(try extra.receiveClose().code == 1008)
    }

    @Test func newSessionsAreRateLimitedPerAddress() throws {
        let relay = try RelayUnderTest { $0.limits.newSessionsPerClientPerMinute = 2 }
        for _ in 0..<2 {
            let session = try relay.client()
            #expect(try session.receiveEvent()["type"]?.stringValue == "session.created")
        }
        let third = try relay.client()
        let error = try third.receiveEvent()
        #expect(error["error"]?["code"]?.stringValue == "rate_limited")
        #expect(error["error"]?["message"]?.stringValue?.contains("2 a minute") == true)
        #expect(try third.receiveClose().code == 1008)
    }

    @Test func aSessionIsWarnedThenClosedAtItsTimeLimit() throws {
        let relay = try RelayUnderTest {
            $0.limits.maxSessionSeconds = 1.0
            $0.limits.expiryWarningSeconds = 0.5
        }
        let client = try relay.client()
        var warning: JSONValue?
        while warning == nil {
            let event = try client.receiveEvent()
            if event["type"]?.stringValue == "relay.session.expiring" { warning = event }
        }
        #expect(warning?["seconds_left"]?.intValue == 1)
        let close = try client.receiveClose()
        #expect(close.code == 1000)
        #expect(close.reason == "session time limit reached")
        try client.send(opcode: 8, payload: [0x03, 0xE8])  // a well-behaved client answers the close
        #expect(eventually { relay.upstream.closes.values == [1000] })
    }

    @Test func anIdleClientIsClosed() throws {
        let relay = try RelayUnderTest { $0.limits.idleSeconds = 0.4 }
        let client = try relay.client()
        _ = try client.receiveEvent()
        let close = try client.receiveClose()
        #expect(close.code == 1000)
        #expect(close.reason.hasPrefix("idle"))
    }

    @Test func clientFramesKeepASessionFromBeingIdle() throws {
        let relay = try RelayUnderTest { $0.limits.idleSeconds = 0.6 }
        let client = try relay.client()
        _ = try client.receiveEvent()
        for _ in 0..<5 {
            usleep(250_000)
            try client.send(text: #"{"type":"input_audio_buffer.clear"}"#)
        }
        #expect(eventually { relay.upstream.received.values.count >= 6 }, "the session stayed open and relayed every frame")
    }
}

@Suite struct RelayMetricsTests {
    @Test func sessionsFramesAndTokensAppearInMetrics() throws {
        let relay = try RelayUnderTest()
        let client = try relay.client()
        _ = try client.receiveEvent()
        try client.send(text: #"{"type":"response.create"}"#)
        #expect(eventually { relay.upstream.received.values.count >= 2 })
        let text = try relay.scrapeMetrics()
        #expect(text.contains("relay_sessions_active 1\n"), "\(text)")
        #expect(text.contains("relay_frames_total{direction=\"client_to_upstream\"} 1\n"))
        #expect(text.contains("relay_frames_total{direction=\"upstream_to_client\"} 1\n"))
        #expect(text.contains("relay_frames_injected_total 1\n"))
        #expect(text.contains("relay_frames_rewritten_total 1\n"), "session.created with hidden instructions")
        #expect(text.contains("# TYPE relay_upstream_connect_seconds histogram"))
        #expect(text.contains("relay_upstream_connect_seconds_count 1\n"))
        #expect(text.contains("relay_upstream_connect_seconds_bucket{le=\"+Inf\"} 1\n"))
        #expect(text.contains("relay_upstream_tls_resumed_total 0\n"), "a plain ws:// upstream")
    }
}

@Suite struct ForwardedLimitsTests {
    @Test func behindATrustedProxyEachForwardedClientHasItsOwnLimit() throws {
        let logs = LogRecords()
        let relay = try RelayUnderTest(logs: logs) {
            $0.limits.maxSessionsPerClient = 1
            $0.trustedProxies = try! TrustedProxies.parse("127.0.0.0/8")
        }
        let alice = try relay.client(fields: "X-Forwarded-For: 203.0.113.1\r\nX-Forwarded-Proto: https\r\n")
        #expect(try alice.receiveEvent()["type"]?.stringValue == "session.created")
        let bob = try relay.client(fields: "Forwarded: for=203.0.113.2;proto=https\r\n")
        #expect(try bob.receiveEvent()["type"]?.stringValue == "session.created", "another client behind the same proxy")
        let aliceAgain = try relay.client(fields: "X-Forwarded-For: 203.0.113.1\r\n")
        #expect(try aliceAgain.receiveEvent()["error"]?["code"]?.stringValue == "too_many_sessions")
        #expect(try aliceAgain.receiveClose().code == 1008)
        let started = logs.all.filter { $0.message == "session started" }
        #expect(started.map { $0.metadata["client"] } == ["203.0.113.1", "203.0.113.2"])
        #expect(started.allSatisfy { $0.metadata["via_proxy"] == "true" && $0.metadata["scheme"] == "https" })
        #expect(logs.all.contains { $0.message == "session refused" && $0.metadata["client"] == "203.0.113.1" })
    }

    @Test func forwardingFieldsFromAnUntrustedPeerDoNotDodgeTheLimit() throws {
        let relay = try RelayUnderTest {
            $0.limits.maxSessionsPerClient = 1
            $0.trustedProxies = try! TrustedProxies.parse("10.0.0.0/8")  // the test client (127.0.0.1) is not one
        }
        let first = try relay.client(fields: "X-Forwarded-For: 203.0.113.1\r\n")
        #expect(try first.receiveEvent()["type"]?.stringValue == "session.created")
        let forged = try relay.client(fields: "X-Forwarded-For: 203.0.113.99\r\n")
        #expect(try forged.receiveEvent()["error"]?["code"]?.stringValue == "too_many_sessions")
    }
}

@Suite struct UpstreamExpiryTests {
    /// Azure ends a session at `session.created.session.expires_at`; the relay warns and closes first.
    @Test func theSessionEndsCleanlyBeforeTheUpstreamExpiresIt() throws {
        let expiresAt = Int(SystemClock.unixSeconds()) + 3
        let greeting = #"{"type":"session.created","event_id":"ev_1","session":{"type":"realtime","id":"sess_x","model":"gpt-realtime","expires_at":\#(expiresAt)}}"#
        let relay = try RelayUnderTest(upstreamReply: .webSocket { $0.send(text: greeting) }) {
            $0.limits.maxSessionSeconds = 1800
            $0.limits.expiryWarningSeconds = 1
        }
        let client = try relay.client(timeout: 10)
        #expect(try client.receiveEvent()["type"]?.stringValue == "session.created")
        let warning = try client.receiveEvent()
        #expect(warning["type"]?.stringValue == "relay.session.expiring")
        #expect(warning["message"]?.stringValue?.contains("Azure's session limit") == true, "\(warning)")
        let close = try client.receiveClose()
        #expect(close.code == 1000)
        #expect(close.reason == "session time limit reached")
        #expect(SystemClock.unixSeconds() < Double(expiresAt), "closed before Azure would have")
    }
}

@Suite struct SessionEndLogTests {
    @Test func theEndOfSessionLineCarriesUsageTotalsAndTheUpstreamSession() throws {
        let logs = LogRecords()
        let done = #"{"type":"response.done","event_id":"ev_9","response":{"id":"resp_1","status":"completed","usage":{"total_tokens":30,"input_tokens":12,"output_tokens":18}}}"#
        let relay = try RelayUnderTest(upstreamReply: .webSocket { connection in
            connection.send(text: upstreamGreeting)
            connection.send(text: done)
            connection.send(text: done)
        }, logs: logs)
        let client = try relay.client()
        var seen = 0
        while seen < 3 { if try client.receiveEvent()["type"] != nil { seen += 1 } }
        try client.send(opcode: 8, payload: [0x03, 0xE8])
        _ = try client.receiveClose()
        #expect(eventually { logs.all.contains { $0.message == "session ended" } })
        let end = try #require(logs.all.first { $0.message == "session ended" })
        #expect(end.metadata["responses"] == "2")
        #expect(end.metadata["input_tokens"] == "24")
        #expect(end.metadata["output_tokens"] == "36")
        #expect(end.metadata["total_tokens"] == "60")
        #expect(end.metadata["upstream_session"] == "sess_1")
        #expect(end.metadata["code"] == "1000")
    }
}
