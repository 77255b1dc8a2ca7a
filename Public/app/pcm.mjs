// PCM16 (little-endian, mono, 24 kHz: what Azure's realtime API takes and gives) to and from Float32 and base64.
// DOM-free: used by the page, the AudioWorklets and the Node tests.

export const REALTIME_RATE = 24000;
/** ~100 ms of audio per `input_audio_buffer.append`, as Azure recommends (4,800 bytes). */
export const CHUNK_SAMPLES = 2400;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float32 in [-1, 1] to Int16: clamped, negative values scaled by 0x8000 and positive by 0x7FFF. */
export function floatToPcm16(input, output = new Int16Array(input.length)) {
  for (let i = 0; i < input.length; i++) {
    let s = input[i];
    if (!(s === s)) s = 0;  // NaN
    s = s < -1 ? -1 : s > 1 ? 1 : s;
    output[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return output;
}

/** Int16 to Float32 in [-1, 1). */
export function pcm16ToFloat(input, output = new Float32Array(input.length)) {
  for (let i = 0; i < input.length; i++) output[i] = input[i] / 32768;
  return output;
}

/** The little-endian bytes of Int16 samples. */
export function pcm16ToBytes(samples) {
  if (littleEndian) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i], true);
  return bytes;
}

/** Int16 samples from little-endian bytes; an odd trailing byte is ignored. */
export function bytesToPcm16(bytes) {
  const count = bytes.length >> 1;
  const samples = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 (RFC 4648, with padding) of bytes. */
export function bytesToBase64(bytes) {
  let out = '';
  const parts = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
    if (out.length >= 8192) { parts.push(out); out = ''; }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
  }
  parts.push(out);
  return parts.join('');
}

/** Bytes from base64 (padding optional, whitespace ignored); throws on other characters. */
export function base64ToBytes(text) {
  const clean = text.replace(/[\s=]+/g, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0, bits = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const value = code < 128 ? DECODE[code] : -1;
    if (value < 0) throw new SyntaxError(`invalid base64 character at ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, o);
}

export const pcm16ToBase64 = (samples) => bytesToBase64(pcm16ToBytes(samples));
export const base64ToPcm16 = (text) => bytesToPcm16(base64ToBytes(text));

/** Root mean square of samples (Float32 in [-1, 1], or Int16 scaled to that range). */
export function rms(samples) {
  if (!samples.length) return 0;
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) { const s = samples[i] * scale; sum += s * s; }
  return Math.sqrt(sum / samples.length);
}

/** Milliseconds of 24 kHz audio in `samples` (floored). */
export const samplesToMs = (samples, rate = REALTIME_RATE) => Math.floor((samples * 1000) / rate);

/**
 * Collects Float32 samples into fixed-size PCM16 chunks (~100 ms each): `push` returns the chunks that
 * filled up, `flush` the partial one (push-to-talk release), so no audio is lost or duplicated.
 */
export class Pcm16Chunker {
  constructor(chunkSamples = CHUNK_SAMPLES) {
    this.chunkSamples = chunkSamples;
    this.current = new Int16Array(chunkSamples);
    this.filled = 0;
  }

  push(input) {
    const done = [];
    let offset = 0;
    while (offset < input.length) {
      const take = Math.min(this.chunkSamples - this.filled, input.length - offset);
      floatToPcm16(input.subarray ? input.subarray(offset, offset + take) : input.slice(offset, offset + take),
                   this.current.subarray(this.filled, this.filled + take));
      this.filled += take;
      offset += take;
      if (this.filled === this.chunkSamples) {
        done.push(this.current);
        this.current = new Int16Array(this.chunkSamples);
        this.filled = 0;
      }
    }
    return done;
  }

  /** The partial chunk (possibly empty), and a fresh start. */
  flush() {
    const partial = this.current.slice(0, this.filled);
    this.filled = 0;
    return partial;
  }
}
