// The summary as text for a terminal (coloured) or a pipe (plain): one section after another.

import FrameLog
import JSON

extension SessionSummary {
    /// The human-readable report, one string per line.
    public func textLines(colour: Bool) -> [String] {
        let style = TextStyle(colour: colour)
        var lines: [String] = []
        header(into: &lines, style)
        timelineSection(into: &lines, style)
        countsSection(into: &lines, style)
        transcriptSection(into: &lines, style)
        figuresSection(into: &lines, style)
        problemsSection(into: &lines, style)
        return lines
    }

    // MARK: Sections

    private func header(into lines: inout [String], _ style: TextStyle) {
        var title = "Session " + (session ?? "(unknown)")
        if let api = start?["api"]?.stringValue { title += "  (\(api == "ga" ? "GA" : api) protocol)" }
        lines.append(style.bold(title))
        var file = "  " + Format.pad("log", 17) + "\(log.path)  (\(Format.grouped(log.lines)) lines, \(Format.grouped(log.frames)) frames"
        file += log.isCompressed ? ", gzip)" : ")"
        lines.append(file)
        if let startEpochMicroseconds {
            var when = "  " + Format.pad("started", 17) + FrameLogTimestamp.string(epochMicroseconds: startEpochMicroseconds)
            if let durationMilliseconds { when += ", lasted " + Format.milliseconds(durationMilliseconds) }
            lines.append(when)
        }
        field("deployment", start?["deployment"], into: &lines)
        field("client", start?["client"], into: &lines)
        field("path", start?["path"], into: &lines)
        field("origin", start?["origin"], into: &lines)
        field("user agent", start?["user_agent"], into: &lines)
        field("upstream", start?["upstream_url"], into: &lines)
        field("credential", start?["credential"], into: &lines)
        if let end {
            var outcome = "  " + Format.pad("ended", 17) + (end["outcome"]?.stringValue ?? "?")
            if let closedBy = end["closed_by"]?.stringValue { outcome += ", closed by \(closedBy)" }
            lines.append(outcome)
            for (name, key) in [("client close", "client_close"), ("upstream close", "upstream_close")] {
                guard let close = end[key], close.objectValue != nil else { continue }
                lines.append("  " + Format.pad(name, 17) + SessionSummarizer.closeText(
                    code: close["code"]?.intValue, reason: close["reason"]?.stringValue))
            }
            field("upstream session", end["upstream_session_id"], into: &lines)
            field("expires at", end["expires_at"], into: &lines)
        } else {
            lines.append("  " + Format.pad("ended", 17) + style.yellow("(no session_end record)"))
        }
    }

    private func field(_ name: String, _ value: JSONValue?, into lines: inout [String]) {
        guard let value, !value.isNull else { return }
        let text = value.stringValue ?? value.serializedString
        lines.append("  " + Format.pad(name, 17) + text)
    }

    private func timelineSection(into lines: inout [String], _ style: TextStyle) {
        lines.append("")
        lines.append(style.bold("Timeline") + style.dim("  (ms from the start; streamed frames in a row are folded)"))
        for row in timeline {
            let time = row.offsetMilliseconds.map { "+" + Format.fixed($0, 1) } ?? "?"
            var line = "  " + Format.padLeft(time, 11) + "  " + style.direction(row.direction, padded: 17)
            line += "  " + Format.padLeft(row.bytes > 0 || row.direction != nil ? Format.size(row.bytes) : "", 10)
            let isLogEvent = row.direction == nil && row.opcode == nil
            line += "  " + (isLogEvent ? style.bold(row.label) : row.label)
            if row.count > 1, let last = row.lastOffsetMilliseconds {
                line += style.dim("  (until +" + Format.fixed(last, 1) + ")")
            }
            if let note = row.note {
                line += "  " + (row.label == "error" ? style.red(note) : style.yellow(note))
            }
            lines.append(line)
        }
        if timelineOmitted > 0 {
            lines.append(style.dim("  … \(Format.grouped(timelineOmitted)) more rows (raise --limit, or pick rows with --types)"))
        }
    }

    private func countsSection(into lines: inout [String], _ style: TextStyle) {
        lines.append("")
        lines.append(style.bold("Frames by type"))
        let width = min(44, counts.map(\.label.count).max() ?? 0)
        for count in counts {
            lines.append("  " + Format.padLeft(Format.grouped(count.count), 8) + "  " + Format.pad(count.label, width)
                + "  " + style.direction(count.direction, padded: 17) + "  " + Format.padLeft(Format.size(count.bytes), 10))
        }
    }

    private func transcriptSection(into lines: inout [String], _ style: TextStyle) {
        lines.append("")
        lines.append(style.bold("Transcript"))
        if transcript.isEmpty { lines.append(style.dim("  (no transcripts or text in this log)")) }
        for entry in transcript {
            let time = entry.offsetMilliseconds.map { "+" + Format.fixed($0 / 1000, 1) + " s" } ?? ""
            let who = entry.speaker == .user ? style.green("user     ") : style.blue("assistant")
            var text = entry.text ?? style.dim(entry.source == "transcription" ? "(speech, not transcribed)" : "(no text)")
            if entry.source == "input_text" { text += style.dim("  (typed)") }
            if !entry.isComplete && entry.text != nil { text += style.dim("  (incomplete: deltas only)") }
            if let cut = entry.truncatedAtAudioMilliseconds {
                text += style.yellow("  (interrupted: audio cut at \(cut) ms)")
            }
            lines.append("  " + Format.padLeft(time, 9) + "  " + who + "  " + text)
        }
    }

