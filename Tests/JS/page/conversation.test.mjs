// Event -> conversation ordering: items by previous_item_id, never by arrival; GA and preview names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Conversation } from "../../../Public/app/conversation.mjs";

const view = (c) => c.list().map((i) => `${i.role}:${i.text}`);
const feed = (c, events) => events.forEach((e) => c.apply(e));
const userItem = (id) => ({ id, type: "message", role: "user", status: "completed", content: [{ type: "input_audio", transcript: null }] });
const assistantItem = (id, status = "in_progress") => ({ id, type: "message", role: "assistant", status, content: [] });

test("a spoken turn whose transcript arrives after the assistant began stays above the answer", () => {
  const c = new Conversation();
  feed(c, [
    { type: "input_audio_buffer.speech_started", item_id: "u1" },
    { type: "input_audio_buffer.speech_stopped", item_id: "u1" },
    { type: "input_audio_buffer.committed", item_id: "u1", previous_item_id: null },
    { type: "conversation.item.added", previous_item_id: null, item: userItem("u1") },
    { type: "response.output_item.added", item: assistantItem("a1") },
    { type: "conversation.item.added", previous_item_id: "u1", item: assistantItem("a1") },
    { type: "response.output_audio_transcript.delta", item_id: "a1", delta: "Hello" },
    { type: "response.output_audio_transcript.delta", item_id: "a1", delta: " there" },
    { type: "conversation.item.input_audio_transcription.delta", item_id: "u1", delta: "Hi" },
    { type: "conversation.item.input_audio_transcription.completed", item_id: "u1", transcript: "Hi, assistant." },
    { type: "response.output_audio_transcript.done", item_id: "a1", transcript: "Hello there." },
  ]);
  assert.deepEqual(view(c), ["user:Hi, assistant.", "assistant:Hello there."]);
  assert.ok(c.list().every((i) => i.final));
});

test("a transcript delta for an unknown item appears, and moves into place when the item is announced", () => {
  const c = new Conversation();
  feed(c, [
    { type: "conversation.item.added", previous_item_id: null, item: userItem("u1") },
    { type: "conversation.item.added", previous_item_id: "u1", item: assistantItem("a1") },
    { type: "conversation.item.input_audio_transcription.completed", item_id: "u2", transcript: "late" },
    { type: "conversation.item.added", previous_item_id: "u1", item: assistantItem("a0") },
  ]);
  assert.deepEqual(c.order, ["u1", "a0", "a1", "u2"]);
  c.apply({ type: "input_audio_buffer.committed", item_id: "u2", previous_item_id: "u1" });
  assert.deepEqual(c.order, ["u1", "u2", "a0", "a1"]);
});

test("barge-in: the new user turn goes after the interrupted answer", () => {
  const c = new Conversation();
  feed(c, [
    { type: "conversation.item.added", previous_item_id: null, item: userItem("u1") },
    { type: "conversation.item.added", previous_item_id: "u1", item: assistantItem("a1") },
    { type: "response.output_audio_transcript.delta", item_id: "a1", delta: "One two three four" },
    { type: "input_audio_buffer.speech_started", item_id: "u2" },
  ]);
  assert.deepEqual(c.order, ["u1", "a1", "u2"]);
  assert.equal(c.get("u2").status, "speaking");
  c.cutAt("a1", 0.5);
  feed(c, [
    { type: "response.output_audio_transcript.done", item_id: "a1", transcript: "One two three four five six" },
    { type: "response.output_item.done", item: { ...assistantItem("a1", "incomplete"), content: [{ type: "output_audio", transcript: "One two three four five six" }] } },
    { type: "conversation.item.truncated", item_id: "a1", audio_end_ms: 800 },
  ]);
  const a1 = c.get("a1");
  assert.equal(a1.text, "One two");
  assert.equal(a1.unheard, "three four");
  assert.ok(a1.interrupted);
});

test("typed messages carry their text; text-only responses stream like transcripts", () => {
  const c = new Conversation();
  feed(c, [
    { type: "conversation.item.added", previous_item_id: null,
      item: { id: "t1", type: "message", role: "user", status: "completed", content: [{ type: "input_text", text: "Hi there" }] } },
    { type: "response.output_text.delta", item_id: "a1", delta: "Hel" },
    { type: "response.output_text.delta", item_id: "a1", delta: "lo" },
  ]);
  assert.deepEqual(view(c), ["user:Hi there", "assistant:Hello"]);
});

test("preview event names work the same", () => {
  const c = new Conversation();
  feed(c, [
    { type: "conversation.item.created", previous_item_id: null, item: userItem("u1") },
    { type: "conversation.item.created", previous_item_id: "u1", item: assistantItem("a1") },
    { type: "response.audio_transcript.delta", item_id: "a1", delta: "Yes" },
    { type: "conversation.item.input_audio_transcription.completed", item_id: "u1", transcript: "Really?" },
    { type: "response.audio_transcript.done", item_id: "a1", transcript: "Yes." },
  ]);
  assert.deepEqual(view(c), ["user:Really?", "assistant:Yes."]);
});

test("a reconnect starts a new section: a new session's first item goes under its divider", () => {
  const c = new Conversation();
  c.startSession("first");
  c.apply({ type: "conversation.item.added", previous_item_id: null, item: userItem("u1") });
  c.startSession("second");
  c.apply({ type: "conversation.item.added", previous_item_id: null, item: userItem("v1") });
  c.apply({ type: "conversation.item.added", previous_item_id: "v1", item: assistantItem("w1") });
  assert.deepEqual(c.order, ["divider-1", "u1", "divider-2", "v1", "w1"]);
});

test("deleted items leave; failed transcription is noted; unknown events change nothing", () => {
  const c = new Conversation();
  c.apply({ type: "conversation.item.added", previous_item_id: null, item: userItem("u1") });
  assert.equal(c.apply({ type: "conversation.item.input_audio_transcription.failed", item_id: "u1" }), true);
  assert.equal(c.get("u1").note, "transcription failed");
  assert.equal(c.apply({ type: "rate_limits.updated" }), false);
  c.apply({ type: "conversation.item.deleted", item_id: "u1" });
  assert.deepEqual(c.order, []);
});

test("the view is bounded", () => {
  const c = new Conversation({ maxItems: 10 });
  for (let i = 0; i < 50; i++) c.apply({ type: "conversation.item.added", previous_item_id: i ? `u${i - 1}` : null, item: userItem(`u${i}`) });
  assert.equal(c.order.length, 10);
  assert.equal(c.order[9], "u49");
});

test("closing the connection settles turns that can no longer finish", () => {
  const c = new Conversation();
  c.apply({ type: "input_audio_buffer.speech_started", item_id: "u1" });
  c.apply({ type: "response.output_audio_transcript.delta", item_id: "a1", delta: "Half a sen" });
  assert.equal(c.endSession(), true);
  assert.deepEqual(c.list().map((i) => [i.final, i.note ?? null, !!i.interrupted]),
                   [[true, "cut off: the connection closed", false], [true, null, true]]);
  assert.equal(c.endSession(), false);
});
