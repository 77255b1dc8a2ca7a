// Frame log records without the DOM: JSON Lines parsing, timestamps, directions, timeline rows, a summary.

/** Parses JSON Lines. Every line that is not a JSON object becomes an error with its 1-based line
 *  number, so one damaged line (a crash mid-write, a gzip cut short) costs that line only. */
export function parseJSONL(text) {
  const records = [];
  const errors = [];
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    try {
      const value = JSON.parse(line);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        errors.push({ line: index + 1, message: "not a JSON object" });
      } else {
        records.push(value);
      }
    } catch (error) {
      const cut = index === lines.length - 1 ? " (the last line: the file may still be being written)" : "";
      errors.push({ line: index + 1, message: `${error.message}${cut}` });
    }
  });
  return { records, errors };
}

/** Microseconds since the epoch of an RFC 3339 UTC time with up to 6 fraction digits, or NaN.
 *  Date.parse keeps milliseconds only, so the fraction is read here. */
export function parseTimestamp(ts) {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(ts ?? "");
  if (!match) return NaN;
  const seconds = Date.parse(`${match[1]}Z`);
  const fraction = (match[2] ?? "").padEnd(6, "0").slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

/** The six directions of the log schema, with a short arrow label and who sent/received. */
export const DIRECTIONS = {
  client_to_upstream: { arrow: "C → U", label: "client to upstream (forwarded)" },
  upstream_to_client: { arrow: "C ← U", label: "upstream to client (forwarded)" },
  relay_to_upstream: { arrow: "R → U", label: "relay to upstream (injected)" },
  relay_to_client: { arrow: "C ← R", label: "relay to client (made by the relay)" },
  client_to_relay: { arrow: "C → R", label: "client to relay (consumed)" },
  upstream_to_relay: { arrow: "R ← U", label: "upstream to relay (consumed)" },
};

/** What a record is, for the timeline and its filter: the event type, else the log event, else the opcode. */
export function recordKind(record) {
  return record.type ?? (record.event ? `[${record.event}]` : record.opcode ? `(${record.opcode})` : "(unknown)");
}

/** One row per record: time relative to the first timestamp (ms, fractional), direction, kind, size. */
export function timelineRows(records) {
  const start = records.map((r) => parseTimestamp(r.ts)).find((t) => !Number.isNaN(t));
  return records.map((record, index) => {
    const time = parseTimestamp(record.ts);
    return {
      index,
      seq: record.seq ?? null,
      ms: Number.isNaN(time) || start === undefined ? null : (time - start) / 1000,
      dir: record.dir ?? null,
      kind: recordKind(record),
      bytes: typeof record.bytes === "number" ? record.bytes : null,
      audioMissing: record.audio_omitted_bytes ?? record.audio_truncated_bytes ?? null,
      record,
    };
  });
}

/** How many rows of each kind, most frequent first (then by name), for the type filter. */
export function kindCounts(rows) {
  const counts = new Map();
  for (const row of rows) counts.set(row.kind, (counts.get(row.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([kind, count]) => ({ kind, count }));
}

/** The session's start and end records, its loss records, and sequence gaps not covered by them. */
export function sessionSummary(records) {
  const start = records.find((r) => r.event === "session_start") ?? null;
  const end = records.findLast((r) => r.event === "session_end") ?? null;
  const missing = records.filter((r) => r.event === "frames_missing");
  const covered = (seq) => missing.some((m) => seq >= m.seq_from && seq <= m.seq_to);
  const gaps = [];
  let previous = null;
  for (const seq of records.map((r) => r.seq).filter((s) => typeof s === "number")) {
    if (previous !== null && seq > previous + 1 && !covered(previous + 1)) gaps.push({ from: previous + 1, to: seq - 1 });
    previous = seq;
  }
  return { start, end, missing, gaps, frames: records.filter((r) => r.opcode).length };
}

/** A copy of `value` for display, with strings longer than `limit` cut (audio is megabytes of base64). */
export function abbreviateLongStrings(value, limit = 160) {
  if (typeof value === "string") {
    return value.length > limit ? `${value.slice(0, limit)}… (${value.length} characters)` : value;
  }
  if (Array.isArray(value)) return value.map((item) => abbreviateLongStrings(item, limit));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, abbreviateLongStrings(item, limit)]));
  }
  return value;
}

/** The audio chunk events, which make up most of a session's frames. */
export const AUDIO_CHUNK_KINDS = new Set(["input_audio_buffer.append", "response.output_audio.delta", "response.audio.delta"]);

/** The rows that pass the timeline's filter: one kind ("" for all), one direction ("" for all), and
 *  optionally without audio chunks. */
export function filterRows(rows, { kind = "", dir = "", hideAudio = false } = {}) {
  return rows.filter((row) => (kind === "" || row.kind === kind)
    && (dir === "" || row.dir === dir)
    && !(hideAudio && AUDIO_CHUNK_KINDS.has(row.kind)));
}
