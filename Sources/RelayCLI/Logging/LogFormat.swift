// LogFormat: which log line format the process writes to stderr (readable text or JSON lines).

/// The format of log lines: `text` for a terminal, `json` for containers and log collectors.
package enum LogFormat: String, Sendable, CaseIterable {
    /// One readable line per record: `2026-11-21T10:00:00.123Z info  relay: listening host=0.0.0.0`.
    case text
    /// One JSON object per line: `{"ts":"…","level":"info","logger":"relay","msg":"listening",…}`.
    case json
}
