// Frame log records: JSON Lines with line errors, microsecond timestamps, timeline rows, summary, display copies.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parseJSONL, parseTimestamp, timelineRows, kindCounts, sessionSummary, abbreviateLongStrings, recordKind, DIRECTIONS, filterRows,
} from "../../Public/logs/records.mjs";

test("parseJSONL keeps good lines and reports bad ones by line number", () => {
  const text = [
    '{"event":"session_start","seq":1}',
    "",
    '{"seq":2,"dir":"client_to_upstream"}\r',
    "[1,2]",
    "not json",
    '{"seq":3,"dir":"upstream_to_client"}',
    '{"seq":4,"dir":"upstr',
  ].join("\n");
  const { records, errors } = parseJSONL(text);
  assert.deepEqual(records.map((r) => r.seq), [1, 2, 3]);
  assert.deepEqual(errors.map((e) => e.line), [4, 5, 7]);
  assert.equal(errors[0].message, "not a JSON object");
  assert.match(errors[2].message, /the last line: the file may still be being written/);
  assert.doesNotMatch(errors[1].message, /last line/);
});

test("parseJSONL of a file ending in a newline has no empty-line error", () => {
  assert.deepEqual(parseJSONL('{"a":1}\n{"b":2}\n'), { records: [{ a: 1 }, { b: 2 }], errors: [] });
});

test("parseTimestamp keeps microseconds", () => {
  assert.equal(parseTimestamp("2026-11-21T15:23:34.120034Z"), 1795274614120034);
  assert.equal(parseTimestamp("2026-11-21T15:23:34Z"), 1795274614000000);
  assert.equal(parseTimestamp("2026-11-21T15:23:34.5Z"), 1795274614500000);
  assert.ok(Number.isNaN(parseTimestamp("2026-11-21 15:23:34")));
  assert.ok(Number.isNaN(parseTimestamp(undefined)));
});

test("timelineRows give time relative to the first record, direction, kind and size", () => {
  const records = [
    { event: "session_start", ts: "2026-11-21T15:23:34.120034Z", seq: 1 },
    { ts: "2026-11-21T15:23:34.301220Z", seq: 2, dir: "client_to_upstream", opcode: "text", type: "session.update", bytes: 53 },
    { ts: "2026-11-21T15:23:35.002311Z", seq: 3, dir: "upstream_to_client", opcode: "binary", bytes: 5 },
    { ts: "2026-11-21T15:23:36.000200Z", seq: 4, dir: "client_to_upstream", opcode: "text", type: "input_audio_buffer.append",
      bytes: 6447, audio_omitted_bytes: 4800 },
  ];
  const rows = timelineRows(records);
  assert.deepEqual(rows.map((r) => r.ms), [0, 181.186, 882.277, 1880.166]);
  assert.deepEqual(rows.map((r) => r.kind), ["[session_start]", "session.update", "(binary)", "input_audio_buffer.append"]);
  assert.deepEqual(rows.map((r) => r.bytes), [null, 53, 5, 6447]);
  assert.deepEqual(rows.map((r) => r.audioMissing), [null, null, null, 4800]);
  assert.equal(rows[1].record, records[1]);
});

test("kindCounts: most frequent first, ties by name", () => {
  const rows = ["b", "a", "c", "a", "b", "a"].map((kind) => ({ kind }));
  assert.deepEqual(kindCounts(rows), [{ kind: "a", count: 3 }, { kind: "b", count: 2 }, { kind: "c", count: 1 }]);
});

test("every direction of the schema has an arrow", () => {
  assert.deepEqual(Object.keys(DIRECTIONS).sort(), [
    "client_to_relay", "client_to_upstream", "relay_to_client", "relay_to_upstream", "upstream_to_client", "upstream_to_relay",
  ]);
  assert.equal(DIRECTIONS.upstream_to_client.arrow, "C ← U");
  assert.equal(recordKind({ opcode: "close" }), "(close)");
});

test("sessionSummary finds start, end, loss records and unexplained gaps", () => {
  const records = [
    { event: "session_start", seq: 1 },
    { seq: 2, opcode: "text" },
    { event: "frames_missing", seq_from: 3, seq_to: 4, count: 2 },
    { seq: 5, opcode: "text" },
    { seq: 8, opcode: "close" },
    { event: "session_end", seq: 9, outcome: "completed" },
  ];
  const summary = sessionSummary(records);
  assert.equal(summary.start, records[0]);
  assert.equal(summary.end.outcome, "completed");
  assert.equal(summary.missing.length, 1);
  assert.deepEqual(summary.gaps, [{ from: 6, to: 7 }]);
  assert.equal(summary.frames, 3);
});

test("abbreviateLongStrings cuts long strings anywhere, leaves the rest", () => {
  const audio = "A".repeat(300);
  const shown = abbreviateLongStrings({ data: { type: "x", audio, list: [audio, 1, null] }, n: 2 }, 10);
  assert.deepEqual(shown, {
    data: { type: "x", audio: "AAAAAAAAAA… (300 characters)", list: ["AAAAAAAAAA… (300 characters)", 1, null] },
    n: 2,
  });
});

test("filterRows by kind, direction, and without audio chunks", () => {
  const rows = timelineRows([
    { event: "session_start" },
    { dir: "client_to_upstream", type: "input_audio_buffer.append" },
    { dir: "client_to_upstream", type: "session.update" },
    { dir: "upstream_to_client", type: "response.output_audio.delta" },
    { dir: "upstream_to_client", type: "response.audio.delta" },
    { dir: "upstream_to_client", type: "response.done" },
  ]);
  const kinds = (filtered) => filtered.map((row) => row.kind);
  assert.deepEqual(kinds(filterRows(rows)), kinds(rows));
  assert.deepEqual(kinds(filterRows(rows, { kind: "session.update" })), ["session.update"]);
  assert.deepEqual(kinds(filterRows(rows, { dir: "upstream_to_client" })), ["response.output_audio.delta", "response.audio.delta", "response.done"]);
  assert.deepEqual(kinds(filterRows(rows, { hideAudio: true })), ["[session_start]", "session.update", "response.done"]);
  assert.deepEqual(kinds(filterRows(rows, { dir: "upstream_to_client", hideAudio: true })), ["response.done"]);
});
