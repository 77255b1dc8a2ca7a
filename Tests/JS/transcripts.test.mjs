// Transcripts: user speech (deltas, completed, failed), typed text, assistant audio transcript and text, in turn order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTranscripts } from "../../Public/logs/transcripts.mjs";

const up = (data) => ({ dir: "upstream_to_client", opcode: "text", type: data.type, data });
const client = (data) => ({ dir: "client_to_upstream", opcode: "text", type: data.type, data });

test("a spoken turn comes before the answer even when its transcription completes later (GA events)", () => {
  const records = [
    { event: "session_start", seq: 1 },
    up({ type: "input_audio_buffer.committed", item_id: "item_u1" }),
    up({ type: "conversation.item.added", item: { id: "item_u1", role: "user" } }),
    up({ type: "response.output_audio_transcript.delta", item_id: "item_a1", content_index: 0, delta: "Hel" }),
    up({ type: "conversation.item.input_audio_transcription.delta", item_id: "item_u1", content_index: 0, delta: "hi " }),
    up({ type: "response.output_audio_transcript.delta", item_id: "item_a1", content_index: 0, delta: "lo!" }),
    up({ type: "conversation.item.input_audio_transcription.delta", item_id: "item_u1", content_index: 0, delta: "there" }),
    up({ type: "conversation.item.input_audio_transcription.completed", item_id: "item_u1", content_index: 0, transcript: "Hi there." }),
    up({ type: "response.output_audio_transcript.done", item_id: "item_a1", content_index: 0, transcript: "Hello!" }),
  ];
  const { user, assistant, conversation } = buildTranscripts(records);
  assert.deepEqual(user.map((e) => [e.itemId, e.text, e.final, e.source, e.index]), [["item_u1", "Hi there.", true, "audio", 1]]);
  assert.deepEqual(assistant.map((e) => [e.itemId, e.text, e.final, e.source, e.index]), [["item_a1", "Hello!", true, "audio", 3]]);
  assert.deepEqual(conversation.map((e) => `${e.role}: ${e.text}`), ["user: Hi there.", "assistant: Hello!"]);
});

test("deltas alone give the text so far, not final", () => {
  const { assistant } = buildTranscripts([
    up({ type: "response.output_audio_transcript.delta", item_id: "a", delta: "One, " }),
    up({ type: "response.output_audio_transcript.delta", item_id: "a", delta: "two" }),
  ]);
  assert.deepEqual(assistant.map((e) => [e.text, e.final]), [["One, two", false]]);
});

test("typed user text, preview audio transcripts and text responses, in log order", () => {
  const records = [
    client({ type: "conversation.item.create", item: { type: "message", role: "user", content: [
      { type: "input_text", text: "What time is it?" }, { type: "input_text", text: "In Paris." },
    ] } }),
    client({ type: "conversation.item.create", item: { type: "message", role: "system", content: [{ type: "input_text", text: "no" }] } }),
    up({ type: "response.audio_transcript.delta", item_id: "p1", delta: "It is " }),
    up({ type: "response.audio_transcript.done", item_id: "p1", transcript: "It is noon." }),
    up({ type: "response.text.done", item_id: "p2", text: "Preview text." }),
    up({ type: "response.output_text.delta", item_id: "t1", delta: "GA " }),
    up({ type: "response.output_text.done", item_id: "t1", text: "GA text." }),
    // A delta after done changes nothing.
    up({ type: "response.output_text.delta", item_id: "t1", delta: " late" }),
  ];
  const { user, assistant, conversation } = buildTranscripts(records);
  assert.deepEqual(user.map((e) => [e.text, e.source]), [["What time is it?\nIn Paris.", "typed"]]);
  assert.deepEqual(assistant.map((e) => [e.itemId, e.text, e.source]), [
    ["p1", "It is noon.", "audio"], ["p2", "Preview text.", "text"], ["t1", "GA text.", "text"],
  ]);
  assert.deepEqual(conversation.map((e) => e.role), ["user", "assistant", "assistant", "assistant"]);
});

test("what never reached the conversation is left out: refused, relay-made, or sent by the client as server events", () => {
  const { conversation } = buildTranscripts([
    { dir: "client_to_relay", data: { type: "conversation.item.create", item: { role: "user", content: [{ type: "input_text", text: "refused" }] } } },
    { dir: "relay_to_client", data: { type: "response.output_text.done", item_id: "r", text: "relay" } },
    { dir: "client_to_upstream", data: { type: "response.output_text.done", item_id: "c", text: "spoofed" } },
    { dir: "upstream_to_client", opcode: "binary", data: "AAEC", encoding: "base64" },
  ]);
  assert.deepEqual(conversation, []);
});

test("spoken turns without transcription, and failed transcriptions, are marked", () => {
  const { user } = buildTranscripts([
    up({ type: "input_audio_buffer.committed", item_id: "u1" }),
    up({ type: "input_audio_buffer.committed", item_id: "u2" }),
    up({ type: "conversation.item.input_audio_transcription.failed", item_id: "u2", error: { message: "audio too short" } }),
  ]);
  assert.deepEqual(user.map((e) => [e.itemId, e.text, e.untranscribed, e.failed]), [
    ["u1", "", true, null], ["u2", "", false, "audio too short"],
  ]);
});
