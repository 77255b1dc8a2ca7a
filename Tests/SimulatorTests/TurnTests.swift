// Server VAD over a real socket: a spoken turn, its transcript, the automatic reply, barge-in, manual commit.
import Buffers
import JSON
@testable import Simulator
import Testing
import TestSupport

@Suite struct TurnTests {
    /// Enables input transcription and waits for the update to land.
    private func enableTranscription(_ client: SimulatorClient) throws {
        try client.send(["type": "session.update",
                         "session": ["type": "realtime", "audio": ["input": ["transcription": ["model": "whisper-1"]]]]])
        try client.next("session.updated")
    }

    @Test func spokenTurnGetsATranscriptAndAnAutomaticVoiceReply() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try enableTranscription(client)
        try client.append(TestAudio.silence(milliseconds: 400) + TestAudio.voice(milliseconds: 1000)
                          + TestAudio.silence(milliseconds: 800))
        let events = try client.events(through: "rate_limits.updated")
        let types = events.compactMap(\.type)

        // The turn, in Azure's order.
        let turn = types.filter { !$0.hasSuffix(".delta") }
        #expect(Array(turn.prefix(6)) == [
            "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
            "conversation.item.added", "conversation.item.done",
            "conversation.item.input_audio_transcription.completed",
        ])
        #expect(Array(turn.dropFirst(6)) == [
            "response.created", "response.output_item.added", "conversation.item.added", "response.content_part.added",
            "response.output_audio.done", "response.output_audio_transcript.done", "response.content_part.done",
            "response.output_item.done", "conversation.item.done", "response.done", "rate_limits.updated",
        ])
        let started = events[0], stopped = events[1], committed = events[2]
        // Speech at 400 ms, minus 300 ms of prefix padding; it stops 500 ms of silence after 1400 ms.
        let start = try #require(started["audio_start_ms"]?.intValue)
        let end = try #require(stopped["audio_end_ms"]?.intValue)
        #expect((60...140).contains(start))
        #expect((1860...1960).contains(end))
        #expect(started["item_id"] == committed["item_id"] && stopped["item_id"] == committed["item_id"])
        #expect(committed["previous_item_id"] == .null)
        #expect(types.contains("conversation.item.input_audio_transcription.delta"))
        let transcript = try #require(events.first { $0.type == "conversation.item.input_audio_transcription.completed" })
        #expect(transcript["transcript"]?.stringValue?.contains("1.8 seconds") == true)

        // The reply: real speech-like audio whose length fits its transcript.
        var pcm: [Int16] = []
        for event in events where event.type == "response.output_audio.delta" {
            let delta = try #require(event["delta"]?.stringValue)
            pcm += TestAudio.samples(try #require(Base64.decode(delta)))
        }
        let seconds = Double(pcm.count) / 24000
        let words = events.filter { $0.type == "response.output_audio_transcript.delta" }.count
        let replyText = try #require(events.first { $0.type == "response.output_audio_transcript.done" }?["transcript"]?.stringValue)
        #expect(replyText.contains("1.8 seconds"))
        #expect(words == replyText.split(separator: " ").count)
        #expect(seconds / Double(words) > 0.2 && seconds / Double(words) < 0.8, "\(seconds) s for \(words) words")
        #expect(TestAudio.rms(pcm) > 1500, "RMS \(TestAudio.rms(pcm))")
        // Not a constant tone: loudness varies between 50 ms windows (syllables and pauses).
        let windows = stride(from: 0, to: pcm.count - 1200, by: 1200).map { TestAudio.rms(Array(pcm[$0..<($0 + 1200)])) }
        #expect((windows.max() ?? 0) > 4 * max(1, windows.min() ?? 0))
        #expect(windows.filter { $0 < 100 }.count > 2, "pauses between words")

        let done = try #require(events.last { $0.type == "response.done" })
        #expect(done["response"]?["status"] == "completed")
        let usage = try #require(done["response"]?["usage"])
        let total = try #require(usage["total_tokens"]?.intValue)
        #expect(total > 0 && total == (usage["input_tokens"]?.intValue ?? 0) + (usage["output_tokens"]?.intValue ?? 0))
        #expect((usage["output_token_details"]?["audio_tokens"]?.intValue ?? 0) > 0)
        #expect((usage["input_token_details"]?["audio_tokens"]?.intValue ?? 0) > 0)
    }

    @Test func speechDuringAResponseCancelsIt() throws {
        let client = try SimulatorClient(speed: 3)
        try client.next("session.created")
        try client.send(["type": "response.create"])
        try client.next("response.output_audio.delta")
        try client.append(TestAudio.voice(milliseconds: 300))
        let events = try client.events(through: "response.done")
        let types = events.compactMap(\.type)
        let started = try #require(types.firstIndex(of: "input_audio_buffer.speech_started"))
        #expect(started < types.firstIndex(of: "response.done")!)
        let response = try #require(events.last?["response"])
        #expect(response["status"] == "cancelled")
        #expect(response["status_details"]?["reason"] == "turn_detected")
        #expect(response["output"]?[0]?["status"] == "incomplete")
    }

    @Test func manualCommitWithoutTurnDetection() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send(["type": "session.update", "session": ["type": "realtime", "audio": ["input": ["turn_detection": nil]]]])
        try client.next("session.updated")
        try client.send(["type": "input_audio_buffer.commit", "event_id": "c1"])
        let empty = try client.next()
        #expect(empty["error"]?["code"] == "input_audio_buffer_commit_empty")
        #expect(empty["error"]?["event_id"] == "c1")
        // Loud audio makes no VAD events with turn detection off.
        try client.append(TestAudio.voice(milliseconds: 600))
        try client.send(["type": "input_audio_buffer.commit"])
        let committed = try client.next()
        #expect(committed.type == "input_audio_buffer.committed")
        let added = try client.next()
        #expect(added.type == "conversation.item.added")
        #expect(added["item"]?["role"] == "user" && added["item"]?["content"]?[0]?["type"] == "input_audio")
        #expect(try client.next().type == "conversation.item.done")
        // No automatic response: the next thing is the answer to our clear.
        try client.send(["type": "input_audio_buffer.clear"])
        #expect(try client.next().type == "input_audio_buffer.cleared")
    }

    @Test func createResponseFalseDetectsTurnsWithoutAnswering() throws {
        let client = try SimulatorClient()
        try client.next("session.created")
        try client.send(["type": "session.update", "session": [
            "type": "realtime", "audio": ["input": ["turn_detection": ["type": "server_vad", "create_response": false]]],
        ]])
        try client.next("session.updated")
        try client.append(TestAudio.voice(milliseconds: 500) + TestAudio.silence(milliseconds: 700))
        try client.next("conversation.item.done")
        try client.send(["type": "input_audio_buffer.clear"])
        #expect(try client.next().type == "input_audio_buffer.cleared")
    }
}
