// How SessionSummarizer reads each realtime event: server events (turns, responses, transcripts) and client events.

import JSON

extension SessionSummarizer {
    mutating func serverEvent(_ type: String, _ event: JSONObject, record: FrameLogRecord, offset: Double?) {
        let item = event["item_id"]?.stringValue
        let responseID = event["response_id"]?.stringValue
        switch type {
        case "input_audio_buffer.speech_started":
            turns.speechStarted(item: item, at: offset)
            if let item { transcript.register(item: item, speaker: .user, source: "transcription", at: offset) }
        case "input_audio_buffer.speech_stopped":
            turns.speechStopped(item: item, audioEndMilliseconds: event["audio_end_ms"]?.intValue, at: offset)
            if let item { transcript.register(item: item, speaker: .user, source: "transcription", at: offset) }
        case "input_audio_buffer.committed":
            if let item { transcript.register(item: item, speaker: .user, source: "transcription", at: offset) }
        case "conversation.item.created", "conversation.item.added":
            conversationItem(event["item"], at: offset)
        case "response.output_item.added":
            if let output = event["item"], output["type"]?.stringValue == "message", let id = output["id"]?.stringValue {
                transcript.register(item: id, speaker: .assistant, source: "audio_transcript",
                                    responseID: responseID, at: offset)
            }
        case "conversation.item.input_audio_transcription.delta":
            if let item, let delta = event["delta"]?.stringValue {
                transcript.append(delta: delta, item: item, speaker: .user, source: "transcription", responseID: nil, at: offset)
            }
        case "conversation.item.input_audio_transcription.completed":
            if let item, let text = event["transcript"]?.stringValue {
                transcript.complete(text: text, item: item, speaker: .user, source: "transcription", responseID: nil, at: offset)
            }
        case "conversation.item.input_audio_transcription.failed":
            let error = event["error"]
            errors.append(SessionSummary.ErrorEntry(
                offsetMilliseconds: offset, line: record.line, direction: record.direction, kind: "transcription_failed",
                type: error?["type"]?.stringValue, code: error?["code"]?.stringValue,
                message: error?["message"]?.stringValue ?? "input audio transcription failed", eventID: nil))
        case "response.created":
            if let id = event["response"]?["id"]?.stringValue { turns.responseCreated(id: id, at: offset) }
        case "response.output_audio.delta", "response.audio.delta":
            let delta = event["delta"]?.stringValue ?? ""
            turns.audioDelta(response: responseID, decodedBytes: Self.decodedLength(delta), at: offset)
        case "response.output_audio_transcript.delta", "response.audio_transcript.delta":
            if let item, let delta = event["delta"]?.stringValue {
                transcript.append(delta: delta, item: item, speaker: .assistant, source: "audio_transcript",
                                  responseID: responseID, at: offset)
            }
        case "response.output_audio_transcript.done", "response.audio_transcript.done":
            if let item, let text = event["transcript"]?.stringValue {
                transcript.complete(text: text, item: item, speaker: .assistant, source: "audio_transcript",
                                    responseID: responseID, at: offset)
            }
        case "response.output_text.delta", "response.text.delta":
            if let item, let delta = event["delta"]?.stringValue {
                transcript.append(delta: delta, item: item, speaker: .assistant, source: "text", responseID: responseID, at: offset)
            }
        case "response.output_text.done", "response.text.done":
            if let item, let text = event["text"]?.stringValue {
                transcript.complete(text: text, item: item, speaker: .assistant, source: "text", responseID: responseID, at: offset)
            }
        case "response.done":
            if let failure = turns.responseDone(event["response"], at: offset) {
                errors.append(SessionSummary.ErrorEntry(
                    offsetMilliseconds: offset, line: record.line, direction: record.direction, kind: "response_failed",
                    type: failure.type, code: failure.code, message: failure.message, eventID: nil))
            }
        case "conversation.item.truncated":
            if let item {
                transcript.truncate(item: item, audioEndMilliseconds: event["audio_end_ms"]?.intValue, at: offset)
            }
        default:
            break
        }
    }

    mutating func clientEvent(_ type: String, _ event: JSONObject, offset: Double?) {
        switch type {
        case "conversation.item.create":
            guard let item = event["item"], item["type"]?.stringValue ?? "message" == "message",
                  let text = TranscriptBuilder.text(ofContent: item["content"]) else { return }
            let speaker: SessionSummary.Speaker = item["role"]?.stringValue == "assistant" ? .assistant : .user
            guard item["role"]?.stringValue ?? "user" != "system" else { return }
            transcript.typed(text: text, item: item["id"]?.stringValue, speaker: speaker, at: offset)
        case "conversation.item.truncate":
            if let item = event["item_id"]?.stringValue {
                transcript.truncate(item: item, audioEndMilliseconds: event["audio_end_ms"]?.intValue, at: offset)
            }
        default:
            break
        }
    }

    /// A server-side item: user speech gets its place; user or assistant text is bound to the
    /// client's `conversation.item.create` or added.
    mutating func conversationItem(_ item: JSONValue?, at offset: Double?) {
        guard let item, item["type"]?.stringValue ?? "message" == "message", let id = item["id"]?.stringValue else { return }
        let role = item["role"]?.stringValue
        guard role == "user" || role == "assistant" else { return }
        let speaker: SessionSummary.Speaker = role == "user" ? .user : .assistant
        if let text = TranscriptBuilder.text(ofContent: item["content"]) {
            transcript.bind(item: id, speaker: speaker, text: text, at: offset)
        } else if speaker == .user {
            let hasAudio = item["content"]?.arrayValue?.contains { $0["type"]?.stringValue == "input_audio" } ?? false
            if hasAudio { transcript.register(item: id, speaker: .user, source: "transcription", at: offset) }
        } else {
            transcript.register(item: id, speaker: .assistant, source: "audio_transcript", at: offset)
        }
    }
}
