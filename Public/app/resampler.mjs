// Streaming band-limited resampler (windowed sinc), for AudioWorklets and Node alike: no DOM, no allocation
// per sample. Capture uses it from the device rate (44.1/48 kHz, whatever the browser picked) to 24 kHz;
// playback uses it from 24 kHz to the device rate. Never force `AudioContext({sampleRate: 24000})`:
// Firefox refuses to connect a microphone to a context at another rate.

const ZERO_CROSSINGS = 8;      // kernel half-width, in zero crossings of the sinc
const TABLE_STEPS = 512;       // kernel table resolution per zero crossing
const ROLLOFF = 0.9;           // cutoff as a share of the lower Nyquist frequency (transition band below it)

let kernelTable = null;

/** sinc(x) · Blackman(x / ZERO_CROSSINGS) for x in [0, ZERO_CROSSINGS], TABLE_STEPS points per unit. */
function kernel() {
  if (kernelTable) return kernelTable;
  const size = ZERO_CROSSINGS * TABLE_STEPS + 2;
  kernelTable = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const x = i / TABLE_STEPS;
    if (x >= ZERO_CROSSINGS) { kernelTable[i] = 0; continue; }
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w = x / ZERO_CROSSINGS;  // 0..1 from the centre to the edge
    const blackman = 0.42 + 0.5 * Math.cos(Math.PI * w) + 0.08 * Math.cos(2 * Math.PI * w);
    kernelTable[i] = sinc * blackman;
  }
  return kernelTable;
}

/**
 * Converts a stream of Float32 samples from `inputRate` to `outputRate`, block by block; the output does not
 * depend on how the input is split into blocks. Output sample j sits at input position j · inputRate / outputRate,
 * computed exactly with integers so hours of audio never drift. The delay is `latency` input samples.
 */
export class Resampler {
  constructor(inputRate, outputRate) {
    if (!(inputRate > 0 && outputRate > 0)) throw new RangeError('sample rates must be positive');
    this.inputRate = Math.round(inputRate);
    this.outputRate = Math.round(outputRate);
    this.passThrough = this.inputRate === this.outputRate;
    // Cutoff relative to the input's Nyquist: below the output's Nyquist when downsampling (anti-aliasing),
    // below the input's when upsampling (anti-imaging).
    this.cutoff = Math.min(1, this.outputRate / this.inputRate) * ROLLOFF;
    this.support = ZERO_CROSSINGS / this.cutoff;          // half-width in input samples
    this.latency = Math.ceil(this.support);
    this.table = kernel();
    this.reset();
  }

  /** Forgets the stream (after a barge-in clear): the next sample starts a new one. */
  reset() {
    const history = this.latency * 2 + 8;
    this.buffer = new Float32Array(Math.max(1024, history * 4));
    // Index of buffer[0] in the input stream. The stream starts after `latency` zeros, so the first
    // outputs see silence before the first sample rather than wrapping around.
    this.bufferStart = -this.latency;
    this.bufferLength = this.latency;
    this.outputIndex = 0;               // j: the next output sample
    this.output = new Float32Array(256);
  }

  /** How many output samples `inputCount` more input samples would produce at most (for sizing). */
  maxOutputFor(inputCount) {
    return Math.ceil((inputCount + 1) * this.outputRate / this.inputRate) + 1;
  }

  /**
   * Feeds `input` (Float32Array or array of numbers in [-1, 1]) and returns the output samples now complete.
   * The returned array is a view of an internal buffer, valid until the next call: copy it to keep it.
   */
  process(input) {
    if (this.passThrough) return input instanceof Float32Array ? input : Float32Array.from(input);
    this.append(input);
    const maxOut = this.maxOutputFor(input.length + this.bufferLength);
    if (this.output.length < maxOut) this.output = new Float32Array(maxOut * 2);
    const table = this.table, cutoff = this.cutoff, support = this.support;
    const inRate = this.inputRate, outRate = this.outputRate;
    const lastIndex = this.bufferStart + this.bufferLength - 1;  // newest input index available
    const scale = cutoff * TABLE_STEPS;
    let produced = 0;
    for (;;) {
      const j = this.outputIndex;
      const whole = Math.floor((j * inRate) / outRate);
      const frac = ((j * inRate) % outRate) / outRate;
      const position = whole + frac;
      const last = Math.floor(position + support);
      if (last > lastIndex) break;
      let first = Math.ceil(position - support);
      if (first < this.bufferStart) first = this.bufferStart;
      let sum = 0;
      for (let k = first; k <= last; k++) {
        const distance = Math.abs(position - k) * scale;
        const index = distance | 0;
        if (index >= table.length - 1) continue;
        const t = distance - index;
        const weight = table[index] + (table[index + 1] - table[index]) * t;
        sum += this.buffer[k - this.bufferStart] * weight;
      }
      this.output[produced++] = sum * cutoff;
      this.outputIndex = j + 1;
    }
    this.discardBefore(Math.ceil((this.outputIndex * inRate) / outRate - support) - 1);
    return this.output.subarray(0, produced);
  }

  /** Pushes `latency` zeros through, so the last real samples come out (end of a stream). */
  flush() {
    if (this.passThrough) return new Float32Array(0);
    return this.process(new Float32Array(this.latency + 1));
  }

  append(input) {
    const needed = this.bufferLength + input.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.bufferLength));
      this.buffer = grown;
    }
    for (let i = 0; i < input.length; i++) this.buffer[this.bufferLength + i] = input[i];
    this.bufferLength = needed;
  }

  /** Drops input samples before stream index `index` (no output needs them any more). */
  discardBefore(index) {
    const drop = Math.min(this.bufferLength, index - this.bufferStart);
    if (drop <= 0) return;
    this.buffer.copyWithin(0, drop, this.bufferLength);
    this.bufferLength -= drop;
    this.bufferStart += drop;
  }
}
