// The bodies of response events: part-level members, the response object, and its usage.
import JSON

extension SimulatedSession {
    /// The members every part-level event starts with, then `extra`.
    func partFields(_ active: ActiveResponse, _ extra: JSONObject = [:]) -> JSONObject {
        var object: JSONObject = [
            "response_id": .string(active.id), "item_id": .string(active.itemID), "output_index": 0, "content_index": 0,
        ]
        for (key, value) in extra { object[key] = value }
        return object
    }

    func responseJSON(_ active: ActiveResponse, status: String, details: JSONValue, output: [JSONValue],
                              usage: JSONValue) -> JSONValue {
        [
            "object": "realtime.response", "id": .string(active.id), "status": .string(status),
            "status_details": details, "output": .array(output),
            "conversation_id": active.inConversation ? .string(conversationID) : .null,
            "output_modalities": active.textOnly ? ["text"] : ["audio"],
            "max_output_tokens": configuration.session["max_output_tokens"] ?? "inf",
            "audio": ["output": ["format": ["type": "audio/pcm", "rate": 24000], "voice": .string(active.voice)]],
            "usage": usage, "metadata": active.metadata,
        ]
    }

    /// Plausible token counts: text at ~4 characters per token, input audio at 10 tokens per second,
    /// output audio at 20 per second (the ratios the real models bill).
    func usage(_ active: ActiveResponse) -> JSONValue {
        let inputText = active.contextTokens.text + active.instructions.utf8.count / 4 + 4
        let inputAudio = active.contextTokens.audio
        let outputText = max(1, active.sentText.utf8.count / 4)
        let outputAudio = active.textOnly ? 0 : active.audioMsSent / 50
        let input = inputText + inputAudio, output = outputText + outputAudio
        return [
            "total_tokens": JSONValue(input + output), "input_tokens": JSONValue(input), "output_tokens": JSONValue(output),
            "input_token_details": [
                "text_tokens": JSONValue(inputText), "audio_tokens": JSONValue(inputAudio), "image_tokens": 0,
                "cached_tokens": 0, "cached_tokens_details": ["text_tokens": 0, "audio_tokens": 0, "image_tokens": 0],
            ],
            "output_token_details": ["text_tokens": JSONValue(outputText), "audio_tokens": JSONValue(outputAudio)],
        ]
    }
}
