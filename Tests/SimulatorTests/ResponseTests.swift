// Responses over a real socket: typed text, cancel, one at a time, text-only, truncation.
import JSON
import Posix
import Testing
import TestSupport

@Suite struct ResponseTests {
    private func say(_ client: SimulatorClient, _ text: String) throws {
        try client.send(["type": "conversation.item.create",
                         "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": .string(text)]]]])
        try client.next("conversation.item.done")
    }

    @Test func typedTextGetsAnAnswerAboutIt() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send(["type": "conversation.item.create", "event_id": "c1",
                         "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "Hello relay"]]]])
        let added = try client.next()
        #expect(added.type == "conversation.item.added")
        #expect(added["item"]?["id"]?.stringValue?.hasPrefix("item_") == true)
        #expect(added["item"]?["object"] == "realtime.item" && added["previous_item_id"] == .null)
        #expect(try client.next().type == "conversation.item.done")
        try client.send(["type": "response.create"])
        let events = try client.events(through: "response.done")
        let transcript = events.first { $0.type == "response.output_audio_transcript.done" }?["transcript"]?.stringValue
        #expect(transcript?.contains("Hello relay") == true)
        let deltas = events.filter { $0.type == "response.output_audio_transcript.delta" }.compactMap { $0["delta"]?.stringValue }
        #expect(deltas.joined() == transcript)
        let created = try #require(events.first)
        #expect(created.type == "response.created" && created["response"]?["status"] == "in_progress")
        #expect(created["response"]?["id"]?.stringValue?.hasPrefix("resp_") == true)
        let item = try #require(events.first { $0.type == "response.output_item.done" }?["item"])
        #expect(item["role"] == "assistant" && item["status"] == "completed")
        #expect(item["content"]?[0]?["type"] == "output_audio")
    }

    @Test func cancelStopsTheResponse() throws {
        let client = try SimulatorClient(speed: 3)
        try client.next("session.created")
        try client.send(["type": "response.cancel", "event_id": "x"])
        #expect(try client.next()["error"]?["code"] == "response_cancel_not_active")
        try client.send(["type": "response.create"])
        try client.next("response.output_audio.delta")
        try client.send(["type": "response.cancel"])
        let done = try client.next("response.done")
        #expect(done["response"]?["status"] == "cancelled")
        #expect(done["response"]?["status_details"]?["reason"] == "client_cancelled")
        // Nothing more streams after the cancel.
        try client.send(["type": "input_audio_buffer.clear"])
        let after = try client.events(through: "input_audio_buffer.cleared").compactMap(\.type)
        #expect(!after.contains("response.output_audio.delta"))
    }

    @Test func onlyOneResponseAtATime() throws {
        let client = try SimulatorClient(speed: 3)
        try client.next("session.created")
        try client.send(["type": "response.create"])
        try client.send(["type": "response.create", "event_id": "second"])
        let error = try client.next("error")
        #expect(error["error"]?["code"] == "conversation_already_has_active_response")
        #expect(error["error"]?["event_id"] == "second")
        #expect(error["error"]?["message"]?.stringValue?.contains("resp_") == true)
        try client.send(["type": "response.cancel"])
        try client.next("response.done")
    }

    @Test func textOnlySessionsAnswerInText() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send(["type": "session.update", "session": ["type": "realtime", "output_modalities": ["text"]]])
        try client.next("session.updated")
        try say(client, "text please")
        try client.send(["type": "response.create", "response": ["metadata": ["topic": "t"]]])
        let events = try client.events(through: "response.done")
        let types = Set(events.compactMap(\.type))
        #expect(types.contains("response.output_text.delta") && types.contains("response.output_text.done"))
        #expect(!types.contains("response.output_audio.delta") && !types.contains("response.output_audio_transcript.delta"))
        let done = try #require(events.last?["response"])
        #expect(done["output_modalities"] == ["text"] && done["metadata"] == ["topic": "t"])
        #expect(done["output"]?[0]?["content"]?[0]?["type"] == "output_text")
        #expect(done["usage"]?["output_token_details"]?["audio_tokens"] == 0)
    }

    @Test func truncateChecksItemAndLength() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try say(client, "hi")
        let userItem = try #require(client.received.last?["item"]?["id"]?.stringValue)
        try client.send(["type": "response.create"])
        let done = try client.next("response.done")
        let itemID = try #require(done["response"]?["output"]?[0]?["id"])
        try client.send(["type": "conversation.item.truncate", "item_id": itemID, "content_index": 0, "audio_end_ms": 999_999])
        let tooLong = try client.next("error")
        #expect(tooLong["error"]?["param"] == "audio_end_ms")
        #expect(tooLong["error"]?["message"]?.stringValue?.contains("already shorter than 999999ms") == true)
        try client.send(["type": "conversation.item.truncate", "item_id": "item_nope", "content_index": 0, "audio_end_ms": 10])
        #expect(try client.next("error")["error"]?["code"] == "item_not_found")
        try client.send(["type": "conversation.item.truncate", "item_id": .string(userItem), "content_index": 0, "audio_end_ms": 10])
        #expect(try client.next("error")["error"]?["code"] == "unsupported_content_type")
        try client.send(["type": "conversation.item.truncate", "item_id": itemID, "content_index": 0])
        #expect(try client.next("error")["error"]?["code"] == "missing_required_parameter")
        try client.send(["type": "conversation.item.truncate", "item_id": itemID, "content_index": 0, "audio_end_ms": 800])
        let truncated = try client.next()
        #expect(truncated.type == "conversation.item.truncated")
        #expect(truncated["item_id"] == itemID && truncated["audio_end_ms"] == 800 && truncated["content_index"] == 0)
        // The item now ends at 800 ms: a longer cut is refused, and its transcript was shortened.
        try client.send(["type": "conversation.item.truncate", "item_id": itemID, "content_index": 0, "audio_end_ms": 900])
        #expect(try client.next()["error"]?["message"]?.stringValue?.contains("800ms") == true)
        try client.send(["type": "conversation.item.retrieve", "item_id": itemID])
        let retrieved = try client.next()
        #expect(retrieved.type == "conversation.item.retrieved")
        let full = done["response"]?["output"]?[0]?["content"]?[0]?["transcript"]?.stringValue ?? ""
        let cut = retrieved["item"]?["content"]?[0]?["transcript"]?.stringValue ?? ""
        #expect(cut.count < full.count)
    }

    @Test func itemsCanBeRetrievedAndDeleted() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try say(client, "first")
        let first = try #require(client.received.last?["item"]?["id"])
        try client.send(["type": "conversation.item.create", "previous_item_id": "item_missing",
                         "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "x"]]]])
        #expect(try client.next()["error"]?["param"] == "previous_item_id")
        try client.send(["type": "conversation.item.create",
                         "item": ["id": "item_mine", "type": "function_call_output", "call_id": "call_1", "output": "42"]])
        let added = try client.next()
        #expect(added["previous_item_id"] == first && added["item"]?["id"] == "item_mine")
        try client.next("conversation.item.done")
        try client.send(["type": "conversation.item.delete", "item_id": first])
        #expect(try client.next() ["item_id"] == first)
        try client.send(["type": "conversation.item.retrieve", "item_id": first])
        #expect(try client.next()["error"]?["code"] == "item_not_found")
        try client.send(["type": "response.create", "response": ["output_modalities": ["text"]]])
        let text = try client.next("response.output_text.done")["text"]?.stringValue
        #expect(text?.contains("42") == true)
    }
}

