// The page's protocol logic against fakes: settings on session.created, appends, playback, barge-in by
// speech and by the Stop button (truncate = what was played), typed messages, push-to-talk, late audio.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RealtimeClient } from "../../../Public/app/realtime-client.mjs";
import { PlaybackQueue } from "../../../Public/app/playback-queue.mjs";
import { pcm16ToBase64, base64ToPcm16 } from "../../../Public/app/pcm.mjs";

/** A client wired to a real PlaybackQueue standing in for the worklet; `play(n)` renders n samples. */
function harness(settings = {}) {
  const sent = [];
  const notices = [];
  const queue = new PlaybackQueue({ prebufferSamples: 2400 });
  let clock = 1000;
  const client = new RealtimeClient({
    settings,
    send: (event) => { sent.push(event); return true; },
    now: () => clock,
    playback: {
      push: (item, samples) => queue.push(item, samples),
      markDone: (item) => queue.markDone(item),
      clear: async () => queue.clear(),
    },
    onNotice: (text, level) => notices.push({ text, level }),
  });
  const out = new Float32Array(48000);
  return {
    client, sent, notices, queue,
    tick: (ms) => { clock += ms; },
    play: (n) => { queue.pull(n, out); client.playbackProgress({ ...queue.stats(), totalPlayed: 0 }); },
    types: () => sent.map((e) => e.type),
    start: () => {
      client.micOn = true;
      client.opened({ reconnected: false });
      client.handle({ type: "session.created", session: { type: "realtime", audio: { input: {}, output: { voice: "alloy" } } } });
    },
  };
}

const audio = (itemId, samples) => ({ type: "response.output_audio.delta", item_id: itemId, delta: pcm16ToBase64(new Int16Array(samples).fill(500)) });

function startResponse(client, itemId = "a1") {
  client.handle({ type: "response.created", response: { id: "r1" } });
  client.handle({ type: "response.output_item.added", item: { id: itemId, type: "message", role: "assistant", content: [] } });
}

test("session.created gets a complete GA update and the transcription update", () => {
  const h = harness({ voice: "marin" });
  h.start();
  assert.deepEqual(h.types(), ["session.update", "session.update"]);
  assert.deepEqual(h.sent[0].session.audio.input.turn_detection.type, "server_vad");
  assert.equal(h.sent[0].session.audio.output.voice, "marin");
  assert.deepEqual(h.sent[1].session.audio.input.transcription, { model: "whisper-1" });
  assert.equal(h.client.status().key, "listening");
});

test("microphone chunks become appends only in a ready session", () => {
  const h = harness();
  h.client.audioChunk(new Int16Array(2400).fill(7));
  assert.equal(h.sent.length, 0);
  h.start();
  h.client.audioChunk(new Int16Array(2400).fill(7));
  const append = h.sent.at(-1);
  assert.equal(append.type, "input_audio_buffer.append");
  assert.deepEqual(base64ToPcm16(append.audio), new Int16Array(2400).fill(7));
});

test("a slow socket skips appends instead of queueing without bound", () => {
  let backlog = 0;
  const sent = [];
  const client = new RealtimeClient({ send: (e) => { sent.push(e); return true; }, backlog: () => backlog,
                                      playback: { push() {}, markDone() {}, clear: async () => [] } });
  client.opened({ reconnected: false });
  client.handle({ type: "session.created", session: { type: "realtime" } });
  backlog = 10 * 1024 * 1024;
  client.audioChunk(new Int16Array(2400));
  assert.equal(client.stats.appendsSkipped, 1);
  assert.equal(sent.filter((e) => e.type === "input_audio_buffer.append").length, 0);
});

test("speech_started during playback stops it and truncates at what was played", async () => {
  const h = harness();
  h.start();
  h.client.handle({ type: "input_audio_buffer.speech_stopped", item_id: "u1", audio_end_ms: 900 });
  h.tick(300);
  startResponse(h.client);
  for (let i = 0; i < 10; i++) h.client.handle(audio("a1", 2400));   // 1 s received
  assert.equal(h.client.snapshot().latencies[0].ms, 300);
  h.play(12000);                                                       // 500 ms played
  assert.equal(h.client.status().key, "assistant-speaking");
  h.client.handle({ type: "input_audio_buffer.speech_started", item_id: "u2", audio_start_ms: 2000 });
  await new Promise((resolve) => setImmediate(resolve));
  const truncate = h.sent.find((e) => e.type === "conversation.item.truncate");
  assert.deepEqual(truncate, { type: "conversation.item.truncate", item_id: "a1", content_index: 0, audio_end_ms: 500 });
  assert.equal(h.types().includes("response.cancel"), false, "server VAD cancels by itself (interrupt_response)");
  assert.equal(h.queue.buffered, 0, "playback stopped at once");
  // Audio of the cut answer that was already on its way is dropped, not played.
  h.client.handle(audio("a1", 2400));
  assert.equal(h.queue.buffered, 0);
});

test("the Stop button cancels the response and truncates; nothing played means no truncate", async () => {
  const h = harness();
  h.start();
  startResponse(h.client);
  h.client.handle(audio("a1", 1200));                 // under the start-up buffer: nothing played yet
  await h.client.interrupt("button");
  assert.ok(h.types().includes("response.cancel"));
  assert.equal(h.types().includes("conversation.item.truncate"), false);

  const g = harness();
  g.start();
  startResponse(g.client, "a2");
  g.client.handle(audio("a2", 4800));
  g.play(2400);
  await g.client.interrupt("button");
  assert.deepEqual(g.sent.filter((e) => e.type === "response.cancel" || e.type === "conversation.item.truncate").map((e) => e.type),
                   ["response.cancel", "conversation.item.truncate"]);
  assert.equal(g.sent.at(-1).audio_end_ms, 100);
  assert.equal(g.client.snapshot().truncates[0].cause, "button");
});

