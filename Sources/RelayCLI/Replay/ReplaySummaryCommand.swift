// `realtime-relay replay summary LOG`: timeline, counts, transcripts, latencies, usage, errors and closes.
import ArgumentParser
import Replay

struct ReplaySummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Summarize a session: timeline, transcripts, latencies, token usage, errors and closes.",
        discussion: """
            Prints the session's details, a timeline (ms from the start, direction, size, type), frame counts per \
            type, both sides' transcripts, the figures (speech stopped -> first reply audio, response durations, \
            tokens), errors and close codes, gaps and problems in the log. Coloured on a terminal, plain when \
            piped (or when NO_COLOR is set); --json prints the same content as one JSON document.
            """)

    @Argument(help: ArgumentHelp("The frame log (.jsonl or .jsonl.gz).", valueName: "LOG"))
    var log: String

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Show at most N timeline rows (counts and figures still cover the whole log).", valueName: "N"))
    var limit: Int?

    @Option(help: ArgumentHelp(
        "Timeline rows to show, comma-separated type patterns; * matches anything, a leading ! excludes "
            + "(e.g. 'response.*,error' or '!*.delta,!input_audio_buffer.append'). Control frames are (ping), (pong), (close).",
        valueName: "PATTERNS"))
    var types: String?

    @Flag(help: "List every streamed frame (deltas, appends) on its own timeline row instead of folding runs.")
    var everyFrame = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let reader = try ReplayTerminal.open(log)
        let patterns = types.map { $0.split(separator: ",").map { String($0).trimmingSpaces } } ?? []
        var summarizer = SessionSummarizer(timeline: TimelineOptions(limit: limit, types: patterns, foldStreams: !everyFrame))
        for record in reader { summarizer.add(record) }
        ReplayTerminal.endProgress(reader)
        let summary = summarizer.summary(of: reader)
        if json {
            ReplayTerminal.printLines([summary.json.serializedString])
        } else {
            ReplayTerminal.printLines(summary.textLines(colour: ReplayTerminal.colourOnStandardOutput))
        }
    }
}

extension String {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