@Suite struct PacingTests {
    /// At speed 10 a reply streams in about a tenth of its duration: paced, not dumped at once.
    @Test func audioIsPacedAgainstItsDuration() throws {
        let client = try SimulatorClient(speed: 10)
        try client.next("session.created")
        try client.send(["type": "response.create"])
        try client.next("response.output_audio.delta")
        let start = MonotonicClock.now()
        let events = try client.events(through: "response.done")
        let elapsed = Double(MonotonicClock.now() - start) / 1e9
        let bytes = events.filter { $0.type == "response.output_audio.delta" }
            .compactMap { $0["delta"]?.stringValue }.reduce(0) { $0 + $1.utf8.count / 4 * 3 }
        let audioSeconds = Double(bytes / 2) / 24000 + 0.1  // plus the first chunk, read before the clock started
        // The head start is 300 ms of audio; the rest follows at 10x real time.
        let expected = (audioSeconds - 0.3) / 10
        #expect(elapsed > expected * 0.8 && elapsed < expected + 1.5, "\(elapsed) s for \(audioSeconds) s of audio")
    }
}

@Suite struct PreviewDialectTests {
    /// On the preview path the simulator speaks the preview protocol's event names, so preview SDK
    /// clients (the Azure quickstart's `client.beta.realtime`) work against it.
    @Test func thePreviewPathGetsPreviewEventNames() throws {
        let client = try SimulatorClient(path: "/openai/realtime?api-version=2025-04-01-preview&deployment=test-deployment")
        try client.next("session.created")
        try client.send(["type": "session.update", "session": ["modalities": ["text", "audio"], "voice": "alloy"]])
        try client.next("session.updated")
        try client.send(["type": "conversation.item.create",
                         "item": ["type": "message", "role": "user", "content": [["type": "input_text", "text": "Hello preview"]]]])
        #expect(try client.next().type == "conversation.item.created")
        try client.send(["type": "response.create"])
        let types = try client.events(through: "response.done").compactMap(\.type)
        #expect(types.contains("response.audio.delta"))
        #expect(types.contains("response.audio_transcript.delta"))
        #expect(types.contains("response.audio_transcript.done"))
        #expect(!types.contains { $0.hasPrefix("response.output_audio") || $0 == "conversation.item.done" }, "\(types)")
    }
}