test("an answer that was fully received and fully heard is not truncated", async () => {
  const h = harness();
  h.start();
  startResponse(h.client);
  h.client.handle(audio("a1", 2400));
  h.client.handle({ type: "response.output_audio.done", item_id: "a1" });
  h.client.handle({ type: "response.done", response: { id: "r1", status: "completed" } });
  h.play(2400);
  h.client.handle({ type: "input_audio_buffer.speech_started", item_id: "u2" });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(h.types().includes("conversation.item.truncate"), false);
});

test("a typed message: item.create then response.create, queued behind an active response", () => {
  const h = harness();
  h.start();
  assert.equal(h.client.sendText("   "), false);
  assert.equal(h.client.sendText("Hello there"), true);
  assert.deepEqual(h.sent.slice(-2), [
    { type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text: "Hello there" }] } },
    { type: "response.create" },
  ]);
  startResponse(h.client);
  h.sent.length = 0;
  h.client.sendText("Second");
  assert.deepEqual(h.types(), ["response.cancel", "conversation.item.create"]);
  h.client.handle({ type: "response.done", response: { id: "r1", status: "cancelled" } });
  assert.deepEqual(h.types(), ["response.cancel", "conversation.item.create", "response.create"]);
});

test("push-to-talk: appends only while held, commit and response.create on release, too short is cleared", () => {
  const h = harness({ mode: "ptt" });
  h.start();
  assert.equal(h.sent[0].session.audio.input.turn_detection, null);
  h.sent.length = 0;
  h.client.audioChunk(new Int16Array(2400));
  assert.equal(h.sent.length, 0, "no audio while the button is up");
  h.client.pttStart();
  h.client.audioChunk(new Int16Array(2400));
  h.client.audioChunk(new Int16Array(1000));
  h.client.pttEnd();
  assert.deepEqual(h.types(), ["input_audio_buffer.clear", "input_audio_buffer.append", "input_audio_buffer.append",
                               "input_audio_buffer.commit", "response.create"]);
  h.sent.length = 0;
  h.client.pttStart();
  h.client.audioChunk(new Int16Array(1000));
  h.client.pttEnd();
  assert.deepEqual(h.types(), ["input_audio_buffer.clear", "input_audio_buffer.append", "input_audio_buffer.clear"]);
  assert.match(h.notices.at(-1).text, /too short/);
});

test("the voice is not sent again once the assistant has spoken (cannot_update_voice)", () => {
  const h = harness({ voice: "ash" });
  h.start();
  startResponse(h.client);
  h.client.handle(audio("a1", 2400));
  h.sent.length = 0;
  h.client.applySettings({ threshold: 0.8 });
  assert.equal(h.sent[0].session.audio.output, undefined);
  assert.equal(h.sent[0].session.audio.input.turn_detection.threshold, 0.8);
  assert.equal(h.sent[0].session.audio.input.turn_detection.silence_duration_ms, 500, "always the complete object");
});

test("preview upstreams get preview-shaped updates and their audio events play", () => {
  const h = harness();
  h.client.opened({ reconnected: false });
  h.client.handle({ type: "session.created", session: { object: "realtime.session", modalities: ["text", "audio"], voice: "alloy", turn_detection: null } });
  assert.ok("turn_detection" in h.sent[0].session);
  h.client.handle({ type: "response.created", response: { id: "r" } });
  h.client.handle({ type: "response.audio.delta", item_id: "p1", delta: pcm16ToBase64(new Int16Array(4800)) });
  assert.equal(h.queue.buffered, 4800);
});

test("errors become notices in plain words; quiet ones do not; the transcription model gets advice", () => {
  const h = harness();
  h.start();
  h.client.handle({ type: "error", error: { code: "response_cancel_not_active", message: "x" } });
  assert.equal(h.notices.length, 0);
  h.client.handle({ type: "error", error: { code: "client_event_not_allowed", message: "The relay does not forward 'response.create' events" } });
  assert.match(h.notices.at(-1).text, /"response.create" events/);
  h.client.handle({ type: "error", error: { code: "invalid_value", message: "bad model", param: "session.audio.input.transcription.model" } });
  assert.match(h.notices.at(-1).text, /transcription deployment/);
  h.client.handle({ type: "relay.session.expiring", seconds_left: 60, message: "This session ends in 60 s (time limit); start a new one to go on." });
  assert.deepEqual(h.notices.at(-1), { text: "This session ends in 60 s (time limit); start a new one to go on.", level: "warning" });
});

test("a reconnect is a new session: a divider saying so, and fresh per-session state", () => {
  const h = harness();
  h.start();
  startResponse(h.client);
  h.client.closed({ code: 1006, reason: "" }, "reconnecting");
  assert.equal(h.client.status().key, "reconnecting");
  h.client.opened({ reconnected: true });
  assert.equal(h.client.response, null);
  const divider = h.client.conversation.list().at(-1);
  assert.match(divider.text, /New session .* does not remember/);
});
