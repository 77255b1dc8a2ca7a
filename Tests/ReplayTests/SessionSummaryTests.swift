// `replay summary`'s engine: transcripts, turn latencies, responses, usage, errors, closes, gaps and the timeline.
import Buffers
import FrameLog
import JSON
@testable import Replay
import Testing
import TestSupport

@Suite("Session summary")
struct SessionSummaryTests {
    static let audio = JSONValue.string(Base64.encode([UInt8](repeating: 0, count: 480)))

    static func usage(_ input: Int, _ output: Int, cached: Int = 0, details: (Int, Int, Int, Int) = (0, 0, 0, 0)) -> JSONValue {
        ["total_tokens": JSONValue(input + output), "input_tokens": JSONValue(input), "output_tokens": JSONValue(output),
         "input_token_details": ["cached_tokens": JSONValue(cached), "text_tokens": JSONValue(details.0), "audio_tokens": JSONValue(details.1)],
         "output_token_details": ["text_tokens": JSONValue(details.2), "audio_tokens": JSONValue(details.3)]]
    }

    /// Two voice turns (the second interrupting a response), typed text, a refused event, preview text
    /// events, errors from both sides, a gap and closes.
    static func session() -> LogFixture {
        var log = LogFixture()
        log.start()
        log.frame(100, .upstreamToClient, ["type": "session.created", "session": ["id": "sess_up"]])
        log.frame(150, .relayToUpstream, ["type": "session.update", "session": ["instructions": "configured"]])
        log.frame(200, .clientToUpstream, ["type": "session.update", "session": ["instructions": "configured"]],
                  original: ["type": "session.update", "session": ["instructions": "mine"]])
        for index in 0..<5 { log.frame(550 + Double(index) * 100, .clientToUpstream, ["type": "input_audio_buffer.append", "audio": audio]) }
        log.frame(1000, .upstreamToClient, ["type": "input_audio_buffer.speech_started", "audio_start_ms": 900, "item_id": "item_u1"])
        for index in 0..<10 { log.frame(1050 + Double(index) * 100, .clientToUpstream, ["type": "input_audio_buffer.append", "audio": audio]) }
        log.frame(2000, .upstreamToClient, ["type": "input_audio_buffer.speech_stopped", "audio_end_ms": 1900, "item_id": "item_u1"])
        log.frame(2010, .upstreamToClient, ["type": "input_audio_buffer.committed", "item_id": "item_u1"])
        log.frame(2020, .upstreamToClient, ["type": "conversation.item.added", "item": [
            "id": "item_u1", "type": "message", "role": "user", "content": [["type": "input_audio", "transcript": nil]]]])
        log.frame(2150, .upstreamToClient, ["type": "response.created", "response": ["id": "resp_1"]])
        log.frame(2160, .upstreamToClient, ["type": "response.output_item.added", "response_id": "resp_1",
                                            "item": ["id": "item_a1", "type": "message", "role": "assistant"]])
        log.frame(2420, .upstreamToClient, ["type": "response.output_audio.delta", "response_id": "resp_1", "item_id": "item_a1", "delta": audio])
        log.frame(2425, .upstreamToClient, ["type": "response.output_audio_transcript.delta", "response_id": "resp_1", "item_id": "item_a1", "delta": "Hi"])
        log.frame(2440, .upstreamToClient, ["type": "response.output_audio.delta", "response_id": "resp_1", "item_id": "item_a1", "delta": audio])
        log.frame(2445, .upstreamToClient, ["type": "response.output_audio_transcript.delta", "response_id": "resp_1", "item_id": "item_a1", "delta": " there"])
        log.frame(2500, .upstreamToClient, ["type": "conversation.item.input_audio_transcription.delta", "item_id": "item_u1", "delta": "Hel"])
        log.frame(2600, .upstreamToClient, ["type": "conversation.item.input_audio_transcription.completed", "item_id": "item_u1", "transcript": "Hello?"])
        log.frame(2700, .upstreamToClient, ["type": "response.output_audio_transcript.done", "response_id": "resp_1", "item_id": "item_a1", "transcript": "Hi there"])
        log.frame(2800, .upstreamToClient, ["type": "response.done", "response": [
            "id": "resp_1", "status": "completed", "usage": usage(100, 50, cached: 20, details: (60, 40, 10, 40))]])
        // A second response is speaking when the user interrupts it.
        log.frame(2990, .clientToUpstream, ["type": "response.create"])
        log.frame(3000, .upstreamToClient, ["type": "response.created", "response": ["id": "resp_2"]])
        log.frame(3010, .upstreamToClient, ["type": "response.output_item.added", "response_id": "resp_2",
                                            "item": ["id": "item_a2", "type": "message", "role": "assistant"]])
        log.frame(3100, .upstreamToClient, ["type": "response.output_audio.delta", "response_id": "resp_2", "item_id": "item_a2", "delta": audio])
        log.frame(3105, .upstreamToClient, ["type": "response.output_audio_transcript.delta", "response_id": "resp_2", "item_id": "item_a2", "delta": "Long"])
        log.frame(3200, .upstreamToClient, ["type": "input_audio_buffer.speech_started", "audio_start_ms": 3100, "item_id": "item_u2"])
        log.frame(3300, .upstreamToClient, ["type": "input_audio_buffer.speech_stopped", "audio_end_ms": 3200, "item_id": "item_u2"])
        log.frame(3320, .upstreamToClient, ["type": "response.output_audio.delta", "response_id": "resp_2", "item_id": "item_a2", "delta": audio])
        log.frame(3350, .clientToUpstream, ["type": "conversation.item.truncate", "item_id": "item_a2", "content_index": 0, "audio_end_ms": 250])
        log.frame(3360, .upstreamToClient, ["type": "response.done", "response": ["id": "resp_2", "status": "cancelled", "usage": usage(200, 30)]])
        log.frame(3400, .upstreamToClient, ["type": "conversation.item.input_audio_transcription.failed", "item_id": "item_u2",
                                            "error": ["type": "transcription_error", "code": "audio_unintelligible", "message": "no speech"]])
        log.frame(3500, .upstreamToClient, ["type": "response.created", "response": ["id": "resp_3"]])
        log.frame(3700, .upstreamToClient, ["type": "response.output_audio.delta", "response_id": "resp_3", "item_id": "item_a3", "delta": audio])
        log.frame(3710, .upstreamToClient, ["type": "response.output_audio_transcript.delta", "response_id": "resp_3", "item_id": "item_a3", "delta": "OK"])
        log.frame(3900, .upstreamToClient, ["type": "response.done", "response": ["id": "resp_3", "status": "completed", "usage": usage(300, 20)]])
        // Typed text, bound to the server's item; an event the relay refused.
        log.frame(4000, .clientToUpstream, ["type": "conversation.item.create", "item": [
            "type": "message", "role": "user", "content": [["type": "input_text", "text": "Typed hello"]]]])
        log.frame(4050, .upstreamToClient, ["type": "conversation.item.added", "item": [
            "id": "item_u3", "type": "message", "role": "user", "content": [["type": "input_text", "text": "Typed hello"]]]])
        log.frame(4100, .clientToRelay, ["type": "conversation.item.create", "item": [
            "type": "message", "role": "user", "content": [["type": "input_text", "text": "Refused"]]]])
        // Preview names for text output.
        log.frame(4200, .upstreamToClient, ["type": "response.text.delta", "response_id": "resp_4", "item_id": "item_a4", "delta": "Te"])
        log.frame(4210, .upstreamToClient, ["type": "response.text.done", "response_id": "resp_4", "item_id": "item_a4", "text": "Text reply"])
        log.frame(4300, .upstreamToClient, ["type": "error", "event_id": "ev_e", "error": [
            "type": "invalid_request_error", "code": "unknown_parameter", "message": "Unknown parameter: 'session.foo'", "event_id": "evt_9"]])
        log.frame(4310, .relayToClient, ["type": "error", "error": [
            "type": "server_error", "code": "upstream_unavailable", "message": "The upstream closed"]])
        log.framesMissing(4400, count: 2, reason: "writer queue full")
        log.close(4500, .clientToRelay, code: 1000, reason: "done")
        log.close(4501, .relayToUpstream, code: 1000)
        log.close(4550, .upstreamToRelay, code: 1000)
        log.end(4600, ["closed_by": "client", "client_close": ["code": 1000, "reason": "done"],
                       "upstream_close": ["code": 1000, "reason": ""], "outcome": "ok",
                       "usage": ["input_tokens": 600, "output_tokens": 100, "total_tokens": 700]])
        return log
    }

