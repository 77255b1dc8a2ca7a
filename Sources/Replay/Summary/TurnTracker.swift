// Turns (speech stopped → first reply audio) and responses (created → done, usage) from server events.

import JSON

/// Follows the VAD turns and the responses. A turn's reply is the first response *created after* its
/// speech stopped, so the audio still streaming from an interrupted response does not count as the
/// reply to the speech that interrupted it.
struct TurnTracker {
    private(set) var turns: [SessionSummary.Turn] = []
    private(set) var responses: [SessionSummary.Response] = []
    private var indexByResponse: [String: Int] = [:]
    /// The latest turn still waiting for its reply's first audio.
    private var openTurn: Int?
    private var speechStartedByItem: [String: Double] = [:]
    private var lastSpeechStarted: Double?

    var usage: SessionSummary.Usage {
        responses.compactMap(\.usage).reduce(SessionSummary.Usage(), +)
    }

    mutating func speechStarted(item: String?, at offset: Double?) {
        lastSpeechStarted = offset
        if let item, let offset { speechStartedByItem[item] = offset }
    }

    mutating func speechStopped(item: String?, audioEndMilliseconds: Int?, at offset: Double?) {
        let started = item.flatMap { speechStartedByItem[$0] } ?? lastSpeechStarted
        turns.append(SessionSummary.Turn(
            number: turns.count + 1, itemID: item, speechStartedMilliseconds: started, speechStoppedMilliseconds: offset,
            audioEndMilliseconds: audioEndMilliseconds, responseID: nil,
            toResponseCreatedMilliseconds: nil, toFirstAudioMilliseconds: nil))
        openTurn = turns.count - 1
        lastSpeechStarted = nil
    }

    mutating func responseCreated(id: String, at offset: Double?) {
        let index = response(id)
        if responses[index].createdMilliseconds == nil { responses[index].createdMilliseconds = offset }
        guard let open = openTurn, turns[open].responseID == nil,
              let stopped = turns[open].speechStoppedMilliseconds, let offset, offset >= stopped else { return }
        turns[open].responseID = id
        turns[open].toResponseCreatedMilliseconds = offset - stopped
    }

    mutating func audioDelta(response id: String?, decodedBytes: Int, at offset: Double?) {
        let index = response(id ?? "(unknown response)")
        responses[index].audioDeltas += 1
        responses[index].audioBytes += decodedBytes
        if responses[index].firstAudioMilliseconds == nil { responses[index].firstAudioMilliseconds = offset }
        guard let open = openTurn, let stopped = turns[open].speechStoppedMilliseconds, let offset else { return }
        let responseID = responses[index].id
        let isReply: Bool
        if let expected = turns[open].responseID {
            isReply = expected == responseID
        } else {
            isReply = (responses[index].createdMilliseconds.map { $0 >= stopped } ?? true) && offset >= stopped
        }
        guard isReply else { return }
        turns[open].responseID = responseID
        turns[open].toFirstAudioMilliseconds = offset - stopped
        openTurn = nil
    }

    /// Records `response.done`; returns the error of a failed response.
    mutating func responseDone(_ body: JSONValue?, at offset: Double?) -> (type: String?, code: String?, message: String?)? {
        let index = response(body?["id"]?.stringValue ?? "(unknown response)")
        responses[index].doneMilliseconds = offset
        responses[index].status = body?["status"]?.stringValue
        if let usage = body?["usage"], usage.objectValue != nil { responses[index].usage = Self.usage(from: usage) }
        guard responses[index].status == "failed" else { return nil }
        let error = body?["status_details"]?["error"]
        return (error?["type"]?.stringValue, error?["code"]?.stringValue,
                error?["message"]?.stringValue ?? "the response failed")
    }

    /// The index of response `id`, created (numbered in order of first sight) when new.
    private mutating func response(_ id: String) -> Int {
        if let index = indexByResponse[id] { return index }
        responses.append(SessionSummary.Response(number: responses.count + 1, id: id))
        indexByResponse[id] = responses.count - 1
        return responses.count - 1
    }

    static func usage(from value: JSONValue) -> SessionSummary.Usage {
        var usage = SessionSummary.Usage()
        usage.inputTokens = value["input_tokens"]?.intValue ?? 0
        usage.outputTokens = value["output_tokens"]?.intValue ?? 0
        usage.totalTokens = value["total_tokens"]?.intValue ?? usage.inputTokens + usage.outputTokens
        let input = value["input_token_details"]
        usage.cachedTokens = input?["cached_tokens"]?.intValue ?? 0
        usage.inputTextTokens = input?["text_tokens"]?.intValue ?? 0
        usage.inputAudioTokens = input?["audio_tokens"]?.intValue ?? 0
        let output = value["output_token_details"]
        usage.outputTextTokens = output?["text_tokens"]?.intValue ?? 0
        usage.outputAudioTokens = output?["audio_tokens"]?.intValue ?? 0
        return usage
    }
}
