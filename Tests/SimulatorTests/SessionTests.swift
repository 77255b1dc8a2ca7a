// Session start and configuration over a real socket: session.created, session.update, bad input.
#if canImport(Glibc)
import Glibc
#endif
import JSON
import Testing
import TestSupport

@Suite struct SessionTests {
    @Test func sessionCreatedHasTheGAShape() throws {
        let client = try SimulatorClient()
        let event = try client.next()
        #expect(event.type == "session.created")
        #expect(event["event_id"]?.stringValue?.hasPrefix("event_") == true)
        let session = try #require(event["session"])
        #expect(session["type"] == "realtime")
        #expect(session["object"] == "realtime.session")
        #expect(session["id"]?.stringValue?.hasPrefix("sess_") == true)
        #expect(session["model"] == "test-deployment")
        #expect(session["output_modalities"] == ["audio"])
        #expect(session["audio"]?["input"]?["format"] == ["type": "audio/pcm", "rate": 24000])
        #expect(session["audio"]?["input"]?["transcription"] == .null)
        let vad = try #require(session["audio"]?["input"]?["turn_detection"])
        #expect(vad["type"] == "server_vad" && vad["threshold"] == 0.5 && vad["prefix_padding_ms"] == 300)
        #expect(vad["silence_duration_ms"] == 500 && vad["create_response"] == true && vad["interrupt_response"] == true)
        #expect(session["audio"]?["output"]?["voice"] == "alloy")
        #expect(session["max_output_tokens"] == "inf" && session["tool_choice"] == "auto" && session["tools"] == [])
        let expires = try #require(session["expires_at"]?.intValue)
        #expect(abs(expires - (Int(time(nil)) + 1800)) <= 5)
    }

    @Test func previewURLIsAcceptedAndBadURLsAreRefused() throws {
        let client = try SimulatorClient(path: "/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-4o-rt")
        #expect(try client.next()["session"]?["model"] == "gpt-4o-rt")
        #expect(throws: (any Error).self) {
            _ = try RawWebSocketClient(port: client.simulator.port, path: "/openai/v1/realtime")
        }
        #expect(throws: (any Error).self) {
            _ = try RawWebSocketClient(port: client.simulator.port, path: "/openai/realtime?deployment=x")
        }
    }

    @Test func sessionUpdateDeepMerges() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send([
            "type": "session.update", "event_id": "evt_1",
            "session": [
                "type": "realtime", "instructions": "Be brief.",
                "audio": ["input": ["turn_detection": ["silence_duration_ms": 700], "transcription": ["model": "whisper"]],
                          "output": ["voice": "marin"]],
            ],
        ])
        let session = try #require(try client.next("session.updated")["session"])
        #expect(session["instructions"] == "Be brief.")
        #expect(session["audio"]?["output"]?["voice"] == "marin")
        #expect(session["audio"]?["output"]?["format"] == ["type": "audio/pcm", "rate": 24000])
        #expect(session["audio"]?["input"]?["turn_detection"]?["silence_duration_ms"] == 700)
        #expect(session["audio"]?["input"]?["turn_detection"]?["threshold"] == 0.5)
        #expect(session["audio"]?["input"]?["transcription"] == ["model": "whisper"])
        #expect(session["model"] == "test-deployment")
    }

    @Test func previewShapedUpdateIsMappedToGA() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send([
            "type": "session.update",
            "session": ["voice": "echo", "turn_detection": nil, "modalities": ["text"], "input_audio_format": "g711_ulaw",
                        "temperature": 0.7],
        ])
        let session = try #require(try client.next("session.updated")["session"])
        #expect(session["audio"]?["output"]?["voice"] == "echo")
        #expect(session["audio"]?["input"]?["turn_detection"] == .null)
        #expect(session["audio"]?["input"]?["format"] == ["type": "audio/pcmu"])
        #expect(session["output_modalities"] == ["text"])
        #expect(session["voice"] == nil && session["modalities"] == nil && session["temperature"] == nil)
    }

    @Test func invalidSessionTypeIsAnErrorAndTheSessionStaysOpen() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send(["type": "session.update", "event_id": "evt_bad", "session": ["type": "transcription"]])
        let error = try client.next()
        #expect(error.type == "error")
        #expect(error["event_id"]?.stringValue?.hasPrefix("event_") == true)
        #expect(error["error"]?["type"] == "invalid_request_error")
        #expect(error["error"]?["code"] == "invalid_value")
        #expect(error["error"]?["param"] == "session.type")
        #expect(error["error"]?["event_id"] == "evt_bad")
        try client.send(["type": "session.update", "session": ["type": "realtime", "instructions": "ok"]])
        #expect(try client.next().type == "session.updated")
    }

    @Test func badInputGetsErrorEventsWithoutClosing() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.raw.send(text: "{not json")
        #expect(try client.next()["error"]?["code"] == "invalid_json")
        try client.send(["type": "no.such.event", "event_id": "e2"])
        let unknown = try client.next()
        #expect(unknown["error"]?["code"] == "invalid_value" && unknown["error"]?["param"] == "type")
        #expect(unknown["error"]?["event_id"] == "e2")
        try client.send(["event_id": "e3"])
        #expect(try client.next()["error"]?["code"] == "missing_required_parameter")
        try client.raw.send(opcode: 2, payload: [1, 2, 3])
        #expect(try client.next()["error"]?["code"] == "invalid_message_type")
        try client.send(["type": "conversation.item.create"])
        #expect(try client.next()["error"]?["param"] == "item")
        try client.send(["type": "input_audio_buffer.append", "audio": "!!!"])
        #expect(try client.next()["error"]?["param"] == "audio")
        // Still open and answering.
        try client.send(["type": "input_audio_buffer.clear"])
        #expect(try client.next().type == "input_audio_buffer.cleared")
    }

    @Test func sessionExpiresWithAnErrorThenACloseFrame() throws {
        let client = try SimulatorClient(sessionLifetime: 0.2)
        try client.next("session.created")
        let error = try client.next()
        #expect(error["error"]?["code"] == "session_expired")
        let close = try client.raw.receive()
        #expect(close.opcode == 8 && close.closeCode == 1000)
    }

    @Test func eventIDsAreUnique() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send(["type": "conversation.item.create",
                         "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "hi"]]]])
        try client.send(["type": "response.create"])
        _ = try client.events(through: "response.done")
        let ids = client.received.compactMap { $0["event_id"]?.stringValue }
        #expect(ids.count == client.received.count)
        #expect(Set(ids).count == ids.count)
    }
}
