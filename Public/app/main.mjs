// The voice page: wires the DOM to RealtimeClient (protocol logic), RelayConnection (WebSocket with
// reconnection) and AudioEngine (microphone, playback). Everything testable lives in the DOM-free modules.

import { AudioEngine } from './audio-engine.mjs';
import { ConversationView } from './conversation-view.mjs';
import { EventLogView } from './event-log-view.mjs';
import { Meters } from './meters.mjs';
import { NoticesView } from './notices-view.mjs';
import { RealtimeClient } from './realtime-client.mjs';
import { RelayConnection, relayProtocols, relayUrl } from './relay-connection.mjs';
import { SettingsForm, loadSettings, loadToken, saveSettings, saveToken } from './settings-form.mjs';

const $ = (id) => document.getElementById(id);
const testState = { notices: [] };

const settingsForm = new SettingsForm($('settings-form'));
const form = settingsForm.form;
const noticesView = new NoticesView($('notices'), {
  onShown: (text, level) => {
    testState.notices.push({ text, level });
    if (testState.notices.length > 50) testState.notices.shift();
  },
});
const notice = (text, level, key) => noticesView.show(text, level, key);
const dropNotice = (key) => noticesView.drop(key);
const meters = new Meters({ meter: $('input-level'), canvas: $('output-wave') });

// ---- the pieces ----

let engine = null;
let connection = null;
let renderQueued = false;

const client = new RealtimeClient({
  settings: loadSettings(),
  send: (event) => connection?.send(event) ?? false,
  backlog: () => connection?.backlog ?? 0,
  now: () => Date.now(),
  playback: {
    push: (item, samples) => engine?.push(item, samples),
    markDone: (item) => engine?.markDone(item),
    clear: () => engine?.clear() ?? Promise.resolve([]),
  },
  onChange: () => scheduleRender(),
  onNotice: (text, level) => notice(text, level),
});

const conversationView = new ConversationView({ list: $('conversation'), announcer: $('announcer') });
const logView = new EventLogView({ list: $('log-list'), count: $('log-count'), follow: $('log-follow'), details: $('log') });

settingsForm.show(client.settings);

// ---- start and stop ----

async function start() {
  const problem = AudioEngine.unsupported();
  if (problem) {
    notice(problem, 'error', 'audio');
    return;
  }
  dropNotice('connection');
  const audio = new AudioEngine({
    onChunk: (samples) => client.audioChunk(samples),
    onProgress: (progress) => client.playbackProgress(progress),
  });
  engine = audio;
  audio.onMicrophoneEnded = () => {
    client.micOn = false;
    notice('The microphone stopped (unplugged or taken by another app). You can still type.', 'warning', 'mic');
    scheduleRender();
  };
  const starting = audio.start({ microphone: true });   // its synchronous part runs inside this click
  client.connecting(false);
  let result;
  try {
    result = await starting;
  } catch (error) {
    if (engine !== audio) return;   // ended meanwhile
    notice(`Audio could not start: ${error?.message || error}`, 'error', 'audio');
    await stop({ quiet: true });
    return;
  }
  if (engine !== audio) return;     // ended meanwhile
  client.micOn = audio.hasMicrophone;
  if (result.micError) {
    const denied = result.micError?.name === 'NotAllowedError';
    notice(denied ? 'Microphone access was refused, so you can only type. Allow the microphone for this site and start again to talk.'
                  : `No microphone (${result.micError?.message || result.micError}); you can still type.`, 'warning', 'mic');
  }
  testState.contextRate = result.sampleRate;
  connect();
  meters.start(() => (engine ? { engine, muted: client.muted } : null));
}

function connect() {
  const token = loadToken();
  testState.socketUrl = relayUrl(location.href);
  connection = new RelayConnection({
    url: testState.socketUrl,
    protocols: relayProtocols(token),
    lastErrorCode: () => client.lastErrorCode,
    onConnecting: ({ reconnecting }) => client.connecting(reconnecting),
    onOpen: ({ reconnected }) => {
      dropNotice('connection');
      client.opened({ reconnected });
      if (reconnected) notice('Reconnected. This is a new session: the assistant does not remember the earlier conversation.', 'info', 'connection');
    },
    onEvent: (event) => client.handle(event),
    onClose: (close) => closed(close),
  });
  connection.connect();
}

