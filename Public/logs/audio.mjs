// Audio from a frame log, without the DOM: which format each side used, the chunks, and WAV files to play.

/** The realtime API's default: 16-bit little-endian PCM, mono, 24 kHz. */
export const DEFAULT_FORMAT = Object.freeze({ codec: "pcm16", rate: 24000 });

/** A format from a session object, GA (`audio.input.format.type`) or preview (`input_audio_format`);
 *  `side` is "input" or "output". null when the session does not say. */
export function formatFromSession(session, side) {
  if (!session || typeof session !== "object") return null;
  const ga = session.audio?.[side]?.format;
  if (ga && typeof ga === "object" && typeof ga.type === "string") {
    switch (ga.type) {
      case "audio/pcm": return { codec: "pcm16", rate: Number.isInteger(ga.rate) ? ga.rate : 24000 };
      case "audio/pcmu": return { codec: "ulaw", rate: 8000 };
      case "audio/pcma": return { codec: "alaw", rate: 8000 };
      default: return null;
    }
  }
  switch (session[`${side}_audio_format`]) {
    case "pcm16": return { codec: "pcm16", rate: 24000 };
    case "g711_ulaw": return { codec: "ulaw", rate: 8000 };
    case "g711_alaw": return { codec: "alaw", rate: 8000 };
    default: return null;
  }
}

const SESSION_EVENTS = new Set(["session.update", "session.created", "session.updated"]);
const ASSISTANT_AUDIO = new Set(["response.output_audio.delta", "response.audio.delta"]);

/**
 * Collects both sides' audio: the user's from `input_audio_buffer.append` (client to upstream), the
 * assistant's from `response.output_audio.delta` / `response.audio.delta` (from the upstream).
 * Consecutive chunks in one format form a segment `{codec, rate, bytes: Uint8Array, chunks, index}`;
 * a format change starts a new one. Chunks the log left out (`--log-audio omit|truncate`) are
 * counted, never decoded: a truncated chunk is only its first 48 bytes.
 */
export function collectAudio(records) {
  const sides = { user: newSide(), assistant: newSide() };
  const format = { user: DEFAULT_FORMAT, assistant: DEFAULT_FORMAT };
  records.forEach((record, index) => {
    const data = record.data;
    if (!data || typeof data !== "object") return;
    if (SESSION_EVENTS.has(data.type)) {
      format.user = formatFromSession(data.session, "input") ?? format.user;
      format.assistant = formatFromSession(data.session, "output") ?? format.assistant;
      return;
    }
    let side;
    let payload;
    if (data.type === "input_audio_buffer.append" && record.dir === "client_to_upstream") {
      side = "user";
      payload = data.audio;
    } else if (ASSISTANT_AUDIO.has(data.type) && typeof record.dir === "string" && record.dir.startsWith("upstream_")) {
      side = "assistant";
      payload = data.delta;
    } else {
      return;
    }
    const target = sides[side];
    if (typeof record.audio_omitted_bytes === "number") {
      target.omitted.chunks += 1;
      target.omitted.bytes += record.audio_omitted_bytes;
      return;
    }
    if (typeof record.audio_truncated_bytes === "number") {
      target.truncated.chunks += 1;
      target.truncated.bytes += record.audio_truncated_bytes;
      return;
    }
    const bytes = typeof payload === "string" ? base64ToBytes(payload) : null;
    if (bytes === null) {
      target.undecodable += 1;
      return;
    }
    const current = format[side];
    let segment = target.segments.at(-1);
    if (!segment || segment.codec !== current.codec || segment.rate !== current.rate) {
      segment = { codec: current.codec, rate: current.rate, parts: [], length: 0, chunks: 0, index };
      target.segments.push(segment);
    }
    segment.parts.push(bytes);
    segment.length += bytes.length;
    segment.chunks += 1;
  });
  for (const side of Object.values(sides)) {
    side.segments = side.segments.map(({ parts, length, ...rest }) => ({ ...rest, bytes: concatenate(parts, length) }));
  }
  return sides;
}

function newSide() {
  return { segments: [], omitted: { chunks: 0, bytes: 0 }, truncated: { chunks: 0, bytes: 0 }, undecodable: 0 };
}

function concatenate(parts, length) {
  const all = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** Standard base64 to bytes, or null when it is not base64. */
export function base64ToBytes(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** 16-bit little-endian samples; a trailing odd byte (a cut-off sample) is dropped. */
export function pcm16Samples(bytes) {
  const count = bytes.length >> 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i += 1) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** G.711 μ-law byte to a linear 16-bit sample (ITU-T G.711; the classic Sun g711.c decoder). */
export function muLawToLinear(byte) {
  const u = ~byte & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** G.711 A-law byte to a linear 16-bit sample. */
export function aLawToLinear(byte) {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  magnitude += segment === 0 ? 8 : 0x108;
  if (segment > 1) magnitude <<= segment - 1;
  return a & 0x80 ? magnitude : -magnitude;
}

export const MU_LAW_TABLE = Int16Array.from({ length: 256 }, (_, byte) => muLawToLinear(byte));
export const A_LAW_TABLE = Int16Array.from({ length: 256 }, (_, byte) => aLawToLinear(byte));

/** The linear samples of a segment's bytes in its codec. */
export function decodeSamples(bytes, codec) {
  if (codec === "pcm16") return pcm16Samples(bytes);
  const table = codec === "ulaw" ? MU_LAW_TABLE : codec === "alaw" ? A_LAW_TABLE : null;
  if (!table) throw new Error(`unknown audio codec ${codec}`);
  return Int16Array.from(bytes, (byte) => table[byte]);
}

/** A mono 16-bit PCM WAV file (RIFF, 44-byte header) holding `samples` at `sampleRate`. */
export function wavBytes(samples, sampleRate) {
  const dataSize = samples.length * 2;
  const bytes = new Uint8Array(44 + dataSize);
  const view = new DataView(bytes.buffer);
  const ascii = (offset, text) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);             // fmt chunk size
  view.setUint16(20, 1, true);              // PCM
  view.setUint16(22, 1, true);              // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true);              // block align
  view.setUint16(34, 16, true);             // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataSize, true);
  for (let i = 0; i < samples.length; i += 1) view.setInt16(44 + i * 2, samples[i], true);
  return bytes;
}

/** A segment as a WAV file and its duration in seconds. */
export function segmentWav(segment) {
  const samples = decodeSamples(segment.bytes, segment.codec);
  return { wav: wavBytes(samples, segment.rate), seconds: samples.length / segment.rate };
}
