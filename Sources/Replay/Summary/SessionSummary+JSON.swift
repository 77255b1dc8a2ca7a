// The summary as one JSON document (`replay summary --json`), with the same content as the text.

import FrameLog
import JSON

extension SessionSummary {
    /// One JSON object: `log`, `session`, `timeline`, `counts`, `transcript`, `turns`, `responses`,
    /// `usage`, `figures`, `errors`, `closes`, `gaps`, `notes`. Times are milliseconds from the start;
    /// absent values are `null`. See docs/replay.md for each field.
    public var json: JSONValue {
        var document = JSONObject()
        var log = JSONObject()
        log["path"] = .string(self.log.path)
        log["compressed"] = .bool(self.log.isCompressed)
        log["lines"] = JSONValue(self.log.lines)
        log["records"] = JSONValue(self.log.records)
        log["frames"] = JSONValue(self.log.frames)
        log["problems"] = .array(self.log.diagnostics.map { problem in
            ["line": problem.line.map { JSONValue($0) } ?? .null, "message": .string(problem.message)]
        })
        log["problems_not_listed"] = JSONValue(self.log.diagnosticsDropped)
        document["log"] = .object(log)

        var session = JSONObject()
        session["id"] = string(self.session)
        session["started_at"] = startEpochMicroseconds.map { .string(FrameLogTimestamp.string(epochMicroseconds: $0, fractionDigits: 6)) } ?? .null
        session["duration_ms"] = milliseconds(durationMilliseconds)
        session["start"] = start.map(JSONValue.object) ?? .null
        session["end"] = end.map(JSONValue.object) ?? .null
        document["session"] = .object(session)

        document["timeline"] = .array(timeline.map { row in
            var object = JSONObject()
            object["t_ms"] = milliseconds(row.offsetMilliseconds)
            if row.count > 1 { object["last_t_ms"] = milliseconds(row.lastOffsetMilliseconds) }
            object["seq"] = row.seq.map { JSONValue($0) } ?? .null
            object["line"] = JSONValue(row.line)
            object["dir"] = string(row.direction?.name)
            object["opcode"] = string(row.opcode?.name)
            object["type"] = .string(row.label)
            object["bytes"] = JSONValue(row.bytes)
            object["count"] = JSONValue(row.count)
            object["note"] = string(row.note)
            return .object(object)
        })
        document["timeline_omitted"] = JSONValue(timelineOmitted)
        document["counts"] = .array(counts.map { count in
            ["type": .string(count.label), "dir": string(count.direction?.name), "count": JSONValue(count.count),
             "bytes": JSONValue(count.bytes)]
        })
        document["transcript"] = .array(transcript.map { entry in
            var object = JSONObject()
            object["speaker"] = .string(entry.speaker.rawValue)
            object["t_ms"] = milliseconds(entry.offsetMilliseconds)
            object["item_id"] = string(entry.itemID)
            object["response_id"] = string(entry.responseID)
            object["text"] = string(entry.text)
            object["source"] = .string(entry.source)
            object["complete"] = .bool(entry.isComplete)
            object["truncated_at_audio_ms"] = entry.truncatedAtAudioMilliseconds.map { JSONValue($0) } ?? .null
            return .object(object)
        })
        document["turns"] = .array(turns.map { turn in
            var object = JSONObject()
            object["turn"] = JSONValue(turn.number)
            object["item_id"] = string(turn.itemID)
            object["speech_started_ms"] = milliseconds(turn.speechStartedMilliseconds)
            object["speech_stopped_ms"] = milliseconds(turn.speechStoppedMilliseconds)
            object["audio_end_ms"] = turn.audioEndMilliseconds.map { JSONValue($0) } ?? .null
            object["response_id"] = string(turn.responseID)
            object["to_response_created_ms"] = milliseconds(turn.toResponseCreatedMilliseconds)
            object["to_first_audio_ms"] = milliseconds(turn.toFirstAudioMilliseconds)
            return .object(object)
        })
        document["responses"] = .array(responses.map { response in
            var object = JSONObject()
            object["response"] = JSONValue(response.number)
            object["id"] = .string(response.id)
            object["created_ms"] = milliseconds(response.createdMilliseconds)
            object["done_ms"] = milliseconds(response.doneMilliseconds)
            object["duration_ms"] = milliseconds(response.durationMilliseconds)
            object["first_audio_ms"] = milliseconds(response.firstAudioMilliseconds)
            object["status"] = string(response.status)
            object["audio_deltas"] = JSONValue(response.audioDeltas)
            object["audio_bytes"] = JSONValue(response.audioBytes)
            object["usage"] = response.usage.map(Self.json(usage:)) ?? .null
            return .object(object)
        })
        var usage = Self.json(usage: self.usage).objectValue ?? JSONObject()
        usage["responses_with_usage"] = JSONValue(responsesWithUsage)
        usage["relay_reported"] = end?["usage"] ?? .null
        document["usage"] = .object(usage)
        document["figures"] = [
            "speech_stopped_to_first_audio_ms": spread(firstAudioLatency),
            "response_duration_ms": spread(responseDuration),
        ]
        document["errors"] = .array(errors.map { error in
            var object = JSONObject()
            object["t_ms"] = milliseconds(error.offsetMilliseconds)
            object["line"] = JSONValue(error.line)
            object["dir"] = string(error.direction?.name)
            object["kind"] = .string(error.kind)
            object["type"] = string(error.type)
            object["code"] = string(error.code)
            object["message"] = string(error.message)
            object["event_id"] = string(error.eventID)
            return .object(object)
        })
        document["closes"] = .array(closes.map { close in
            ["t_ms": milliseconds(close.offsetMilliseconds), "line": JSONValue(close.line), "dir": string(close.direction?.name),
             "code": close.code.map { JSONValue($0) } ?? .null, "reason": string(close.reason)]
        })
        document["gaps"] = .array(gaps.map { gap in
            ["t_ms": milliseconds(gap.offsetMilliseconds), "line": JSONValue(gap.line),
             "seq_from": gap.seqFrom.map { JSONValue($0) } ?? .null, "seq_to": gap.seqTo.map { JSONValue($0) } ?? .null,
             "count": gap.count.map { JSONValue($0) } ?? .null, "reason": string(gap.reason)]
        })
        document["notes"] = .array(notes.map(JSONValue.string))
        return .object(document)
    }

    static func json(usage: Usage) -> JSONValue {
        [
            "input_tokens": JSONValue(usage.inputTokens), "output_tokens": JSONValue(usage.outputTokens),
            "total_tokens": JSONValue(usage.totalTokens), "cached_tokens": JSONValue(usage.cachedTokens),
            "input_text_tokens": JSONValue(usage.inputTextTokens), "input_audio_tokens": JSONValue(usage.inputAudioTokens),
            "output_text_tokens": JSONValue(usage.outputTextTokens), "output_audio_tokens": JSONValue(usage.outputAudioTokens),
        ]
    }

    private func spread(_ spread: Spread?) -> JSONValue {
        guard let spread else { return .null }
        return ["count": JSONValue(spread.count), "min": milliseconds(spread.minimum),
                "median": milliseconds(spread.median), "max": milliseconds(spread.maximum)]
    }

    private func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Milliseconds rounded to the log's microsecond resolution, so sums print without float noise.
    private func milliseconds(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return JSONValue((value * 1000).rounded() / 1000) ?? .null
    }
}
