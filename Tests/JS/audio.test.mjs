// Audio: G.711 tables against reference values, PCM16 samples, the WAV header byte for byte, and chunk collection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  MU_LAW_TABLE, A_LAW_TABLE, muLawToLinear, aLawToLinear, pcm16Samples, wavBytes, decodeSamples, base64ToBytes,
  formatFromSession, collectAudio, segmentWav,
} from "../../Public/logs/audio.mjs";

const b64 = (bytes) => Buffer.from(bytes).toString("base64");
/** SHA-256 of a table as little-endian int16, to pin all 256 entries at once. */
const digest = (table) => createHash("sha256").update(Buffer.from(table.buffer, table.byteOffset, table.byteLength)).digest("hex");

test("both whole G.711 tables equal the reference decoder's", () => {
  // sha256(audioop.ulaw2lin(bytes(range(256)), 2)) and the same with alaw2lin, computed with CPython 3.11.
  assert.equal(digest(MU_LAW_TABLE), "3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827");
  assert.equal(digest(A_LAW_TABLE), "e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174");
});

test("μ-law decodes to the G.711 reference values", () => {
  // Reference: Python's audioop.ulaw2lin (CPython 3.11), which implements the same G.711 decoder.
  const expected = { 0x00: -32124, 0x01: -31100, 0x3c: -2364, 0x7f: 0, 0x80: 32124, 0xbc: 2364, 0xff: 0 };
  for (const [byte, value] of Object.entries(expected)) assert.equal(MU_LAW_TABLE[byte], value, `0x${Number(byte).toString(16)}`);
  assert.equal(muLawToLinear(0x00), -32124);
  // Odd symmetry: flipping the sign bit negates the value.
  for (let byte = 0; byte < 128; byte += 1) assert.equal(MU_LAW_TABLE[byte] + MU_LAW_TABLE[byte | 0x80], 0);
});

test("A-law decodes to the G.711 reference values", () => {
  const expected = { 0x00: -5504, 0x2a: -32256, 0x35: -8448, 0x55: -8, 0x80: 5504, 0xaa: 32256, 0xd5: 8 };
  for (const [byte, value] of Object.entries(expected)) assert.equal(A_LAW_TABLE[byte], value, `0x${Number(byte).toString(16)}`);
  assert.equal(aLawToLinear(0xd5), 8);
  for (let byte = 0; byte < 128; byte += 1) assert.equal(A_LAW_TABLE[byte] + A_LAW_TABLE[byte | 0x80], 0);
});

test("PCM16 is little-endian and a trailing odd byte is dropped", () => {
  assert.deepEqual([...pcm16Samples(new Uint8Array([0x01, 0x00, 0xff, 0x7f, 0x00, 0x80, 0xff, 0xff, 0x42]))], [1, 32767, -32768, -1]);
  // A view into a larger buffer at an odd offset still reads the right bytes.
  const backing = new Uint8Array([9, 0x34, 0x12]);
  assert.deepEqual([...pcm16Samples(backing.subarray(1))], [0x1234]);
});

test("the WAV header is RIFF/WAVE PCM mono 16-bit, byte for byte", () => {
  const wav = wavBytes(new Int16Array([1, -2]), 24000);
  assert.deepEqual([...wav], [
    0x52, 0x49, 0x46, 0x46, 40, 0, 0, 0, 0x57, 0x41, 0x56, 0x45,  // "RIFF", 36 + 4, "WAVE"
    0x66, 0x6d, 0x74, 0x20, 16, 0, 0, 0, 1, 0, 1, 0,               // "fmt ", 16, PCM, mono
    0xc0, 0x5d, 0, 0, 0x80, 0xbb, 0, 0, 2, 0, 16, 0,               // 24000 Hz, 48000 B/s, align 2, 16 bits
    0x64, 0x61, 0x74, 0x61, 4, 0, 0, 0,                            // "data", 4 bytes
    1, 0, 0xfe, 0xff,                                              // 1, -2
  ]);
  const narrow = wavBytes(new Int16Array(0), 8000);
  assert.equal(narrow.length, 44);
  assert.deepEqual([...narrow.subarray(24, 32)], [0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0]);  // 8000, 16000
});

test("decodeSamples per codec", () => {
  assert.deepEqual([...decodeSamples(new Uint8Array([0xff, 0x00]), "ulaw")], [0, -32124]);
  assert.deepEqual([...decodeSamples(new Uint8Array([0xd5, 0xaa]), "alaw")], [8, 32256]);
  assert.deepEqual([...decodeSamples(new Uint8Array([0x02, 0x01]), "pcm16")], [0x0102]);
  assert.throws(() => decodeSamples(new Uint8Array(1), "opus"), /unknown audio codec opus/);
});

