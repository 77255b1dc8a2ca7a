// Session limits over real sockets: relay-wide and per-address counts, the rate, the time limit, idleness.
#if canImport(Glibc)
import Glibc
#endif
import JSON
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
        let metrics = try TestConnection(port: relay.port)
        try metrics.send("GET /metrics HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n")
        let text = try metrics.readResponse().text
        #expect(text.contains("relay_sessions_active 1\n"), "\(text)")
        #expect(text.contains("relay_frames_total{direction=\"client_to_upstream\"} 1\n"))
        #expect(text.contains("relay_frames_total{direction=\"upstream_to_client\"} 1\n"))
        #expect(text.contains("relay_frames_injected_total 1\n"))
        #expect(text.contains("relay_frames_rewritten_total 1\n"), "session.created with hidden instructions")
        #expect(text.contains("# TYPE relay_upstream_connect_seconds histogram"))
        #expect(text.contains("relay_upstream_connect_seconds_count 1\n"))
        #expect(text.contains("relay_upstream_connect_seconds_bucket{le=\"+Inf\"} 1\n"))
    }
}