    static func summarize(_ log: LogFixture, timeline: TimelineOptions = TimelineOptions()) throws -> SessionSummary {
        let directory = TemporaryDirectory()
        let reader = try FrameLogReader(path: writeFile(directory, "s.jsonl", log.bytes))
        var summarizer = SessionSummarizer(timeline: timeline)
        for record in reader { summarizer.add(record) }
        return summarizer.summary(of: reader)
    }

    @Test func transcriptsFollowTheConversationOrder() throws {
        let summary = try Self.summarize(Self.session())
        let rows = summary.transcript.map { "\($0.speaker.rawValue)|\($0.itemID ?? "-")|\($0.text ?? "<none>")|\($0.source)|\($0.isComplete)" }
        #expect(rows == [
            "user|item_u1|Hello?|transcription|true",
            "assistant|item_a1|Hi there|audio_transcript|true",
            "assistant|item_a2|Long|audio_transcript|false",
            "user|item_u2|<none>|transcription|false",
            "assistant|item_a3|OK|audio_transcript|false",
            "user|item_u3|Typed hello|input_text|true",
            "assistant|item_a4|Text reply|text|true",
        ])
        #expect(summary.transcript[2].truncatedAtAudioMilliseconds == 250)
        #expect(summary.transcript[1].responseID == "resp_1")
        #expect(summary.transcript[0].offsetMilliseconds == 1000)
        #expect(!summary.transcript.contains { $0.text == "Refused" })
    }

    @Test func turnsMeasureSpeechStoppedToTheReplysFirstAudio() throws {
        let summary = try Self.summarize(Self.session())
        #expect(summary.turns == [
            SessionSummary.Turn(number: 1, itemID: "item_u1", speechStartedMilliseconds: 1000, speechStoppedMilliseconds: 2000,
                                audioEndMilliseconds: 1900, responseID: "resp_1",
                                toResponseCreatedMilliseconds: 150, toFirstAudioMilliseconds: 420),
            // The interrupted response's audio at 3320 is not the reply: resp_3's at 3700 is.
            SessionSummary.Turn(number: 2, itemID: "item_u2", speechStartedMilliseconds: 3200, speechStoppedMilliseconds: 3300,
                                audioEndMilliseconds: 3200, responseID: "resp_3",
                                toResponseCreatedMilliseconds: 200, toFirstAudioMilliseconds: 400),
        ])
        #expect(summary.firstAudioLatency == SessionSummary.Spread([400, 420]))
        #expect(summary.firstAudioLatency?.median == 410)
    }

    @Test func responsesCarryDurationsStatusAndUsage() throws {
        let summary = try Self.summarize(Self.session())
        #expect(summary.responses.map(\.id) == ["resp_1", "resp_2", "resp_3"])
        #expect(summary.responses.map(\.durationMilliseconds) == [650, 360, 400])
        #expect(summary.responses.map(\.status) == ["completed", "cancelled", "completed"])
        #expect(summary.responses.map(\.audioDeltas) == [2, 2, 1])
        #expect(summary.responses.map(\.audioBytes) == [960, 960, 480])
        #expect(summary.responses[0].firstAudioMilliseconds == 2420)
        #expect(summary.responses[0].usage?.cachedTokens == 20)
        #expect(summary.responseDuration?.median == 400)
        var total = SessionSummary.Usage()
        total.inputTokens = 600
        total.outputTokens = 100
        total.totalTokens = 700
        total.cachedTokens = 20
        total.inputTextTokens = 60
        total.inputAudioTokens = 40
        total.outputTextTokens = 10
        total.outputAudioTokens = 40
        #expect(summary.usage == total)
        #expect(summary.responsesWithUsage == 3)
    }

    @Test func errorsClosesAndGapsFromEverySide() throws {
        let summary = try Self.summarize(Self.session())
        #expect(summary.errors.map(\.kind) == ["transcription_failed", "error", "error"])
        #expect(summary.errors.map(\.code) == ["audio_unintelligible", "unknown_parameter", "upstream_unavailable"])
        #expect(summary.errors.map(\.direction) == [.upstreamToClient, .upstreamToClient, .relayToClient])
        #expect(summary.errors[1].message == "Unknown parameter: 'session.foo'")
        #expect(summary.errors[1].eventID == "evt_9")
        #expect(summary.errors[1].offsetMilliseconds == 4300)
        #expect(summary.closes.map(\.code) == [1000, 1000, 1000])
        #expect(summary.closes.map(\.reason) == ["done", "", ""])
        #expect(summary.closes.map(\.direction) == [.clientToRelay, .relayToUpstream, .upstreamToRelay])
        #expect(summary.gaps.count == 1)
        #expect(summary.gaps.first?.count == 2)
        #expect(summary.gaps.first?.reason == "writer queue full")
        #expect(summary.end?["closed_by"] == "client")
        #expect(summary.durationMilliseconds == 4600)
        #expect(summary.session == "rs_0123456789abcdef")
        #expect(summary.notes.isEmpty)
    }

    @Test func countsCoverEveryFrameByTypeAndDirection() throws {
        let summary = try Self.summarize(Self.session(), timeline: TimelineOptions(limit: 1))
        let appends = summary.counts.first { $0.label == "input_audio_buffer.append" }
        #expect(appends?.count == 15)
        #expect(appends?.direction == .clientToUpstream)
        #expect(summary.counts.first?.label == "input_audio_buffer.append")
        #expect(summary.counts.filter { $0.label == "session.update" }.map(\.direction) == [.relayToUpstream, .clientToUpstream])
        #expect(summary.counts.filter { $0.label == "(close)" }.count == 3)
        #expect(summary.log.frames == summary.counts.reduce(0) { $0 + $1.count })
    }

    @Test func theTimelineFoldsStreamsAndHonoursTypesAndLimit() throws {
        let folded = try Self.summarize(Self.session())
        let labels = folded.timeline.map(\.label)
        #expect(labels.prefix(8) == [
            "session_start", "session.created", "session.update", "session.update", "input_audio_buffer.append ×5",
            "input_audio_buffer.speech_started", "input_audio_buffer.append ×10", "input_audio_buffer.speech_stopped",
        ])
        #expect(folded.timeline[4].count == 5)
        #expect(folded.timeline[4].offsetMilliseconds == 550)
        #expect(folded.timeline[4].lastOffsetMilliseconds == 950)
        #expect(folded.timeline[3].note == "rewritten by the relay")
        // Interleaved streams going the same way fold into one row with a count per type.
        #expect(labels.contains("response.output_audio.delta ×2, response.output_audio_transcript.delta ×2, "
            + "conversation.item.input_audio_transcription.delta"))
        #expect(folded.timeline.last?.label == "session_end")

        let every = try Self.summarize(Self.session(), timeline: TimelineOptions(foldStreams: false))
        #expect(every.timeline.filter { $0.label == "input_audio_buffer.append" }.count == 15)

        let errors = try Self.summarize(Self.session(), timeline: TimelineOptions(types: ["error", "(close)"]))
        #expect(errors.timeline.map(\.label) == ["error", "error", "(close)", "(close)", "(close)"])
        #expect(errors.timeline.map(\.note) == ["unknown_parameter", "upstream_unavailable", "close 1000 \"done\"", "close 1000", "close 1000"])

        let responses = try Self.summarize(Self.session(), timeline: TimelineOptions(types: ["response.*", "!*.delta"]))
        #expect(responses.timeline.allSatisfy { $0.label.hasPrefix("response.") && !$0.label.hasSuffix(".delta") })
        #expect(responses.timeline.filter { $0.label == "response.done" }.count == 3)

        let limited = try Self.summarize(Self.session(), timeline: TimelineOptions(limit: 3))
        #expect(limited.timeline.count == 3)
        #expect(limited.timelineOmitted == folded.timeline.count - 3)
    }

    @Test func theJSONDocumentHasTheSameContent() throws {
        let summary = try Self.summarize(Self.session())
        let document = try JSONValue.parse(summary.json.serializedString)
        #expect(document["log"]?["frames"]?.intValue == summary.log.frames)
        #expect(document["session"]?["id"] == "rs_0123456789abcdef")
        #expect(document["session"]?["started_at"] == "2026-11-21T10:00:00.000000Z")
        #expect(document["session"]?["end"]?["outcome"] == "ok")
        #expect(document["transcript"]?[0]?["text"] == "Hello?")
        #expect(document["transcript"]?[2]?["truncated_at_audio_ms"] == 250)
        #expect(document["turns"]?[0]?["to_first_audio_ms"]?.doubleValue == 420)
        #expect(document["turns"]?[1]?["response_id"] == "resp_3")
        #expect(document["figures"]?["speech_stopped_to_first_audio_ms"]?["median"]?.doubleValue == 410)
        #expect(document["figures"]?["response_duration_ms"]?["max"]?.doubleValue == 650)
        #expect(document["responses"]?[1]?["status"] == "cancelled")
        #expect(document["usage"]?["total_tokens"] == 700)
        #expect(document["usage"]?["relay_reported"]?["total_tokens"] == 700)
        #expect(document["errors"]?.arrayValue?.count == 3)
        #expect(document["closes"]?[0]?["reason"] == "done")
        #expect(document["gaps"]?[0]?["count"] == 2)
        #expect(document["timeline"]?.arrayValue?.count == summary.timeline.count)
        #expect(document["timeline"]?[4]?["count"] == 5)
    }

    @Test func textIsPlainWithoutColourAndPaintedWithIt() throws {
        let summary = try Self.summarize(Self.session())
        let plain = summary.textLines(colour: false).joined(separator: "\n")
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("user       Hello?"))
        #expect(plain.contains("assistant  Long  (incomplete: deltas only)  (interrupted: audio cut at 250 ms)"))
        #expect(plain.contains("speech stopped → first audio   median 410 ms, min 400 ms, max 420 ms over 2 turns"))
        #expect(plain.contains("input 600 (cached 20, audio 40, text 60), output 100 (audio 40, text 10), total 700"))
        #expect(plain.contains("invalid_request_error/unknown_parameter: Unknown parameter: 'session.foo'"))
        #expect(plain.contains("client → relay     close 1000 \"done\""))
        #expect(plain.contains("frames seq 56–57 (2) were not logged: writer queue full"))
        let painted = summary.textLines(colour: true).joined(separator: "\n")
        #expect(painted.contains("\u{1B}[1mTranscript\u{1B}[0m"))
    }

    @Test func problemsOfTheLogAreInTheSummary() throws {
        var log = LogFixture()
        log.frame(10, .clientToUpstream, ["type": "a"])
        log.raw("{oops")
        log.frame(20, .clientToUpstream, ["type": "b"])
        let summary = try Self.summarize(log)
        #expect(summary.log.diagnostics.map(\.line) == [2])
        #expect(summary.notes.count == 2)  // no session_start, no session_end
        #expect(summary.timeline.first?.offsetMilliseconds == 0)
        #expect(summary.durationMilliseconds == 10)
    }
}