function closed({ code, reason, described, retryInMs, attempt, attempts }) {
  const retrying = retryInMs !== null;
  client.closed({ code, reason }, retrying ? 'reconnecting' : 'closed');
  testState.closes = [...(testState.closes || []), { code, reason }].slice(-20);
  if (retrying) {
    notice(`${described.text} Reconnecting in ${Math.max(1, Math.round(retryInMs / 1000))} s (attempt ${attempt} of ${attempts}); that will be a new session.`,
           'warning', 'connection');
    return;
  }
  const gaveUp = described.reconnect ? ` Gave up after ${attempts} attempts; press “Start conversation” to try again.` : '';
  notice(described.text + gaveUp, code === 1000 && !gaveUp ? 'info' : 'error', 'connection');
  stop({ quiet: true });
}

async function stop({ quiet = false } = {}) {
  const active = connection;
  connection = null;
  active?.close();
  const audio = engine;
  engine = null;
  if (audio) {
    await audio.clear();
    await audio.stop();
  }
  client.micOn = false;
  client.muted = false;
  $('mute').setAttribute('aria-pressed', 'false');
  if (!quiet) client.closed({ code: 1000, reason: 'ended by you' }, 'idle');
  else if (client.connection !== 'closed') client.connection = 'idle';
  scheduleRender();
}

// ---- controls ----

$('start').addEventListener('click', () => {
  if (engine || connection) stop();
  else start();
});

$('mute').addEventListener('click', () => {
  client.muted = !client.muted;
  engine?.setMuted(client.muted);
  $('mute').setAttribute('aria-pressed', String(client.muted));
  $('mute').textContent = client.muted ? 'Unmute microphone' : 'Mute microphone';
  scheduleRender();
});

$('interrupt').addEventListener('click', () => client.interrupt('button'));

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && client.canInterrupt()) {
    event.preventDefault();
    client.interrupt('button');
  }
});

form.addEventListener('input', (event) => {
  if (event.target === form.accessToken) {
    saveToken(form.accessToken.value);
    return;
  }
  $('threshold-value').textContent = form.threshold.value;
  if (event.target.type === 'number' || event.target.type === 'text') return;   // applied on change
  applySettings();
});
form.addEventListener('change', (event) => {
  if (event.target.type === 'number' || event.target.type === 'text') applySettings();
});
form.addEventListener('submit', (event) => event.preventDefault());
for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener('change', applySettings);

let settingsTimer = null;
function applySettings() {
  const settings = settingsForm.read();
  saveSettings(settings);
  clearTimeout(settingsTimer);
  // Sliders fire many input events: one complete update goes out once they settle. The mode shows at once.
  settingsTimer = setTimeout(() => client.applySettings(settings), 250);
  client.settings = { ...client.settings, mode: settings.mode };
  scheduleRender();
}

// Push-to-talk: pointer (mouse, touch, pen) and keyboard (Space / Enter on the focused button).
const talk = $('talk');
let talkHeld = false;
function talkDown() {
  if (talkHeld || talk.disabled) return;
  talkHeld = true;
  talk.classList.add('held');
  talk.textContent = 'Release to send';
  client.pttStart();
}
async function talkUp() {
  if (!talkHeld) return;
  talkHeld = false;
  talk.classList.remove('held');
  talk.textContent = 'Hold to talk';
  await engine?.flushCapture();
  client.pttEnd();
}
talk.addEventListener('pointerdown', (event) => {
  talk.setPointerCapture?.(event.pointerId);
  talkDown();
});
talk.addEventListener('pointerup', talkUp);
talk.addEventListener('pointercancel', talkUp);
talk.addEventListener('lostpointercapture', talkUp);
talk.addEventListener('keydown', (event) => {
  if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
    event.preventDefault();
    talkDown();
  }
});
talk.addEventListener('keyup', (event) => {
  if (event.key === ' ' || event.key === 'Enter') {
    event.preventDefault();
    talkUp();
  }
});
talk.addEventListener('blur', talkUp);
talk.addEventListener('contextmenu', (event) => event.preventDefault());

