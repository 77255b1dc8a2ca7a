// Reads records one at a time and accumulates a SessionSummary (constant memory apart from what it reports).

import FrameLog
import JSON

/// Turns a stream of records into a ``SessionSummary``.
///
/// ```swift
/// let reader = try FrameLogReader(path: path)
/// var summarizer = SessionSummarizer(timeline: TimelineOptions(limit: 200))
/// for record in reader { summarizer.add(record) }
/// let summary = summarizer.summary(of: reader)
/// ```
///
/// Server events are read from frames going `upstream_to_client`, `upstream_to_relay` or
/// `relay_to_client` (relay-made error events); client events from `client_to_upstream` and
/// `relay_to_upstream`, so an event the relay refused (`client_to_relay`) is not taken as having
/// happened. Errors and closes count from every direction.
public struct SessionSummarizer {
    var timeline: TimelineBuilder
    var transcript = TranscriptBuilder()
    var turns = TurnTracker()
    private var start: JSONObject?
    private var end: JSONObject?
    private var session: String?
    private var zero: Int64?
    private var lastMicros: Int64?
    private var frames = 0
    var errors: [SessionSummary.ErrorEntry] = []
    private var closes: [SessionSummary.CloseEntry] = []
    private var gaps: [SessionSummary.Gap] = []
    private var notes: [String] = []
    private var elidedAudioFrames = 0
    private var sawRecord = false

    public init(timeline options: TimelineOptions = TimelineOptions()) {
        timeline = TimelineBuilder(options: options)
    }

    /// Takes the next record, in log order.
    public mutating func add(_ record: FrameLogRecord) {
        // Time zero: the first timestamp, normally the session_start's.
        if let micros = record.epochMicroseconds {
            if zero == nil { zero = micros }
            lastMicros = micros
        }
        sawRecord = true
        let offset = offsetMilliseconds(record)
        switch record.kind {
        case .sessionStart:
            if start == nil {
                start = record.fields
                session = record.session ?? session
            } else {
                notes.append("line \(record.line): another session_start (session \(record.session ?? "?")): "
                    + "this file holds more than one session; the figures cover all of them")
            }
            timeline.add(entry(record, label: "session_start", offset: offset), isFrame: false)
        case .sessionEnd:
            end = record.fields
            let note = record["outcome"]?.stringValue.map { "outcome \($0)" }
            timeline.add(entry(record, label: "session_end", offset: offset, note: note), isFrame: false)
        case .framesMissing:
            gaps.append(SessionSummary.Gap(
                offsetMilliseconds: offset, line: record.line, seqFrom: record["seq_from"]?.intValue,
                seqTo: record["seq_to"]?.intValue, count: record["count"]?.intValue, reason: record["reason"]?.stringValue))
            let note = record["count"]?.intValue.map { "\($0) frames not logged" }
            timeline.add(entry(record, label: "frames_missing", offset: offset, note: note), isFrame: false)
        case .otherEvent(let name):
            timeline.add(entry(record, label: name, offset: offset), isFrame: false)
        case .unrecognized:
            break
        case .frame:
            frame(record, offset: offset)
        }
    }

    /// The summary so far; pass the reader for the file's facts and diagnostics.
    public func summary(of reader: FrameLogReader) -> SessionSummary {
        summary(log: SessionSummary.LogInfo(
            path: reader.path, isCompressed: reader.isCompressed, lines: reader.linesRead, records: reader.recordsRead,
            frames: frames, diagnostics: reader.diagnostics, diagnosticsDropped: reader.diagnosticsDropped))
    }

