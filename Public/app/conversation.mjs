// The conversation as the page shows it: items in the server's order (by `previous_item_id`), each with
// its transcript. User transcripts arrive asynchronously, often after the assistant has begun answering,
// so items are placed by id, never by arrival. Understands GA and preview event names. DOM-free.

const MAX_ITEMS = 300;

export class Conversation {
  constructor({ maxItems = MAX_ITEMS } = {}) {
    this.maxItems = maxItems;
    this.items = new Map();   // id -> item
    this.order = [];          // ids, top to bottom
    this.anchor = null;       // the divider the current session's first item follows
    this.dividers = 0;
    this.version = 0;         // bumps on every change (views re-render when it moves)
  }

  /** Items top to bottom: {id, role, kind, text, final, status, interrupted, latencyMs, note}. */
  list() { return this.order.map((id) => this.items.get(id)); }

  get(id) { return this.items.get(id); }

  /** A new session (first connect or a reconnect): later items with no predecessor go after this line. */
  startSession(text) {
    const id = `divider-${++this.dividers}`;
    this.items.set(id, { id, role: 'system', kind: 'divider', text, final: true });
    this.order.push(id);
    this.anchor = id;
    this.trim();
    this.version++;
    return id;
  }

  /** The connection closed: turns still open will never finish, so they stop looking as if they might. */
  endSession() {
    let changed = false;
    for (const item of this.items.values()) {
      if (item.final || item.kind === 'divider') continue;
      item.final = true;
      if (item.role === 'user' && !item.text) item.note = 'cut off: the connection closed';
      if (item.role === 'assistant') item.interrupted = true;
      changed = true;
    }
    if (changed) this.version++;
    return changed;
  }

  /** Forgets everything on screen (the model's memory is not touched). */
  clear() {
    this.items.clear();
    this.order = [];
    this.anchor = null;
    this.version++;
  }

  /** Applies one server event; returns true when the view changed. */
  apply(event) {
    const handler = HANDLERS[event && event.type];
    if (!handler) return false;
    const changed = handler(this, event) !== false;
    if (changed) this.version++;
    return changed;
  }

  // -- building blocks --

  ensure(id, fields = {}) {
    let item = this.items.get(id);
    if (!item) {
      item = { id, role: 'assistant', kind: 'message', text: '', final: false, status: 'in_progress',
               interrupted: false, latencyMs: null, ...fields };
      this.items.set(id, item);
      this.order.push(id);
      this.trim();
    } else {
      Object.assign(item, fields);
    }
    return item;
  }

  /** Moves (or puts) `id` right after `previousId`; null: first of the current session. */
  place(id, previousId) {
    if (previousId !== undefined && previousId !== null && !this.items.has(previousId)) return;  // unknown: keep
    const index = this.order.indexOf(id);
    if (index >= 0) this.order.splice(index, 1);
    let at;
    if (previousId === null || previousId === undefined) {
      at = this.anchor === null ? 0 : this.order.indexOf(this.anchor) + 1;
    } else {
      at = this.order.indexOf(previousId) + 1;
    }
    this.order.splice(at, 0, id);
  }

  remove(id) {
    if (!this.items.delete(id)) return false;
    this.order.splice(this.order.indexOf(id), 1);
    return true;
  }

  trim() {
    while (this.order.length > this.maxItems) {
      const id = this.order.shift();
      this.items.delete(id);
      if (id === this.anchor) this.anchor = null;
    }
  }

  /**
   * Barge-in: keeps the share of the words the user heard (audio heard / audio received) and sets the
   * rest apart as unheard, as the server drops it from the model's context too.
   */
  cutAt(id, share) {
    const item = this.items.get(id);
    if (!item) return false;
    const words = item.text.split(/(?<=\S)(?=\s)/);  // keeps each word's leading space
    const keep = Math.max(0, Math.min(words.length, Math.round(words.length * share)));
    item.text = words.slice(0, keep).join('');
    item.unheard = words.slice(keep).join('').trim();
    item.cut = true;
    item.final = true;
    item.interrupted = true;
    this.version++;
    return true;
  }

  /** The item's role, kind and any text its JSON carries (typed messages, finished transcripts). */
  absorb(json, fields = {}) {
    if (!json || !json.id) return null;
    const role = json.role || (json.type === 'message' ? 'assistant' : 'tool');
    const item = this.ensure(json.id, { role, ...fields });
    if (json.type === 'function_call') {
      item.kind = 'tool';
      item.text = `Tool call: ${json.name || 'function'}(${json.arguments || ''})`;
    } else if (json.type === 'function_call_output') {
      item.kind = 'tool';
      item.text = `Tool result: ${json.output || ''}`;
    }
    const text = textOf(json);
    // The item's own text (a typed message, a finished transcript) wins, but never empties live deltas and
    // never undoes a cut made at barge-in.
    if (text && !item.cut) item.text = text;
    if (json.status) item.status = json.status;
    if (json.status === 'incomplete') item.interrupted = true;
    if (json.status === 'completed' && text) item.final = true;
    return item;
  }
}

