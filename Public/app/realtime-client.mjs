// The page's protocol logic, DOM-free: server events in, client events out, playback and barge-in decisions.
// The page wires it to a WebSocket, the AudioWorklets and the views; Node tests wire it to fakes.
//
//   server event ─▶ handle() ─▶ conversation, event log, latency, playback.push / markDone
//   speech_started / Stop button ─▶ interrupt() ─▶ playback.clear() ─▶ conversation.item.truncate
//   mic chunk ─▶ audioChunk() ─▶ input_audio_buffer.append      typed text ─▶ item.create + response.create

import { Conversation } from './conversation.mjs';
import { EventLog } from './event-log.mjs';
import { TurnLatency } from './latency.mjs';
import { describeError } from './messages.mjs';
import { base64ToPcm16, pcm16ToBase64, CHUNK_SAMPLES, samplesToMs } from './pcm.mjs';
import { describeSession, dialectOf, normalizeSettings, sessionUpdate, transcriptionUpdate } from './session-config.mjs';
import { statusOf } from './status.mjs';
import { truncateEvent } from './truncate.mjs';

const AUDIO_DELTAS = new Set(['response.output_audio.delta', 'response.audio.delta']);
const AUDIO_DONES = new Set(['response.output_audio.done', 'response.audio.done']);
/** Appends are skipped while this much is waiting in the socket (a slow network): memory stays bounded. */
const MAX_SOCKET_BACKLOG = 512 * 1024;
const MAX_AUDIO_ITEMS = 64;

export class RealtimeClient {
  /**
   * @param send (event) => boolean: sends one client event (false when not connected)
   * @param playback {push(itemId, Int16Array), markDone(itemId), clear(): Promise<[{item, played, discarded}]>}
   * @param backlog () => bytes queued in the socket
   * @param now () => ms; @param onChange () => void (re-render); @param onNotice (text, level) => void
   */
  constructor({ send, playback, backlog = () => 0, now = () => Date.now(), onChange = () => {}, onNotice = () => {},
                settings = {} }) {
    Object.assign(this, { sendRaw: send, playback, backlog, now, onChange, onNotice });
    this.settings = normalizeSettings(settings);
    this.conversation = new Conversation();
    this.log = new EventLog();
    this.latency = new TurnLatency();
    this.connection = 'idle';
    this.micOn = false;
    this.muted = false;
    this.assistantPlaying = false;
    this.stats = { sent: {}, received: {}, appendsSent: 0, appendsSkipped: 0, audioDeltas: 0, samplesReceived: 0,
                   samplesPlayed: 0, truncates: [], errors: [], sessions: 0 };
    this.resetSession();
  }

  /** Per-session state: a reconnect is a new session with no memory of the old one. */
  resetSession() {
    this.sessionReady = false;
    this.dialect = 'ga';
    this.session = null;
    this.voiceLocked = false;
    this.response = null;            // {id, itemIds: Set}
    this.audioItems = new Map();     // itemId -> {received, done, interrupted, latencyMs}
    this.userSpeaking = false;
    this.pttHeld = false;
    this.pttSamples = 0;
    this.pendingResponseCreate = false;
    this.lastErrorCode = null;
    this.sentTranscriptionModel = null;
    this.latency.turnStarted();
  }

  status() { return statusOf({ ...this, mode: this.settings.mode, responseActive: !!this.response }); }

  /** Whether "Stop speaking" has anything to stop. */
  canInterrupt() { return this.assistantPlaying || !!this.response; }

  // -- connection lifecycle (called by the page) --

  connecting(reconnecting) {
    this.connection = reconnecting ? 'reconnecting' : 'connecting';
    this.onChange();
  }

