// What `replay summary` reports about one session: timeline, counts, transcripts, figures, errors, closes.

import FrameLog
import JSON

/// Everything `replay summary` shows, as values; rendered as text (``SessionSummary/textLines(colour:)``)
/// or as one JSON document (``SessionSummary/json``). Times are milliseconds from the session's start
/// (its `session_start` record, else the first timestamped record).
public struct SessionSummary: Sendable {
    /// The file that was read and what was wrong with it.
    public struct LogInfo: Sendable {
        public var path: String
        public var isCompressed: Bool
        public var lines: Int
        public var records: Int
        public var frames: Int
        public var diagnostics: [FrameLogDiagnostic]
        public var diagnosticsDropped: Int
    }

    /// One row of the timeline: a frame or a log event, or a run of like frames folded into one.
    public struct TimelineEntry: Sendable, Equatable {
        public var offsetMilliseconds: Double?
        /// Offset of the last frame of a folded run.
        public var lastOffsetMilliseconds: Double?
        public var seq: Int?
        public var line: Int
        public var direction: FrameDirection?
        public var opcode: FrameLogOpcode?
        /// The event type, `(ping)`-style for frames without one, or the log event's name.
        public var label: String
        public var bytes: Int
        /// Frames folded into this row (1 for a single frame).
        public var count: Int
        /// A short remark: a close code, an error code, "rewritten", "audio omitted".
        public var note: String?
    }

    /// Frames of one type going one way.
    public struct TypeCount: Sendable, Equatable {
        public var label: String
        public var direction: FrameDirection?
        public var count: Int
        public var bytes: Int
    }

    public enum Speaker: String, Sendable { case user, assistant }

    /// One conversation item's text, in conversation order.
    public struct TranscriptEntry: Sendable, Equatable {
        public var speaker: Speaker
        public var itemID: String?
        public var responseID: String?
        /// Nil when the item had no text (speech without input transcription).
        public var text: String?
        /// `transcription` (user speech), `input_text` (typed), `audio_transcript`, `text`.
        public var source: String
        /// Whether the final event (`.completed` / `.done`) was seen; deltas only otherwise.
        public var isComplete: Bool
        /// `audio_end_ms` of a `conversation.item.truncate` (barge-in): the user heard only this much.
        public var truncatedAtAudioMilliseconds: Int?
        public var offsetMilliseconds: Double?
    }

    /// A user turn ended by the server's VAD, and how long the reply took.
    public struct Turn: Sendable, Equatable {
        public var number: Int
        public var itemID: String?
        public var speechStartedMilliseconds: Double?
        public var speechStoppedMilliseconds: Double?
        /// The event's `audio_end_ms` (position in the input audio buffer).
        public var audioEndMilliseconds: Int?
        public var responseID: String?
        /// speech_stopped → response.created.
        public var toResponseCreatedMilliseconds: Double?
        /// speech_stopped → the response's first audio delta: the silence the user hears.
        public var toFirstAudioMilliseconds: Double?
    }

    /// Token usage as `response.done` reports it.
    public struct Usage: Sendable, Equatable {
        public var inputTokens = 0
        public var outputTokens = 0
        public var totalTokens = 0
        public var cachedTokens = 0
        public var inputTextTokens = 0
        public var inputAudioTokens = 0
        public var outputTextTokens = 0
        public var outputAudioTokens = 0

        public init() {}

        static func + (lhs: Usage, rhs: Usage) -> Usage {
            var sum = lhs
            sum.inputTokens += rhs.inputTokens
            sum.outputTokens += rhs.outputTokens
            sum.totalTokens += rhs.totalTokens
            sum.cachedTokens += rhs.cachedTokens
            sum.inputTextTokens += rhs.inputTextTokens
            sum.inputAudioTokens += rhs.inputAudioTokens
            sum.outputTextTokens += rhs.outputTextTokens
            sum.outputAudioTokens += rhs.outputAudioTokens
            return sum
        }
    }

    /// One model response, from `response.created` to `response.done`.
    public struct Response: Sendable, Equatable {
        public var number: Int
        public var id: String
        public var createdMilliseconds: Double?
        public var doneMilliseconds: Double?
        public var firstAudioMilliseconds: Double?
        /// `response.done`'s `status` (`completed`, `cancelled`, `incomplete`, `failed`).
        public var status: String?
        public var audioDeltas = 0
        /// Decoded audio bytes in its deltas (as logged: less when audio was omitted from the log).
        public var audioBytes = 0
        public var usage: Usage?
        public var durationMilliseconds: Double? {
            guard let createdMilliseconds, let doneMilliseconds else { return nil }
            return doneMilliseconds - createdMilliseconds
        }
    }

    /// An `error` event (either direction), a failed transcription or a failed response.
    public struct ErrorEntry: Sendable, Equatable {
        public var offsetMilliseconds: Double?
        public var line: Int
        public var direction: FrameDirection?
        /// `error`, `transcription_failed` or `response_failed`.
        public var kind: String
        public var type: String?
        public var code: String?
        public var message: String?
        public var eventID: String?
    }

    /// A close frame.
    public struct CloseEntry: Sendable, Equatable {
        public var offsetMilliseconds: Double?
        public var line: Int
        public var direction: FrameDirection?
        public var code: Int?
        public var reason: String?
    }

    /// A `frames_missing` record: frames the writer could not log.
    public struct Gap: Sendable, Equatable {
        public var offsetMilliseconds: Double?
        public var line: Int
        public var seqFrom: Int?
        public var seqTo: Int?
        public var count: Int?
        public var reason: String?
    }

    public var log: LogInfo
    /// The `session_start` record's fields, as logged.
    public var start: JSONObject?
    /// The `session_end` record's fields, as logged; nil when the log ends without one.
    public var end: JSONObject?
    public var session: String?
    /// Microseconds since the epoch of time zero.
    public var startEpochMicroseconds: Int64?
    /// From `session_end.duration_ms`, else first to last timestamp.
    public var durationMilliseconds: Double?
    public var timeline: [TimelineEntry]
    /// Rows left out by `--limit` (after `--types` filtering).
    public var timelineOmitted: Int
    public var counts: [TypeCount]
    public var transcript: [TranscriptEntry]
    public var turns: [Turn]
    public var responses: [Response]
    /// The sum of every `response.done` usage.
    public var usage: Usage
    public var errors: [ErrorEntry]
    public var closes: [CloseEntry]
    public var gaps: [Gap]
    /// Remarks about the log as a whole (a second session in one file, audio left out of the log).
    public var notes: [String]
}
