// session.update shapes: complete VAD objects, GA and preview, voice lock, transcription on its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, describeSession, dialectOf, normalizeSettings, sessionUpdate, transcriptionUpdate }
  from "../../../Public/app/session-config.mjs";

test("GA update: the complete server_vad object and the voice", () => {
  const update = sessionUpdate({ ...DEFAULT_SETTINGS, voice: "marin", threshold: 0.7, prefixPaddingMs: 200, silenceDurationMs: 800 });
  assert.deepEqual(update, {
    type: "session.update",
    session: {
      type: "realtime",
      audio: {
        input: { turn_detection: { type: "server_vad", threshold: 0.7, prefix_padding_ms: 200, silence_duration_ms: 800,
                                   create_response: true, interrupt_response: true } },
        output: { voice: "marin" },
      },
    },
  });
  assert.equal("instructions" in update.session, false);
});

test("push-to-talk turns detection off with null; the voice is left out once locked or not chosen", () => {
  const ptt = sessionUpdate({ ...DEFAULT_SETTINGS, mode: "ptt", voice: "ash" }, { voiceLocked: true });
  assert.equal(ptt.session.audio.input.turn_detection, null);
  assert.equal(ptt.session.audio.output, undefined);
  assert.equal(sessionUpdate(DEFAULT_SETTINGS).session.audio.output, undefined);
});

test("noise reduction: omitted, null (off) or a type", () => {
  assert.equal("noise_reduction" in sessionUpdate(DEFAULT_SETTINGS).session.audio.input, false);
  assert.equal(sessionUpdate({ ...DEFAULT_SETTINGS, noiseReduction: "off" }).session.audio.input.noise_reduction, null);
  assert.deepEqual(sessionUpdate({ ...DEFAULT_SETTINGS, noiseReduction: "far_field" }).session.audio.input.noise_reduction, { type: "far_field" });
});

test("preview update uses the preview names", () => {
  const update = sessionUpdate({ ...DEFAULT_SETTINGS, voice: "alloy", noiseReduction: "near_field" }, { dialect: "preview" });
  assert.deepEqual(Object.keys(update.session).sort(), ["input_audio_noise_reduction", "turn_detection", "voice"]);
  assert.equal(update.session.turn_detection.silence_duration_ms, 500);
  assert.deepEqual(transcriptionUpdate(DEFAULT_SETTINGS, { dialect: "preview" }),
                   { type: "session.update", session: { input_audio_transcription: { model: "whisper-1" } } });
});

test("transcription goes in an update of its own, or not at all", () => {
  assert.deepEqual(transcriptionUpdate({ ...DEFAULT_SETTINGS, transcriptionModel: "my-whisper" }),
                   { type: "session.update", session: { type: "realtime", audio: { input: { transcription: { model: "my-whisper" } } } } });
  assert.equal(transcriptionUpdate({ ...DEFAULT_SETTINGS, transcriptionModel: "" }), null);
});

test("settings are clamped and typed", () => {
  const s = normalizeSettings({ mode: "x", threshold: "7", prefixPaddingMs: "-5", silenceDurationMs: "abc", voice: "<b>", transcriptionModel: " a b " });
  assert.deepEqual(s, { ...DEFAULT_SETTINGS, threshold: 1, prefixPaddingMs: 0, transcriptionModel: "whisper-1" });
});

test("the dialect comes from session.created", () => {
  assert.equal(dialectOf({ type: "realtime", audio: {} }), "ga");
  assert.equal(dialectOf({ object: "realtime.session", modalities: ["text", "audio"], voice: "alloy", turn_detection: null }), "preview");
  assert.equal(dialectOf(undefined), "ga");
});

test("the effective session is described for display", () => {
  const d = describeSession({ type: "realtime", instructions: "(set by the relay operator)",
                              audio: { input: { turn_detection: null, transcription: { model: "w" } }, output: { voice: "coral" } } });
  assert.deepEqual(d, { voice: "coral", turnDetection: null, transcription: "w", instructions: "(set by the relay operator)", expiresAt: null });
});
