// The Settings form: settings kept in localStorage, the access token in sessionStorage (this tab only).

import { DEFAULT_SETTINGS, VOICES, normalizeSettings } from './session-config.mjs';

const SETTINGS_KEY = 'realtime-relay.page.settings';
const TOKEN_KEY = 'realtime-relay.page.token';

export function loadSettings() {
  try {
    return normalizeSettings({ ...DEFAULT_SETTINGS, ...JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}') });
  } catch {
    return normalizeSettings(DEFAULT_SETTINGS);
  }
}

export function saveSettings(settings) {
  try { localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)); } catch { /* private mode */ }
}

export function loadToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

export function saveToken(token) {
  try { sessionStorage.setItem(TOKEN_KEY, token.trim()); } catch { /* private mode */ }
}

/** The form's fields, filled from `settings`; the voice list comes from VOICES. */
export class SettingsForm {
  constructor(form) {
    this.form = form;
    for (const voice of VOICES) form.voice.append(new Option(voice, voice));
  }

  get modeRadios() { return document.querySelectorAll('input[name="mode"]'); }

  show(settings) {
    const f = this.form;
    f.voice.value = settings.voice;
    f.threshold.value = settings.threshold;
    document.getElementById('threshold-value').textContent = settings.threshold;
    f.prefixPaddingMs.value = settings.prefixPaddingMs;
    f.silenceDurationMs.value = settings.silenceDurationMs;
    f.noiseReduction.value = settings.noiseReduction;
    f.transcriptionModel.value = settings.transcriptionModel;
    for (const radio of this.modeRadios) radio.checked = radio.value === settings.mode;
    f.accessToken.value = loadToken();
  }

  read() {
    const f = this.form;
    return normalizeSettings({
      mode: document.querySelector('input[name="mode"]:checked')?.value,
      voice: f.voice.value,
      threshold: f.threshold.value,
      prefixPaddingMs: f.prefixPaddingMs.value,
      silenceDurationMs: f.silenceDurationMs.value,
      noiseReduction: f.noiseReduction.value,
      transcriptionModel: f.transcriptionModel.value,
    });
  }
}
