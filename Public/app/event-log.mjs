// The page's event log: every event sent and received, newest last, bounded, with audio payloads elided
// and bursts of audio or delta events folded into one line with a count. DOM-free.

const FOLDED = new Set([
  'input_audio_buffer.append', 'response.output_audio.delta', 'response.audio.delta',
  'response.output_audio_transcript.delta', 'response.audio_transcript.delta', 'response.output_text.delta',
  'response.text.delta', 'conversation.item.input_audio_transcription.delta',
]);

const BASE64ISH = /^[A-Za-z0-9+/=]+$/;

/** The event with long base64 strings (audio) replaced by their size. */
export function elide(event) {
  return JSON.parse(JSON.stringify(event, (key, value) => {
    if (typeof value === 'string' && value.length > 200 && BASE64ISH.test(value)) {
      return `[${Math.floor((value.length * 3) / 4)} bytes of base64 audio]`;
    }
    return value;
  }));
}

const short = (text, length = 80) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** One line about an event, beyond its type. */
export function summarize(event) {
  const e = event || {};
  switch (e.type) {
    case 'error': return `${e.error?.code || e.error?.type || 'error'}: ${short(e.error?.message || '', 120)}`;
    case 'session.update': {
      const s = e.session || {};
      const input = s.audio?.input || {};
      const td = 'turn_detection' in input ? input.turn_detection : s.turn_detection;
      const parts = [];
      if (td !== undefined) parts.push(td ? `VAD ${td.threshold}/${td.prefix_padding_ms}/${td.silence_duration_ms} ms` : 'push-to-talk');
      const voice = s.audio?.output?.voice ?? s.voice;
      if (voice) parts.push(`voice ${voice}`);
      const tr = s.audio?.input?.transcription ?? s.input_audio_transcription;
      if (tr) parts.push(`transcription ${tr.model}`);
      return parts.join(', ');
    }
    case 'input_audio_buffer.speech_started': return `at ${e.audio_start_ms} ms`;
    case 'input_audio_buffer.speech_stopped': return `at ${e.audio_end_ms} ms`;
    case 'conversation.item.truncate':
    case 'conversation.item.truncated': return `${e.item_id} at ${e.audio_end_ms} ms`;
    case 'conversation.item.create':
      return short(e.item?.content?.map((part) => part.text || '').join(' ') || e.item?.type || '');
    case 'conversation.item.input_audio_transcription.completed':
    case 'response.output_audio_transcript.done':
    case 'response.audio_transcript.done': return short(e.transcript || '');
    case 'response.output_audio_transcript.delta':
    case 'response.audio_transcript.delta':
    case 'response.output_text.delta':
    case 'response.text.delta':
    case 'conversation.item.input_audio_transcription.delta': return short(e.delta || '');
    case 'response.done': {
      const r = e.response || {};
      const usage = r.usage ? `, ${r.usage.total_tokens} tokens` : '';
      return `${r.status || ''}${r.status_details?.reason ? ` (${r.status_details.reason})` : ''}${usage}`;
    }
    case 'relay.session.expiring': return short(e.message || `${e.seconds_left} s left`, 120);
    default: return '';
  }
}

export class EventLog {
  constructor({ max = 400 } = {}) {
    this.max = max;
    this.entries = [];
    this.nextId = 1;
    this.version = 0;
    this.start = null;
  }

  /**
   * Records an event. `direction`: 'sent' | 'received' | 'page' (something the page noted itself, e.g.
   * a close). `t`: ms on the page's clock. Returns the entry (a folded one when it joined the last line).
   */
  add(direction, event, t) {
    if (this.start === null) this.start = t;
    const type = event?.type || '(no type)';
    const last = FOLDED.has(type) ? this.foldTarget(type, direction) : null;
    this.version++;
    if (last) {
      last.count += 1;
      last.tLast = t;
      last.detail = elide(event);
      if (type.endsWith('transcript.delta') || type.endsWith('text.delta') || type.endsWith('transcription.delta')) {
        last.summary = short(last.summary.replace(/…$/, '') + (event.delta || ''), 120);
      }
      return last;
    }
    const entry = { id: this.nextId++, t, tLast: t, direction, type, count: 1, summary: summarize(event), detail: elide(event) };
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.shift();
    return entry;
  }

  /**
   * The line a high-frequency event joins: the latest one of its type and direction, if only other
   * high-frequency lines came after it (audio and transcript deltas interleave: two lines, not hundreds).
   */
  foldTarget(type, direction) {
    for (let i = this.entries.length - 1; i >= Math.max(0, this.entries.length - 4); i--) {
      const entry = this.entries[i];
      if (!FOLDED.has(entry.type)) return null;
      if (entry.type === type && entry.direction === direction) return entry;
    }
    return null;
  }

  clear() {
    this.entries = [];
    this.version++;
  }
}
