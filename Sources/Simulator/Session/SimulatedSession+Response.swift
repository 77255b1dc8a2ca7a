// Responses: created by response.create or the VAD, streamed at real-time pace, completed or cancelled.
import Buffers
import JSON
import Posix

extension SimulatedSession {
    func createResponse(_ event: JSONObject) throws(RealtimeError) {
        if let active = response {
            throw RealtimeError(code: "conversation_already_has_active_response",
                                message: "Conversation already has an active response in progress: \(active.id). "
                                    + "Wait until the response is finished before creating a new one.",
                                param: nil)
        }
        startResponse(try responseRequest(event))
    }

    /// Reads the optional `response` parameters the simulator honours.
    private func responseRequest(_ event: JSONObject) throws(RealtimeError) -> ResponseRequest {
        var request = ResponseRequest()
        guard let value = event["response"] else { return request }
        guard let options = value.objectValue else { throw .invalidType("response", expected: "an object") }
        if let modalities = options["output_modalities"] ?? options["modalities"] {
            let list = modalities.arrayValue?.compactMap(\.stringValue) ?? []
            guard list.contains("audio") || list.contains("text") else {
                throw .invalidValue("response.output_modalities", modalities.serializedString, supported: ["audio", "text"])
            }
            request.textOnly = SessionConfiguration.isTextOnly(modalities)
        }
        if let instructions = options["instructions"] {
            guard let text = instructions.stringValue else {
                throw .invalidType("response.instructions", expected: "a string")
            }
            request.instructions = text
        }
        if let conversation = options["conversation"]?.stringValue {
            guard conversation == "auto" || conversation == "none" else {
                throw .invalidValue("response.conversation", conversation, supported: ["auto", "none"])
            }
            request.inConversation = conversation == "auto"
        }
        request.metadata = options["metadata"] ?? .null
        request.voice = (options["audio"]?["output"]?["voice"] ?? options["voice"])?.stringValue
        return request
    }

    func startResponse(_ request: ResponseRequest) {
        let instructions = request.instructions ?? configuration.instructions
        let text = ReplyText.reply(to: conversation.latestInput, instructions: instructions)
        let textOnly = request.textOnly ?? configuration.isTextOnly
        let plan = SpeechPlan(text: text, rate: configuration.outputSpeed)
        let voice = request.voice ?? configuration.voice
        let active = ActiveResponse(
            id: ids.next("resp"), itemID: ids.next("item"), textOnly: textOnly, inConversation: request.inConversation,
            metadata: request.metadata, voice: voice, instructions: instructions, text: text, plan: plan,
            synthesizer: textOnly ? nil : VoiceSynthesizer(plan: plan, voice: voice),
            contextTokens: conversation.contextTokens)
        response = active
        emit("response.created", ["response": responseJSON(active, status: "in_progress", details: .null,
                                                           output: [], usage: .null)])
        let item = active.item(status: "in_progress", text: nil)
        emit("response.output_item.added", ["response_id": .string(active.id), "output_index": 0, "item": .object(item)])
        if active.inConversation {
            let previous = conversation.insert(ConversationItem(id: active.itemID, json: item, role: "assistant"))
            emit("conversation.item.added", ["previous_item_id": .nullable(previous), "item": .object(item)])
        }
        emit("response.content_part.added", partFields(active, ["part": active.part("")]))
        responseTimer.schedule(after: Nanoseconds.seconds(options.paced(options.responseLatency)))
    }