// Typed messages: Enter sends, Shift+Enter starts a new line.
const message = $('message');
$('message-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (client.sendText(message.value)) message.value = '';
});
message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('message-form').requestSubmit();
  }
});

$('clear').addEventListener('click', () => {
  client.conversation.clear();
  conversationView.reset();
  noticesView.clear();
  scheduleRender();
});
$('log-clear').addEventListener('click', () => {
  client.log.clear();
  logView.reset();
  scheduleRender();
});
$('log').addEventListener('toggle', () => { logView.version = -1; scheduleRender(); });

// ---- rendering ----

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  (document.hidden ? setTimeout : requestAnimationFrame)(() => {
    renderQueued = false;
    render();
  });
}

const CONNECTION_WORDS = { connecting: 'Connecting.', reconnecting: 'Reconnecting.', closed: 'Disconnected.', idle: 'Conversation ended.' };
let announcedConnection = 'idle';

function render() {
  const status = client.status();
  const statusNode = $('status');
  if (statusNode.dataset.state !== status.key) {
    statusNode.dataset.state = status.key;
    statusNode.textContent = status.label;
  }
  // The status pill changes with every turn; screen readers hear only connection changes (and transcripts).
  const connectionNow = client.connection === 'open' ? (client.sessionReady ? 'ready' : 'open') : client.connection;
  if (connectionNow !== announcedConnection && connectionNow !== 'open') {
    announcedConnection = connectionNow;
    conversationView.say(connectionNow === 'ready'
      ? `Connected. ${client.settings.mode === 'ptt' ? 'Hold Talk to speak.' : 'Listening.'}` : CONNECTION_WORDS[connectionNow]);
  }
  const running = !!(engine || connection);
  const start = $('start');
  start.textContent = running ? 'End conversation' : 'Start conversation';
  start.classList.toggle('primary', !running);
  const ready = client.sessionReady;
  $('mute').disabled = !(ready && client.micOn);
  $('interrupt').disabled = !client.canInterrupt();
  const ptt = client.settings.mode === 'ptt';
  talk.hidden = !ptt;
  $('talk-help').hidden = !ptt;
  talk.disabled = !(ready && client.micOn);
  $('vad-settings').disabled = ptt;
  message.disabled = !ready;
  $('send').disabled = !ready;
  $('voice-help').textContent = client.voiceLocked
    ? 'The assistant has spoken, so the voice is fixed for this conversation; a new choice applies to the next one.'
    : 'The voice can only change before the assistant first speaks.';
  const session = client.session;
  if (session) {
    const instructions = session.instructions;
    $('instructions').textContent = instructions === '(set by the relay operator)'
      ? 'Set by the relay\'s operator (hidden from this page, not editable).'
      : instructions ? instructions : 'None set by the relay\'s operator.';
    const td = session.turnDetection;
    const parts = [];
    if (session.voice) parts.push(`voice ${session.voice}`);
    parts.push(td ? `speech detection ${td.type}${td.threshold !== undefined ? ` ${td.threshold}, ${td.prefix_padding_ms} ms, ${td.silence_duration_ms} ms` : ''}` : 'push to talk');
    parts.push(session.transcription ? `transcription ${session.transcription}` : 'no transcription');
    $('effective').textContent = `This session: ${parts.join(' · ')}.`;
  }
  const turns = client.latency.turns;
  $('latency-last').textContent = turns.length ? `${turns[turns.length - 1].ms} ms` : '–';
  const median = client.latency.median();
  $('latency-median').textContent = median === null ? '–' : `${median} ms`;
  conversationView.render(client.conversation);
  logView.render(client.log);
}

// ---- a read-only hook for the browser tests (and the curious) ----

window.__relayTest = {
  snapshot: () => ({
    ...client.snapshot(),
    contextRate: testState.contextRate ?? null,
    contextState: engine?.context?.state ?? null,
    socketUrl: testState.socketUrl ?? null,
    micOn: client.micOn,
    notices: testState.notices.map((x) => ({ ...x })),
    closes: (testState.closes || []).map((x) => ({ ...x })),
  }),
};

scheduleRender();
