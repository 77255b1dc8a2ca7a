// PCM16 encoding, base64 both ways (against Node's Buffer), and the ~100 ms chunker.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  floatToPcm16, pcm16ToFloat, pcm16ToBytes, bytesToPcm16, bytesToBase64, base64ToBytes, pcm16ToBase64, base64ToPcm16,
  Pcm16Chunker, CHUNK_SAMPLES, rms, samplesToMs,
} from "../../../Public/app/pcm.mjs";

test("Float32 to PCM16 clamps and scales by 0x8000 below zero, 0x7FFF above", () => {
  const out = floatToPcm16(Float32Array.from([0, 1, -1, 0.5, -0.5, 2, -2, NaN, 1e-6]));
  assert.deepEqual(Array.from(out), [0, 32767, -32768, 16384, -16384, 32767, -32768, 0, 0]);
});

test("PCM16 to Float32 divides by 32768", () => {
  assert.deepEqual(Array.from(pcm16ToFloat(Int16Array.from([0, -32768, 16384]))), [0, -1, 0.5]);
});

test("samples are little-endian bytes", () => {
  assert.deepEqual(Array.from(pcm16ToBytes(Int16Array.from([1, -2, 0x1234]))), [0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
  assert.deepEqual(Array.from(bytesToPcm16(Uint8Array.from([0x01, 0x00, 0xfe, 0xff, 0x34]))), [1, -2]);  // odd byte dropped
});

test("base64 matches Node's Buffer for every length 0..64 and random bytes", () => {
  for (let n = 0; n <= 64; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff);
    const expected = Buffer.from(bytes).toString("base64");
    assert.equal(bytesToBase64(bytes), expected, `length ${n}`);
    assert.deepEqual(Array.from(base64ToBytes(expected)), Array.from(bytes), `decode length ${n}`);
  }
  const big = Uint8Array.from({ length: 48000 }, () => Math.floor(Math.random() * 256));
  assert.equal(bytesToBase64(big), Buffer.from(big).toString("base64"));
  assert.deepEqual(base64ToBytes(Buffer.from(big).toString("base64")), big);
});

test("base64 decoding ignores whitespace and missing padding, and rejects other characters", () => {
  assert.deepEqual(Array.from(base64ToBytes("AQI\nD")), [1, 2, 3]);
  assert.deepEqual(Array.from(base64ToBytes("AQ")), [1]);
  assert.throws(() => base64ToBytes("AQ*D"), SyntaxError);
});

test("PCM16 survives base64 both ways (what append and audio deltas carry)", () => {
  const samples = Int16Array.from({ length: 2400 }, (_, i) => Math.round(Math.sin(i / 5) * 30000));
  const text = pcm16ToBase64(samples);
  assert.equal(text, Buffer.from(samples.buffer).toString("base64"));
  assert.equal(text.length, 6400);  // 4,800 bytes: 100 ms at 24 kHz
  assert.deepEqual(base64ToPcm16(text), samples);
});

test("the chunker makes exact 100 ms chunks across odd block sizes, and flush returns the rest", () => {
  const chunker = new Pcm16Chunker();
  const chunks = [];
  let total = 0;
  for (const size of [70, 128, 69, 1000, 3000, 7]) {
    const block = new Float32Array(size).fill(0.5);
    total += size;
    chunks.push(...chunker.push(block));
  }
  assert.equal(CHUNK_SAMPLES, 2400);
  assert.equal(chunks.length, Math.floor(total / 2400));
  for (const chunk of chunks) {
    assert.equal(chunk.length, 2400);
    assert.ok(chunk.every((s) => s === 16384));
  }
  const rest = chunker.flush();
  assert.equal(rest.length, total % 2400);
  assert.equal(chunker.flush().length, 0);
});

test("rms and milliseconds", () => {
  assert.ok(Math.abs(rms(Float32Array.from([0.5, -0.5, 0.5, -0.5])) - 0.5) < 1e-9);
  assert.ok(Math.abs(rms(Int16Array.from([16384, -16384])) - 0.5) < 1e-9);
  assert.equal(rms(new Float32Array(0)), 0);
  assert.equal(samplesToMs(24000), 1000);
  assert.equal(samplesToMs(23), 0);
  assert.equal(samplesToMs(2423), 100);
});
