// input_audio_buffer.*: appends feed the VAD; turns are committed into user items, by VAD or by hand.
import Buffers
import JSON

extension SimulatedSession {
    /// OpenAI's limit for one append (15 MiB of audio).
    static let maxAppendBytes = 15 * 1024 * 1024
    /// Azure refuses to commit less than this.
    static let minimumCommitMs = 100.0

    func appendInputAudio(_ event: JSONObject) throws(RealtimeError) {
        let encoded = try requiredString(event, "audio")
        guard encoded.utf8.count / 4 * 3 <= Self.maxAppendBytes else {
            throw RealtimeError(code: "invalid_value", message: "Audio content exceeds the 15 MiB limit of one append.",
                                param: "audio")
        }
        guard let bytes = Base64.decode(encoded) else {
            throw RealtimeError(code: "invalid_value", message: "Invalid 'audio': expected base64-encoded audio.",
                                param: "audio")
        }
        let (samples, start) = input.append(bytes)
        guard var vad = detector else { return }
        let detections = vad.process(samples, startingAt: start)
        detector = vad
        for detection in detections {
            switch detection {
            case .speechStarted(let sample): speechStarted(at: sample)
            case .speechStopped(let sample): speechStopped(at: sample)
            }
        }
    }

    private func speechStarted(at sample: Int) {
        guard let settings = configuration.turnDetection else { return }
        input.speechStarted(at: sample, prefixPaddingMs: settings.prefixPaddingMs)
        let itemID = ids.next("item")
        speechItemID = itemID
        emit("input_audio_buffer.speech_started", [
            "audio_start_ms": JSONValue(input.milliseconds(atSample: input.bufferStart)), "item_id": .string(itemID),
        ])
        // Barge-in: the user talks over the reply, so the server stops generating it.
        if response != nil && settings.interruptResponse { finishResponse(status: .cancelled(reason: "turn_detected")) }
    }

    private func speechStopped(at sample: Int) {
        let itemID = speechItemID ?? ids.next("item")
        speechItemID = nil
        emit("input_audio_buffer.speech_stopped", [
            "audio_end_ms": JSONValue(input.milliseconds(atSample: sample)), "item_id": .string(itemID),
        ])
        commitTurn(itemID: itemID, until: sample)
        guard configuration.turnDetection?.createResponse == true else { return }
        if response == nil {
            startResponse(ResponseRequest())
        } else {
            logger.debug("turn ended while a response is active; no automatic response")
        }
    }

    func commitInputAudio() throws(RealtimeError) {
        let buffered = input.bufferedMs
        guard buffered >= Self.minimumCommitMs else {
            let shown = (buffered * 100).rounded() / 100
            throw RealtimeError(code: "input_audio_buffer_commit_empty",
                                message: "Error committing input audio buffer: buffer too small. Expected at least "
                                    + "100ms of audio, but buffer only has \(shown)ms of audio.",
                                param: nil)
        }
        let itemID = speechItemID ?? ids.next("item")
        speechItemID = nil
        resetDetector()
        commitTurn(itemID: itemID, until: nil)
    }

    func clearInputAudio() {
        input.clear()
        speechItemID = nil
        resetDetector()
        emit("input_audio_buffer.cleared")
    }

    private func resetDetector() {
        guard var vad = detector else { return }
        vad.reset()
        detector = vad
    }

    /// `committed`, the user item (`conversation.item.added` / `.done`) and, when transcription is
    /// on, its transcript (`…input_audio_transcription.delta` / `.completed`).
    private func commitTurn(itemID: String, until sample: Int?) {
        let milliseconds = input.commit(until: sample)
        var item: JSONObject = [
            "id": .string(itemID), "object": "realtime.item", "type": "message", "status": "completed",
            "role": "user", "content": [["type": "input_audio", "transcript": nil]],
        ]
        let previous = conversation.insert(ConversationItem(id: itemID, json: item, role: "user",
                                                            content: .audio(milliseconds: milliseconds)))
        emit("input_audio_buffer.committed", ["previous_item_id": .nullable(previous), "item_id": .string(itemID)])
        emit("conversation.item.added", ["previous_item_id": .nullable(previous), "item": .object(item)])
        emit("conversation.item.done", ["previous_item_id": .nullable(previous), "item": .object(item)])
        guard configuration.transcribesInput else { return }
        let transcript = ReplyText.transcript(forAudioMs: milliseconds)
        // Deltas in a few pieces, as a streaming transcription model sends them.
        let words = transcript.split(separator: " ")
        for start in stride(from: 0, to: words.count, by: 3) {
            let piece = words[start..<min(start + 3, words.count)].joined(separator: " ")
            emit("conversation.item.input_audio_transcription.delta", [
                "item_id": .string(itemID), "content_index": 0, "delta": .string(start == 0 ? piece : " " + piece),
            ])
        }
        emit("conversation.item.input_audio_transcription.completed", [
            "item_id": .string(itemID), "content_index": 0, "transcript": .string(transcript),
            "usage": ["type": "duration", "seconds": JSONValue((milliseconds / 100).rounded() / 10) ?? 0],
        ])
        item["content"] = [["type": "input_audio", "transcript": .string(transcript)]]
        conversation.update(itemID) { $0.json = item }
    }
}
