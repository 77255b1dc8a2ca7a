// `realtime-relay replay`: the subcommands that read frame logs back (summary, audio, export).
import ArgumentParser

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Work with a session's frame log: summarize it, extract its audio, play it again, send it again, export it as HAR.",
        discussion: """
            LOG is one file the relay wrote under its --log-dir (<UTC start>-<session>.jsonl or .jsonl.gz). A corrupt \
            or truncated line is reported with its line number and skipped; a gzip log cut off by a crash is \
            read as far as it goes. See docs/replay.md.

            Examples:
              realtime-relay replay summary logs/20261121T100000Z-rs_7k2m9q4x1c8v0b3n.jsonl.gz
              realtime-relay replay summary LOG --json | jq .figures
              realtime-relay replay audio LOG --out audio/
              realtime-relay replay export LOG --har session.har
              realtime-relay replay serve LOG --port 8090        # an upstream that plays the session again
              realtime-relay serve --upstream-replay LOG         # the page against a recording
              realtime-relay replay send LOG --simulator         # the client's frames again, through the relay
            """,
        subcommands: [ReplaySummaryCommand.self, ReplayAudioCommand.self, ReplayServeCommand.self, ReplaySendCommand.self,
                      ReplayExportCommand.self])
}