  opened({ reconnected }) {
    this.resetSession();
    this.connection = 'open';
    this.stats.sessions += 1;
    const time = new Date(this.now()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    this.conversation.startSession(reconnected
      ? `New session (${time}) after the connection dropped: the assistant does not remember the conversation above.`
      : `Session started (${time})`);
    this.onChange();
  }

  closed({ code, reason }, connectionState = 'closed') {
    this.log.add('page', { type: 'close', code, reason }, this.now());
    this.conversation.endSession();
    this.connection = connectionState;
    this.sessionReady = false;
    this.response = null;
    this.userSpeaking = false;
    this.pttHeld = false;
    this.onChange();
  }

  // -- sending --

  send(event) {
    const ok = this.sendRaw(event);
    if (ok) {
      this.stats.sent[event.type] = (this.stats.sent[event.type] || 0) + 1;
      this.log.add('sent', event, this.now());
    }
    return ok;
  }

  /** New settings from the controls: sent at once as a complete update when a session is open. */
  applySettings(settings) {
    this.settings = normalizeSettings({ ...this.settings, ...settings });
    if (this.settings.mode !== 'ptt') this.pttHeld = false;
    if (this.sessionReady) this.sendSettings();
    this.onChange();
  }

  sendSettings() {
    this.send(sessionUpdate(this.settings, { dialect: this.dialect, voiceLocked: this.voiceLocked }));
    if (this.settings.transcriptionModel && this.settings.transcriptionModel !== this.sentTranscriptionModel) {
      const update = transcriptionUpdate(this.settings, { dialect: this.dialect });
      if (update && this.send(update)) this.sentTranscriptionModel = this.settings.transcriptionModel;
    }
  }

  /** ~100 ms of microphone audio (Int16Array at 24 kHz) from the capture worklet. */
  audioChunk(samples) {
    if (!this.sessionReady) return;
    if (this.settings.mode === 'ptt' && !this.pttHeld) return;
    if (this.backlog() > MAX_SOCKET_BACKLOG) {
      this.stats.appendsSkipped += 1;
      return;
    }
    if (this.send({ type: 'input_audio_buffer.append', audio: pcm16ToBase64(samples) })) {
      this.stats.appendsSent += 1;
      if (this.pttHeld) this.pttSamples += samples.length;
    }
  }

  /** A typed message: a user item, then a response (after the current one, which it interrupts). */
  sendText(text) {
    const clean = String(text || '').trim();
    if (!clean || !this.sessionReady) return false;
    if (this.canInterrupt()) this.interrupt('text');
    this.send({ type: 'conversation.item.create',
                item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: clean }] } });
    this.latency.turnEnded(this.now(), 'text');
    this.createResponse();
    return true;
  }

  /** response.create now, or once the active response is done (Azure allows one at a time). */
  createResponse() {
    if (this.response) {
      this.pendingResponseCreate = true;
      return;
    }
    this.pendingResponseCreate = false;
    this.send({ type: 'response.create' });
  }

  // -- push-to-talk --

  pttStart() {
    if (!this.sessionReady || this.settings.mode !== 'ptt' || this.pttHeld) return;
    if (this.canInterrupt()) this.interrupt('ptt');
    this.send({ type: 'input_audio_buffer.clear' });
    this.pttHeld = true;
    this.pttSamples = 0;
    this.latency.turnStarted();
    this.onChange();
  }

  /** Call after the capture worklet flushed its partial chunk, so the whole utterance was appended. */
  pttEnd() {
    if (!this.pttHeld) return;
    this.pttHeld = false;
    if (this.pttSamples >= CHUNK_SAMPLES) {
      this.send({ type: 'input_audio_buffer.commit' });
      this.latency.turnEnded(this.now(), 'push-to-talk');
      this.createResponse();
    } else {
      this.send({ type: 'input_audio_buffer.clear' });
      this.onNotice('That was too short to send: hold “Talk” while you speak.', 'info');
    }
    this.onChange();
  }

  // -- barge-in --

  /**
   * Stops the assistant at once and tells the server what was heard. `cause`: 'speech' (server VAD heard
   * the user; the server cancels the response itself), 'button', 'text' or 'ptt' (the page cancels it).
   * Returns the truncate events sent.
   */
  async interrupt(cause) {
    // With server VAD the server cancels the answer itself when it hears speech (interrupt_response,
    // on unless the relay's operator turned it off); otherwise the page must.
    const serverCancels = cause === 'speech' && this.session?.turnDetection?.interrupt_response !== false;
    if (this.response && !serverCancels) this.send({ type: 'response.cancel' });
    // Items of the answer in progress get no more audio, whatever arrives until the server has stopped.
    if (this.response) for (const id of this.response.itemIds) this.audioItem(id).interrupted = true;
    for (const [id, info] of this.audioItems) if (!info.done) info.interrupted = true;
    const report = await this.playback.clear();
    this.assistantPlaying = false;
    const sent = [];
    for (const { item, played } of report) {
      const info = this.audioItem(item);
      info.interrupted = true;
      const event = truncateEvent({ itemId: item, played, received: info.received, audioDone: info.done });
      if (!event) continue;
      this.send(event);
      sent.push(event);
      this.stats.truncates.push({ ...event, cause, played, received: info.received });
      if (this.stats.truncates.length > 50) this.stats.truncates.shift();
      this.conversation.cutAt(item, info.received ? Math.min(1, played / info.received) : 0);
    }
    this.onChange();
    return sent;
  }

  // -- playback reports (from the playback worklet) --

  playbackProgress({ state, totalPlayed, played }) {
    const playing = state === 'playing';
    if (typeof totalPlayed === 'number') this.stats.samplesPlayed = totalPlayed;
    if (played) this.playedByItem = played;
    if (playing !== this.assistantPlaying) {
      this.assistantPlaying = playing;
      this.onChange();
    }
  }

  // -- server events --

  audioItem(id) {
    let info = this.audioItems.get(id);
    if (!info) {
      info = { received: 0, done: false, interrupted: false, latencyMs: null };
      this.audioItems.set(id, info);
      if (this.audioItems.size > MAX_AUDIO_ITEMS) this.audioItems.delete(this.audioItems.keys().next().value);
    }
    return info;
  }

  /** One server event (already parsed). */
  handle(event) {
    if (!event || typeof event.type !== 'string') return;
    const t = this.now();
    const type = event.type;
    this.stats.received[type] = (this.stats.received[type] || 0) + 1;
    this.log.add('received', event, t);
    let changed = this.conversation.apply(event);
    switch (type) {
      case 'session.created':
        this.dialect = dialectOf(event.session);
        this.session = describeSession(event.session);
        this.sessionReady = true;
        this.sendSettings();
        changed = true;
        break;
      case 'session.updated':
        this.session = describeSession(event.session);
        changed = true;
        break;
      case 'input_audio_buffer.speech_started':
        this.userSpeaking = true;
        this.latency.turnStarted();
        if (this.canInterrupt()) this.interrupt('speech');
        changed = true;
        break;
      case 'input_audio_buffer.speech_stopped':
        this.userSpeaking = false;
        this.latency.turnEnded(t, 'speech');
        changed = true;
        break;
      case 'response.created':
        this.response = { id: event.response?.id || null, itemIds: new Set() };
        changed = true;
        break;
      case 'response.output_item.added':
        if (this.response && event.item?.id) this.response.itemIds.add(event.item.id);
        break;
      case 'response.done':
        if (this.response) for (const id of this.response.itemIds) this.finishAudio(id);
        this.response = null;
        if (this.pendingResponseCreate) this.createResponse();
        changed = true;
        break;
      case 'error': this.serverError(event.error || {}); changed = true; break;
      case 'relay.session.expiring':
        this.onNotice(event.message || `This session ends in ${event.seconds_left} s.`, 'warning');
        break;
      default:
        if (AUDIO_DELTAS.has(type)) changed = this.audioDelta(event, t) || changed;
        else if (AUDIO_DONES.has(type)) this.finishAudio(event.item_id);
    }
    if (changed) this.onChange();
  }

  audioDelta(event, t) {
    if (!event.item_id || typeof event.delta !== 'string') return false;
    const info = this.audioItem(event.item_id);
    if (info.interrupted) return false;  // late audio of an answer the user cut off
    let samples;
    try {
      samples = base64ToPcm16(event.delta);
    } catch {
      return false;
    }
    const count = samples.length;  // before push: the buffer is transferred to the worklet
    this.stats.audioDeltas += 1;
    this.stats.samplesReceived += count;
    this.voiceLocked = true;
    if (info.received === 0) {
      const ms = this.latency.firstAudio(event.item_id, t);
      if (ms !== null) {
        info.latencyMs = ms;
        const item = this.conversation.get(event.item_id);
        if (item) item.latencyMs = ms;
      }
    }
    info.received += count;
    this.playback.push(event.item_id, samples);
    return info.received === count;
  }

  finishAudio(itemId) {
    if (!itemId) return;
    const info = this.audioItem(itemId);
    if (info.done) return;
    info.done = true;
    if (info.received) this.playback.markDone(itemId);
  }

  serverError(error) {
    this.lastErrorCode = error.code || null;
    const described = describeError(error);
    this.stats.errors.push({ code: error.code || null, message: error.message || '' });
    if (this.stats.errors.length > 50) this.stats.errors.shift();
    if (error.code === 'conversation_already_has_active_response') this.pendingResponseCreate = true;
    if (error.param && /transcription/.test(error.param)) {
      this.onNotice(`Your speech will not be transcribed: the model service refused the transcription model “${this.settings.transcriptionModel}” (${error.message || error.code}). On Azure, enter the name of a transcription deployment in Settings.`, 'warning');
      return;
    }
    if (!described.quiet) this.onNotice(described.text, 'error');
  }

  /** Numbers for the page and for tests (window.__relayTest). */
  snapshot() {
    const played = this.playedByItem || {};
    return {
      connection: this.connection, status: this.status().key, dialect: this.dialect, sessionReady: this.sessionReady,
      mode: this.settings.mode, sent: { ...this.stats.sent }, received: { ...this.stats.received },
      appendsSent: this.stats.appendsSent, appendsSkipped: this.stats.appendsSkipped,
      audioDeltas: this.stats.audioDeltas, samplesReceived: this.stats.samplesReceived,
      samplesPlayed: this.stats.samplesPlayed, msPlayed: samplesToMs(this.stats.samplesPlayed),
      truncates: this.stats.truncates.map((x) => ({ ...x })), errors: this.stats.errors.map((x) => ({ ...x })),
      sessions: this.stats.sessions, latencies: this.latency.turns.map((x) => ({ ...x })),
      audioItems: Object.fromEntries([...this.audioItems].map(([id, info]) => [id, { ...info, played: played[id] || 0 }])),
      conversation: this.conversation.list().map(({ id, role, kind, text, final, interrupted, unheard, latencyMs }) =>
        ({ id, role, kind, text, final, interrupted: !!interrupted, unheard: unheard || '', latencyMs })),
      session: this.session ? { ...this.session } : null,
    };
  }
}