test("base64ToBytes decodes and refuses what is not base64", () => {
  assert.deepEqual([...base64ToBytes("AAECA/8=")], [0, 1, 2, 3, 255]);
  assert.equal(base64ToBytes("not base64!"), null);
});

test("formats from GA and preview session objects", () => {
  assert.deepEqual(formatFromSession({ audio: { input: { format: { type: "audio/pcmu" } } } }, "input"), { codec: "ulaw", rate: 8000 });
  assert.deepEqual(formatFromSession({ audio: { output: { format: { type: "audio/pcma" } } } }, "output"), { codec: "alaw", rate: 8000 });
  assert.deepEqual(formatFromSession({ audio: { input: { format: { type: "audio/pcm", rate: 24000 } } } }, "input"), { codec: "pcm16", rate: 24000 });
  assert.deepEqual(formatFromSession({ input_audio_format: "g711_alaw" }, "input"), { codec: "alaw", rate: 8000 });
  assert.deepEqual(formatFromSession({ output_audio_format: "g711_ulaw" }, "output"), { codec: "ulaw", rate: 8000 });
  assert.equal(formatFromSession({ voice: "alloy" }, "input"), null);
  assert.equal(formatFromSession({ audio: { input: { format: { type: "audio/opus" } } } }, "input"), null);
});

test("collectAudio: both sides, their formats, segments on a format change, omitted and truncated chunks", () => {
  const records = [
    { dir: "client_to_upstream", data: { type: "input_audio_buffer.append", audio: b64([1, 0, 2]) } },
    { dir: "client_to_upstream", data: { type: "input_audio_buffer.append", audio: b64([0, 3, 0]) } },
    { dir: "upstream_to_client", data: { type: "response.output_audio.delta", item_id: "a", delta: b64([0xff, 0x00]) } },
    // The client switches to μ-law; the upstream confirms A-law for its output (preview names).
    { dir: "client_to_upstream", data: { type: "session.update", session: { audio: { input: { format: { type: "audio/pcmu" } } } } } },
    { dir: "upstream_to_client", data: { type: "session.updated", session: { output_audio_format: "g711_alaw" } } },
    { dir: "client_to_upstream", data: { type: "input_audio_buffer.append", audio: b64([0xff, 0x00]) } },
    { dir: "upstream_to_client", data: { type: "response.audio.delta", item_id: "a", delta: b64([0xd5]) } },
    { dir: "upstream_to_client", data: { type: "response.audio.delta", delta: "" }, audio_omitted_bytes: 4800 },
    { dir: "client_to_upstream", data: { type: "input_audio_buffer.append", audio: "AAAA" }, audio_truncated_bytes: 960 },
    // Not audio of either side: refused by the relay, or a text delta named like audio.
    { dir: "client_to_relay", data: { type: "input_audio_buffer.append", audio: b64([7, 7]) } },
    { dir: "upstream_to_client", data: { type: "response.output_text.delta", delta: "hi" } },
  ];
  const { user, assistant } = collectAudio(records);
  assert.deepEqual(user.segments.map((s) => [s.codec, s.rate, [...s.bytes], s.chunks, s.index]), [
    ["pcm16", 24000, [1, 0, 2, 0, 3, 0], 2, 0],
    ["ulaw", 8000, [0xff, 0x00], 1, 5],
  ]);
  assert.deepEqual(assistant.segments.map((s) => [s.codec, s.rate, [...s.bytes]]), [
    ["pcm16", 24000, [0xff, 0x00]],
    ["alaw", 8000, [0xd5]],
  ]);
  assert.deepEqual(user.truncated, { chunks: 1, bytes: 960 });
  assert.deepEqual(user.omitted, { chunks: 0, bytes: 0 });
  assert.deepEqual(assistant.omitted, { chunks: 1, bytes: 4800 });

  // Chunk boundaries inside a sample do not matter: the segment is decoded as a whole.
  const { wav, seconds } = segmentWav(user.segments[0]);
  assert.deepEqual([...wav.subarray(44)], [1, 0, 2, 0, 3, 0]);
  assert.equal(seconds, 3 / 24000);
  assert.deepEqual([...new Int16Array(segmentWav(user.segments[1]).wav.buffer.slice(44))], [0, -32124]);
});
