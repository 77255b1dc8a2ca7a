// The page's settings and the `session.update` events they become. VAD settings always go as a complete
// object (a partial one lets unspecified values fall back to defaults). GA shape by default; the preview
// shape only when `session.created` shows a preview upstream. Instructions are never sent: the operator
// sets them on the relay. DOM-free.

export const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

export const DEFAULT_SETTINGS = Object.freeze({
  mode: 'vad',                 // 'vad' (server voice activity detection) | 'ptt' (push to talk)
  voice: '',                   // '' = the relay's (or Azure's) default
  threshold: 0.5,              // 0..1
  prefixPaddingMs: 300,
  silenceDurationMs: 500,
  transcriptionModel: 'whisper-1',  // on Azure: a transcription deployment's name; '' = leave as configured
  noiseReduction: '',          // '' = as configured | 'off' | 'near_field' | 'far_field'
});

const clamp = (value, low, high, fallback) => {
  const number = Number(value);
  if (!Number.isFinite(number)) return fallback;
  return Math.min(high, Math.max(low, number));
};

/** Settings with every value in range and of the right type (from a form or localStorage). */
export function normalizeSettings(raw = {}) {
  const d = DEFAULT_SETTINGS;
  const model = typeof raw.transcriptionModel === 'string' ? raw.transcriptionModel.trim() : d.transcriptionModel;
  return {
    mode: raw.mode === 'ptt' ? 'ptt' : 'vad',
    voice: typeof raw.voice === 'string' && /^[a-z0-9_-]{0,40}$/i.test(raw.voice) ? raw.voice : d.voice,
    threshold: Math.round(clamp(raw.threshold, 0, 1, d.threshold) * 100) / 100,
    prefixPaddingMs: Math.round(clamp(raw.prefixPaddingMs, 0, 2000, d.prefixPaddingMs)),
    silenceDurationMs: Math.round(clamp(raw.silenceDurationMs, 100, 5000, d.silenceDurationMs)),
    transcriptionModel: /^[\w.:-]{0,64}$/.test(model) ? model : d.transcriptionModel,
    noiseReduction: ['off', 'near_field', 'far_field'].includes(raw.noiseReduction) ? raw.noiseReduction : '',
  };
}

/** 'ga' or 'preview', from the `session` of `session.created`: GA sessions have `type` and `audio`. */
export function dialectOf(session) {
  if (!session || typeof session !== 'object') return 'ga';
  if (session.type === 'realtime' || session.type === 'transcription' || session.audio) return 'ga';
  if ('modalities' in session || 'turn_detection' in session || 'voice' in session
      || 'input_audio_format' in session) return 'preview';
  return 'ga';
}

/** The complete server-VAD object, or null for push-to-talk. */
export function turnDetection(settings) {
  if (settings.mode === 'ptt') return null;
  return {
    type: 'server_vad',
    threshold: settings.threshold,
    prefix_padding_ms: settings.prefixPaddingMs,
    silence_duration_ms: settings.silenceDurationMs,
    create_response: true,
    interrupt_response: true,
  };
}

/**
 * The main `session.update`: turn detection always; the voice only while it may still change (Azure refuses
 * a new voice once the assistant has spoken: `cannot_update_voice`); noise reduction when chosen.
 */
export function sessionUpdate(settings, { dialect = 'ga', voiceLocked = false } = {}) {
  const s = normalizeSettings(settings);
  const voice = s.voice && !voiceLocked ? s.voice : null;
  const noise = s.noiseReduction === '' ? undefined : s.noiseReduction === 'off' ? null : { type: s.noiseReduction };
  if (dialect === 'preview') {
    const session = { turn_detection: turnDetection(s) };
    if (voice) session.voice = voice;
    if (noise !== undefined) session.input_audio_noise_reduction = noise;
    return { type: 'session.update', session };
  }
  const input = { turn_detection: turnDetection(s) };
  if (noise !== undefined) input.noise_reduction = noise;
  const audio = { input };
  if (voice) audio.output = { voice };
  return { type: 'session.update', session: { type: 'realtime', audio } };
}

/**
 * Input transcription in an update of its own, so a model name the upstream refuses (on Azure it must name
 * a transcription deployment) fails alone and leaves turn detection and voice applied. Null when not asked.
 */
export function transcriptionUpdate(settings, { dialect = 'ga' } = {}) {
  const s = normalizeSettings(settings);
  if (!s.transcriptionModel) return null;
  const transcription = { model: s.transcriptionModel };
  if (dialect === 'preview') return { type: 'session.update', session: { input_audio_transcription: transcription } };
  return { type: 'session.update', session: { type: 'realtime', audio: { input: { transcription } } } };
}

/** What the effective session says, for display: voice, turn detection, transcription, instructions. */
export function describeSession(session) {
  if (!session) return null;
  const ga = dialectOf(session) === 'ga';
  const input = ga ? session.audio?.input ?? {} : {};
  const detection = ga ? input.turn_detection : session.turn_detection;
  const transcription = ga ? input.transcription : session.input_audio_transcription;
  return {
    voice: (ga ? session.audio?.output?.voice : session.voice) || null,
    turnDetection: detection ?? null,
    transcription: transcription?.model || null,
    instructions: typeof session.instructions === 'string' ? session.instructions : null,
    expiresAt: Number.isFinite(session.expires_at) ? session.expires_at : null,
  };
}