    /// One pacing step: a batch of audio (with the transcript words it covers) or one text word.
    func responseTimerFired() {
        guard var active = response else { return }
        if active.textOnly {
            sendNextWord(&active, delta: "response.output_text.delta")
            response = active
            if active.allWordsSent { return finishResponse(status: .completed) }
            responseTimer.schedule(after: Nanoseconds.seconds(options.paced(options.textDeltaInterval)))
            return
        }
        let chunkSamples = active.plan.sampleRate * options.chunkMilliseconds / 1000
        let streamStart = active.streamStart ?? context.now
        active.streamStart = streamStart
        for _ in 0..<(active.chunksSent == 0 ? max(1, options.leadChunks) : 1) {
            guard var synthesizer = active.synthesizer, !synthesizer.isFinished else { break }
            // The transcript of a word goes out just before the audio in which it starts.
            while !active.allWordsSent, active.plan.wordStarts[active.wordsSent] < active.samplesSent + chunkSamples {
                sendNextWord(&active, delta: "response.output_audio_transcript.delta")
            }
            let pcm = synthesizer.render(count: chunkSamples)
            active.synthesizer = synthesizer
            active.samplesSent += pcm.count / 2
            active.chunksSent += 1
            assistantAudioExists = true
            emit("response.output_audio.delta", partFields(active, ["delta": .string(Base64.encode(pcm))]))
        }
        response = active
        if active.synthesizer?.isFinished ?? true { return finishResponse(status: .completed) }
        // Chunk k (after the head start) is due when playback of chunk k - leadChunks has begun,
        // keeping the client 200–300 ms ahead of its speaker.
        let due = Double((active.chunksSent - max(1, options.leadChunks) + 1) * options.chunkMilliseconds) / 1000
        responseTimer.schedule(at: streamStart &+ Nanoseconds.seconds(options.paced(due)))
    }

    private func sendNextWord(_ active: inout ActiveResponse, delta type: String) {
        guard !active.allWordsSent else { return }
        let word = active.plan.words[active.wordsSent]
        active.wordsSent += 1
        active.sentText += word
        emit(type, partFields(active, ["delta": .string(word)]))
    }

    func cancelResponse(_ event: JSONObject) throws(RealtimeError) {
        let requested = event["response_id"]?.stringValue
        guard let active = response, requested == nil || requested == active.id else {
            throw RealtimeError(code: "response_cancel_not_active",
                                message: "Cancellation failed: no active response found.", param: nil)
        }
        finishResponse(status: .cancelled(reason: "client_cancelled"))
    }

    /// Closes every open lifecycle (audio, transcript, part, item, response) in Azure's order.
    /// A cancelled response keeps what was sent: its transcript is the words already delivered.
    func finishResponse(status: ResponseStatus) {
        guard var active = response else { return }
        response = nil
        responseTimer.cancel()
        if status == .completed {
            while !active.allWordsSent {
                sendNextWord(&active, delta: active.textOnly ? "response.output_text.delta"
                                                             : "response.output_audio_transcript.delta")
            }
        }
        let text = active.sentText
        if active.textOnly {
            emit("response.output_text.done", partFields(active, ["text": .string(text)]))
        } else {
            emit("response.output_audio.done", partFields(active))
            emit("response.output_audio_transcript.done", partFields(active, ["transcript": .string(text)]))
        }
        emit("response.content_part.done", partFields(active, ["part": active.part(text)]))
        let item = active.item(status: status == .completed ? "completed" : "incomplete", text: text)
        emit("response.output_item.done", ["response_id": .string(active.id), "output_index": 0, "item": .object(item)])
        if active.inConversation, conversation.item(active.itemID) != nil {
            conversation.update(active.itemID) { stored in
                stored.json = item
                // No audio sent (cancelled while "thinking"): nothing to truncate, as on Azure.
                stored.audioMs = active.textOnly || active.samplesSent == 0 ? nil : active.audioMsSent
            }
            let previous = conversation.index(of: active.itemID).flatMap { $0 > 0 ? conversation.items[$0 - 1].id : nil }
            emit("conversation.item.done", ["previous_item_id": .nullable(previous), "item": .object(item)])
        }
        let usage = self.usage(active)
        let statusName: String, details: JSONValue
        switch status {
        case .completed: (statusName, details) = ("completed", .null)
        case .cancelled(let reason): (statusName, details) = ("cancelled", ["type": "cancelled", "reason": .string(reason)])
        }
        emit("response.done", ["response": responseJSON(active, status: statusName, details: details,
                                                         output: [.object(item)], usage: usage)])
        responsesCompleted += 1
        let total = usage["total_tokens"]?.intValue ?? 0
        emit("rate_limits.updated", ["rate_limits": [
            ["name": "requests", "limit": 1000, "remaining": JSONValue(max(0, 1000 - responsesCompleted)), "reset_seconds": 60],
            ["name": "tokens", "limit": 100_000, "remaining": JSONValue(max(0, 100_000 - total)), "reset_seconds": 60],
        ]])
    }

    /// Stops streaming without events (the connection is gone or the session expired).
    func stopResponse() {
        response = nil
        responseTimer.cancel()
    }
}
