// Barge-in arithmetic and the playback queue's per-item count that feeds it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { heardMs, truncateEvent } from "../../../Public/app/truncate.mjs";
import { PlaybackQueue } from "../../../Public/app/playback-queue.mjs";

test("audio_end_ms is the samples played, floored to whole milliseconds", () => {
  assert.equal(heardMs({ played: 24000, received: 48000 }), 1000);
  assert.equal(heardMs({ played: 24023, received: 48000 }), 1000);
  assert.equal(heardMs({ played: 24024, received: 48000 }), 1001);
});

test("audio_end_ms is clamped to what was received", () => {
  assert.equal(heardMs({ played: 50000, received: 48000 }), 2000);
});

test("no truncate when nothing (or less than a millisecond) was played", () => {
  assert.equal(heardMs({ played: 0, received: 48000 }), null);
  assert.equal(heardMs({ played: 23, received: 48000 }), null);
  assert.equal(truncateEvent({ itemId: "item_1", played: 0, received: 2400 }), null);
  assert.equal(truncateEvent({ itemId: null, played: 2400, received: 2400 }), null);
});

test("no truncate when a finished item was heard to the end; still one while more audio may come", () => {
  assert.equal(heardMs({ played: 48000, received: 48000, audioDone: true }), null);
  assert.equal(heardMs({ played: 48000, received: 48000, audioDone: false }), 2000);
  assert.equal(heardMs({ played: 47000, received: 48000, audioDone: true }), 1958);
});

test("the event has Azure's shape", () => {
  assert.deepEqual(truncateEvent({ itemId: "item_1", played: 36000, received: 48000 }),
                   { type: "conversation.item.truncate", item_id: "item_1", content_index: 0, audio_end_ms: 1500 });
});

const chunk = (n, value = 1000) => new Int16Array(n).fill(value);

test("the queue waits for its start-up buffer, then plays and counts per item", () => {
  const q = new PlaybackQueue({ prebufferSamples: 2400 });
  const out = new Float32Array(512);
  q.push("a", chunk(1200));
  assert.equal(q.pull(128, out), 0, "under the start-up buffer: silence");
  assert.equal(q.state, "buffering");
  q.push("a", chunk(1200));
  assert.equal(q.pull(128, out), 128);
  assert.equal(q.state, "playing");
  assert.ok(Math.abs(out[0] - 1000 / 32768) < 1e-9);
  assert.equal(q.played("a"), 128);
});

test("a finished short item plays without waiting for the start-up buffer", () => {
  const q = new PlaybackQueue({ prebufferSamples: 2400 });
  const out = new Float32Array(512);
  q.push("a", chunk(300));
  q.markDone("a");
  assert.equal(q.pull(512, out), 300);
  assert.equal(q.state, "idle");
  assert.equal(q.played("a"), 300);
});

test("running dry mid-item re-buffers instead of stuttering", () => {
  const q = new PlaybackQueue({ prebufferSamples: 1000 });
  const out = new Float32Array(2000);
  q.push("a", chunk(1000));
  assert.equal(q.pull(2000, out), 1000);
  assert.equal(q.state, "buffering");
  assert.equal(q.underruns, 1);
  q.push("a", chunk(500));
  assert.equal(q.pull(128, out), 0);
  q.push("a", chunk(500));
  assert.equal(q.pull(128, out), 128);
});

test("items are counted separately across a boundary inside one pull", () => {
  const q = new PlaybackQueue({ prebufferSamples: 0 });
  const out = new Float32Array(1000);
  q.push("a", chunk(300));
  q.push("b", chunk(300));
  assert.equal(q.pull(400, out), 400);
  assert.equal(q.played("a"), 300);
  assert.equal(q.played("b"), 100);
});

test("clear stops at once and reports played and discarded per item (the truncate input)", () => {
  const q = new PlaybackQueue({ prebufferSamples: 0 });
  const out = new Float32Array(4800);
  for (let i = 0; i < 10; i++) q.push("a", chunk(2400));
  q.pull(4800, out);
  q.pull(2400, out);
  const report = q.clear();
  assert.deepEqual(report, [{ item: "a", played: 7200, discarded: 16800 }]);
  assert.equal(q.pull(128, out), 0);
  assert.equal(q.buffered, 0);
  const event = truncateEvent({ itemId: "a", played: report[0].played, received: 24000 });
  assert.equal(event.audio_end_ms, 300);
});

test("clear while nothing plays reports nothing", () => {
  const q = new PlaybackQueue();
  assert.deepEqual(q.clear(), []);
});

test("memory is bounded: chunks over the limit are dropped and counted", () => {
  const q = new PlaybackQueue({ maxBufferedSamples: 4800 });
  assert.equal(q.push("a", chunk(2400)), true);
  assert.equal(q.push("a", chunk(2400)), true);
  assert.equal(q.push("a", chunk(2400)), false);
  assert.equal(q.buffered, 4800);
  assert.equal(q.stats().dropped, 2400);
});

test("the per-item table keeps only recent items", () => {
  const q = new PlaybackQueue({ prebufferSamples: 0 });
  const out = new Float32Array(10);
  for (let i = 0; i < 200; i++) { q.push(`i${i}`, chunk(1)); q.pull(1, out); }
  assert.ok(q.playedByItem.size <= 64);
  assert.equal(q.played("i199"), 1);
});
