// The streaming resampler: output counts, block-size independence, tone fidelity, alias rejection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Resampler } from "../../../Public/app/resampler.mjs";

const sine = (rate, hz, seconds, amplitude = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

/** Feeds `input` in blocks of `block` samples (the AudioWorklet's 128 by default) and joins the output. */
function run(resampler, input, block = 128) {
  const parts = [];
  for (let i = 0; i < input.length; i += block) parts.push(Float32Array.from(resampler.process(input.subarray(i, i + block))));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const rmsOf = (x, from = 0, to = x.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
};

/** Frequency estimate from zero crossings over the steady part. */
function frequency(x, rate, skip) {
  let crossings = 0;
  for (let i = skip + 1; i < x.length - skip; i++) if (x[i - 1] < 0 && x[i] >= 0) crossings++;
  return (crossings * rate) / (x.length - 2 * skip);
}

for (const [from, to] of [[48000, 24000], [44100, 24000], [96000, 24000], [16000, 24000], [24000, 44100], [24000, 48000]]) {
  test(`${from} Hz -> ${to} Hz: one second in gives one second out, less the filter delay`, () => {
    const r = new Resampler(from, to);
    const out = run(r, sine(from, 440, 1));
    const expected = to - Math.ceil((r.latency * to) / from);
    assert.ok(Math.abs(out.length - expected) <= 2, `got ${out.length}, expected about ${expected}`);
  });
}

test("the output does not depend on how the input is split into blocks", () => {
  const input = sine(44100, 997, 0.5);
  const whole = run(new Resampler(44100, 24000), input, input.length);
  for (const block of [1, 7, 128, 1000]) {
    const split = run(new Resampler(44100, 24000), input, block);
    assert.equal(split.length, whole.length, `block ${block}`);
    for (let i = 0; i < whole.length; i++) assert.ok(Math.abs(split[i] - whole[i]) < 1e-6, `block ${block} sample ${i}`);
  }
});

test("a 1 kHz tone keeps its frequency and level (48 kHz and 44.1 kHz to 24 kHz)", () => {
  for (const from of [48000, 44100]) {
    const out = run(new Resampler(from, 24000), sine(from, 1000, 1, 0.5));
    const skip = 200;
    assert.ok(Math.abs(frequency(out, 24000, skip) - 1000) < 3, `frequency from ${from}`);
    const level = rmsOf(out, skip, out.length - skip);
    assert.ok(Math.abs(level - 0.5 / Math.SQRT2) < 0.005, `rms ${level} from ${from}`);
  }
});

test("tones above the new Nyquist frequency are filtered out instead of aliasing", () => {
  // 15 kHz at 48 kHz would fold to 9 kHz at 24 kHz without the low-pass filter.
  const out = run(new Resampler(48000, 24000), sine(48000, 15000, 0.5, 0.5));
  const level = rmsOf(out, 200, out.length - 200);
  assert.ok(level < 0.5 / Math.SQRT2 / 300, `alias level ${level} (should be < -50 dB)`);
});

test("upsampling 24 kHz speech-band audio to the device rate keeps it intact", () => {
  const out = run(new Resampler(24000, 48000), sine(24000, 3000, 0.5, 0.5));
  assert.ok(Math.abs(frequency(out, 48000, 400) - 3000) < 10);
  assert.ok(Math.abs(rmsOf(out, 400, out.length - 400) - 0.5 / Math.SQRT2) < 0.005);
});

test("equal rates pass samples through unchanged", () => {
  const input = sine(24000, 440, 0.01);
  const out = new Resampler(24000, 24000).process(input);
  assert.deepEqual(Array.from(out), Array.from(input));
});

test("flush pushes the last samples out; reset starts a new stream", () => {
  const r = new Resampler(48000, 24000);
  const a = r.process(new Float32Array(480).fill(0.25)).length;
  const b = r.flush().length;
  assert.ok(a + b >= 240 && a + b <= 242, `${a} + ${b}`);
  r.reset();
  assert.equal(run(r, new Float32Array(480).fill(0.25)).length, a);
});

test("rejects rates that are not positive", () => {
  assert.throws(() => new Resampler(0, 24000), RangeError);
});
