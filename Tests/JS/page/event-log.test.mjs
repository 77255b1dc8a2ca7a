// The event log: bounded, audio elided, bursts folded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventLog, elide, summarize } from "../../../Public/app/event-log.mjs";

test("audio payloads are replaced by their size", () => {
  const audio = "A".repeat(6400);
  assert.deepEqual(elide({ type: "input_audio_buffer.append", audio }), { type: "input_audio_buffer.append", audio: "[4800 bytes of base64 audio]" });
  assert.deepEqual(elide({ type: "x", text: "short" }), { type: "x", text: "short" });
});

test("bursts of appends and deltas fold into one line with a count; others do not", () => {
  const log = new EventLog();
  for (let i = 0; i < 30; i++) log.add("sent", { type: "input_audio_buffer.append", audio: "AAAA" }, i);
  log.add("received", { type: "response.output_audio_transcript.delta", delta: "Hel" }, 31);
  log.add("received", { type: "response.output_audio_transcript.delta", delta: "lo" }, 32);
  log.add("received", { type: "session.updated" }, 33);
  log.add("received", { type: "session.updated" }, 34);
  assert.deepEqual(log.entries.map((e) => [e.type, e.count]), [
    ["input_audio_buffer.append", 30], ["response.output_audio_transcript.delta", 2], ["session.updated", 1], ["session.updated", 1],
  ]);
  assert.equal(log.entries[1].summary, "Hello");
});

test("interleaved audio and transcript deltas fold into two lines; any other event starts new ones", () => {
  const log = new EventLog();
  for (let i = 0; i < 20; i++) {
    log.add("received", { type: "response.output_audio_transcript.delta", delta: "w " }, i);
    log.add("received", { type: "response.output_audio.delta", delta: "AAAA" }, i);
  }
  log.add("received", { type: "response.done", response: { status: "completed" } }, 30);
  log.add("received", { type: "response.output_audio.delta", delta: "AAAA" }, 31);
  assert.deepEqual(log.entries.map((e) => [e.type, e.count]), [
    ["response.output_audio_transcript.delta", 20], ["response.output_audio.delta", 20], ["response.done", 1],
    ["response.output_audio.delta", 1],
  ]);
});

test("the log keeps only the newest entries", () => {
  const log = new EventLog({ max: 10 });
  for (let i = 0; i < 25; i++) log.add("received", { type: `t${i}` }, i);
  assert.equal(log.entries.length, 10);
  assert.equal(log.entries[0].type, "t15");
});

test("summaries say what matters", () => {
  assert.equal(summarize({ type: "error", error: { code: "x", message: "y" } }), "x: y");
  assert.equal(summarize({ type: "conversation.item.truncate", item_id: "i", audio_end_ms: 5 }), "i at 5 ms");
  assert.equal(summarize({ type: "session.update", session: { audio: { input: { turn_detection: null } } } }), "push-to-talk");
});