/** The text of an item's content parts (input_text / text / transcript), or null when it has none. */
function textOf(json) {
  if (!Array.isArray(json.content)) return null;
  const parts = [];
  for (const part of json.content) {
    if (!part) continue;
    if (typeof part.text === 'string') parts.push(part.text);
    else if (typeof part.transcript === 'string') parts.push(part.transcript);
  }
  return parts.length ? parts.join(' ') : null;
}

function appendDelta(conversation, event, role) {
  if (!event.item_id) return false;
  const item = conversation.ensure(event.item_id, { role });
  if (item.final) return false;
  item.text += event.delta || '';
  return true;
}

function finishText(conversation, event, role, text) {
  if (!event.item_id) return false;
  const item = conversation.ensure(event.item_id, { role });
  if (item.cut) return false;
  if (typeof text === 'string' && (text || !item.text)) item.text = text;
  item.final = true;
  return true;
}

const itemAdded = (c, e) => {
  if (!e.item) return false;
  const known = c.items.has(e.item.id);
  c.absorb(e.item);
  if ('previous_item_id' in e || !known) c.place(e.item.id, e.previous_item_id ?? null);
};

const HANDLERS = {
  'input_audio_buffer.speech_started': (c, e) => {
    if (!e.item_id) return false;
    c.ensure(e.item_id, { role: 'user', kind: 'message', status: 'speaking' });
  },
  'input_audio_buffer.speech_stopped': (c, e) => {
    const item = e.item_id && c.get(e.item_id);
    if (!item) return false;
    item.status = 'transcribing';
  },
  'input_audio_buffer.committed': (c, e) => {
    if (!e.item_id) return false;
    const item = c.ensure(e.item_id, { role: 'user', kind: 'message' });
    if (item.status === 'speaking' || item.status === 'in_progress') item.status = 'transcribing';
    if ('previous_item_id' in e) c.place(e.item_id, e.previous_item_id);
  },
  'conversation.item.added': itemAdded,
  'conversation.item.created': itemAdded,
  'conversation.item.done': (c, e) => {
    if (!e.item) return false;
    c.absorb(e.item);
  },
  'conversation.item.retrieved': () => false,
  'conversation.item.deleted': (c, e) => c.remove(e.item_id),
  'conversation.item.truncated': (c, e) => {
    const item = c.get(e.item_id);
    if (!item) return false;
    item.interrupted = true;
    item.final = true;
  },
  'conversation.item.input_audio_transcription.delta': (c, e) => appendDelta(c, e, 'user'),
  'conversation.item.input_audio_transcription.completed': (c, e) => {
    const result = finishText(c, e, 'user', e.transcript);
    const item = c.get(e.item_id);
    if (item) item.status = 'completed';
    return result;
  },
  'conversation.item.input_audio_transcription.failed': (c, e) => {
    if (!e.item_id) return false;
    const item = c.ensure(e.item_id, { role: 'user' });
    item.status = 'completed';
    if (!item.text) item.note = 'transcription failed';
    item.final = true;
  },
  'response.output_item.added': (c, e) => {
    if (!e.item || !e.item.id) return false;
    c.absorb(e.item, { role: e.item.role || 'assistant' });
  },
  'response.output_item.done': (c, e) => {
    if (!e.item) return false;
    c.absorb(e.item);
    const item = c.get(e.item.id);
    if (item && item.kind === 'message') item.final = true;
  },
  'response.output_audio_transcript.delta': (c, e) => appendDelta(c, e, 'assistant'),
  'response.audio_transcript.delta': (c, e) => appendDelta(c, e, 'assistant'),
  'response.output_text.delta': (c, e) => appendDelta(c, e, 'assistant'),
  'response.text.delta': (c, e) => appendDelta(c, e, 'assistant'),
  'response.output_audio_transcript.done': (c, e) => finishText(c, e, 'assistant', e.transcript),
  'response.audio_transcript.done': (c, e) => finishText(c, e, 'assistant', e.transcript),
  'response.output_text.done': (c, e) => finishText(c, e, 'assistant', e.text),
  'response.text.done': (c, e) => finishText(c, e, 'assistant', e.text),
};