    /// The summary so far, with `log` describing the file.
    public func summary(log: SessionSummary.LogInfo) -> SessionSummary {
        var log = log
        log.frames = frames
        var timeline = self.timeline
        timeline.flush()
        var notes = self.notes
        if start == nil && sawRecord { notes.append("the log has no session_start record: its beginning is missing") }
        if end == nil && sawRecord {
            notes.append("the log has no session_end record: the session was still running when it was read, "
                + "or the relay stopped without closing the log")
        }
        if elidedAudioFrames > 0 {
            notes.append("\(elidedAudioFrames) frames were logged without all their audio (--log-audio omit or truncate); "
                + "audio sizes count only what was logged, and `replay audio` cannot rebuild that audio")
        }
        var duration = end?["duration_ms"]?.doubleValue
        if duration == nil, let zero, let lastMicros { duration = Double(lastMicros - zero) / 1000 }
        return SessionSummary(
            log: log, start: start, end: end, session: session ?? start?["session"]?.stringValue,
            startEpochMicroseconds: zero, durationMilliseconds: duration,
            timeline: timeline.rows, timelineOmitted: timeline.omitted, counts: timeline.sortedCounts,
            transcript: transcript.transcript, turns: turns.turns, responses: turns.responses, usage: turns.usage,
            errors: errors, closes: closes, gaps: gaps, notes: notes)
    }

    // MARK: Frames

    private mutating func frame(_ record: FrameLogRecord, offset: Double?) {
        frames += 1
        if session == nil { session = record.session }
        if record.isAudioElided { elidedAudioFrames += 1 }
        let direction = record.direction
        let event = record.payloadObject
        let type = record.type
        let label = type ?? "(\(record.opcode?.name ?? record["opcode"]?.stringValue ?? "frame"))"
        var note: String?
        if record.opcode == .close {
            closes.append(SessionSummary.CloseEntry(offsetMilliseconds: offset, line: record.line, direction: direction,
                                                    code: record.closeCode, reason: record.closeReason))
            note = Self.closeText(code: record.closeCode, reason: record.closeReason)
        } else if type == "error" {
            let error = event?["error"]
            errors.append(SessionSummary.ErrorEntry(
                offsetMilliseconds: offset, line: record.line, direction: direction, kind: "error",
                type: error?["type"]?.stringValue, code: error?["code"]?.stringValue,
                message: error?["message"]?.stringValue, eventID: error?["event_id"]?.stringValue))
            note = error?["code"]?.stringValue ?? error?["type"]?.stringValue
        } else if record.original != nil {
            note = "rewritten by the relay"
        }
        timeline.add(entry(record, label: label, offset: offset, note: note), isFrame: true)
        guard let event, let type else { return }
        // Which side an event came from decides what it means (see the type's documentation).
        switch direction {
        case .upstreamToClient, .upstreamToRelay, .relayToClient, nil:
            serverEvent(type, event, record: record, offset: offset)
        case .clientToUpstream, .relayToUpstream:
            clientEvent(type, event, offset: offset)
        case .clientToRelay:
            break
        }
    }

    // MARK: Helpers

    private func offsetMilliseconds(_ record: FrameLogRecord) -> Double? {
        guard let micros = record.epochMicroseconds, let zero else { return nil }
        return Double(micros - zero) / 1000
    }

    private func entry(_ record: FrameLogRecord, label: String, offset: Double?, note: String? = nil) -> SessionSummary.TimelineEntry {
        SessionSummary.TimelineEntry(
            offsetMilliseconds: offset, lastOffsetMilliseconds: nil, seq: record.seq, line: record.line,
            direction: record.direction, opcode: record.opcode, label: label,
            bytes: record.bytes ?? 0, count: 1, note: note)
    }

    static func closeText(code: Int?, reason: String?) -> String {
        var text = code.map { "close \($0)" } ?? "close (no code)"
        if let reason, !reason.isEmpty { text += " \"\(reason)\"" }
        return text
    }

    /// Decoded size of a base64 string, from its length and padding.
    static func decodedLength(_ base64: String) -> Int {
        let utf8 = base64.utf8
        var padding = 0
        for byte in utf8.reversed() {
            guard byte == UInt8(ascii: "=") else { break }
            padding += 1
        }
        return (utf8.count - padding) * 3 / 4
    }
}