    private func figuresSection(into lines: inout [String], _ style: TextStyle) {
        lines.append("")
        lines.append(style.bold("Figures"))
        if let spread = firstAudioLatency {
            lines.append("  speech stopped → first audio   median \(Format.milliseconds(spread.median)), "
                + "min \(Format.milliseconds(spread.minimum)), max \(Format.milliseconds(spread.maximum)) "
                + "over \(spread.count) turn\(spread.count == 1 ? "" : "s")")
        }
        if let spread = responseDuration {
            lines.append("  response duration              median \(Format.milliseconds(spread.median)), "
                + "min \(Format.milliseconds(spread.minimum)), max \(Format.milliseconds(spread.maximum)) "
                + "over \(spread.count) response\(spread.count == 1 ? "" : "s")")
        }
        if responsesWithUsage > 0 {
            let u = usage
            lines.append("  tokens                         input \(Format.grouped(u.inputTokens)) (cached \(Format.grouped(u.cachedTokens)), "
                + "audio \(Format.grouped(u.inputAudioTokens)), text \(Format.grouped(u.inputTextTokens))), "
                + "output \(Format.grouped(u.outputTokens)) (audio \(Format.grouped(u.outputAudioTokens)), "
                + "text \(Format.grouped(u.outputTextTokens))), total \(Format.grouped(u.totalTokens))")
        }
        if let relay = end?["usage"], relay.objectValue != nil {
            lines.append("  tokens (relay's count)         " + relay.serializedString)
        }
        if !turns.isEmpty {
            lines.append("")
            lines.append("  " + style.dim("turn  speech stopped  → created  → first audio  response"))
            for turn in turns {
                let stopped = turn.speechStoppedMilliseconds.map { "+" + Format.fixed($0 / 1000, 2) + " s" } ?? "-"
                lines.append("  " + Format.padLeft("\(turn.number)", 4) + "  " + Format.padLeft(stopped, 14)
                    + "  " + Format.padLeft(Format.milliseconds(turn.toResponseCreatedMilliseconds), 9)
                    + "  " + Format.padLeft(Format.milliseconds(turn.toFirstAudioMilliseconds), 13)
                    + "  " + (turn.responseID ?? style.dim("(no reply audio)")))
            }
        }
        if !responses.isEmpty {
            lines.append("")
            lines.append("  " + style.dim("resp  created      duration   status      tokens in/out  audio       id"))
            for response in responses {
                let created = response.createdMilliseconds.map { "+" + Format.fixed($0 / 1000, 2) + " s" } ?? "-"
                let tokens = response.usage.map { "\(Format.grouped($0.inputTokens))/\(Format.grouped($0.outputTokens))" } ?? "-"
                var status = response.status ?? "(no done)"
                status = status == "completed" ? status : style.yellow(Format.pad(status, 10))
                lines.append("  " + Format.padLeft("\(response.number)", 4) + "  " + Format.padLeft(created, 10)
                    + "  " + Format.padLeft(Format.milliseconds(response.durationMilliseconds), 9)
                    + "  " + Format.pad(status, 10) + "  " + Format.padLeft(tokens, 13)
                    + "  " + Format.padLeft(Format.size(response.audioBytes), 10) + "  " + response.id)
            }
        }
        if firstAudioLatency == nil && responseDuration == nil && responsesWithUsage == 0 && turns.isEmpty && responses.isEmpty {
            lines.append(style.dim("  (no turns or responses in this log)"))
        }
    }

    private func problemsSection(into lines: inout [String], _ style: TextStyle) {
        lines.append("")
        lines.append(style.bold("Errors and closes"))
        if errors.isEmpty && closes.isEmpty { lines.append(style.dim("  (no errors, no close frames)")) }
        for error in errors {
            let time = error.offsetMilliseconds.map { "+" + Format.fixed($0, 1) } ?? "?"
            var text = [error.type, error.code].compactMap { $0 }.joined(separator: "/")
            if text.isEmpty { text = error.kind }
            if let message = error.message { text += ": " + message }
            lines.append("  " + Format.padLeft(time, 11) + "  " + style.direction(error.direction, padded: 17) + "  "
                + style.red(text))
        }
        for close in closes {
            let time = close.offsetMilliseconds.map { "+" + Format.fixed($0, 1) } ?? "?"
            lines.append("  " + Format.padLeft(time, 11) + "  " + style.direction(close.direction, padded: 17) + "  "
                + SessionSummarizer.closeText(code: close.code, reason: close.reason))
        }
        if !gaps.isEmpty {
            lines.append("")
            lines.append(style.bold("Gaps in the log"))
            for gap in gaps {
                var text = "frames"
                if let from = gap.seqFrom, let to = gap.seqTo { text += " seq \(from)–\(to)" }
                if let count = gap.count { text += " (\(Format.grouped(count)))" }
                text += " were not logged"
                if let reason = gap.reason { text += ": \(reason)" }
                lines.append("  line \(gap.line): " + style.yellow(text))
            }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append(style.bold("Notes"))
            for note in notes { lines.append("  " + style.yellow(note)) }
        }
        if !log.diagnostics.isEmpty {
            lines.append("")
            lines.append(style.bold("Problems reading the log") + style.dim("  (skipped; everything else was read)"))
            for diagnostic in log.diagnostics { lines.append("  " + style.red("\(diagnostic)")) }
            if log.diagnosticsDropped > 0 { lines.append("  … and \(Format.grouped(log.diagnosticsDropped)) more") }
        }
    }
}
