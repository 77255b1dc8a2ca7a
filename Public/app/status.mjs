// The one-line state of the page (connecting, listening, you are speaking, assistant speaking, ...). DOM-free.

/** {key, label} from the client's state; `key` is also a CSS class and a test hook value. */
export function statusOf(s) {
  switch (s.connection) {
    case 'idle': return { key: 'idle', label: 'Not connected' };
    case 'connecting': return { key: 'connecting', label: 'Connecting…' };
    case 'reconnecting': return { key: 'reconnecting', label: 'Reconnecting…' };
    case 'closed': return { key: 'closed', label: 'Disconnected' };
    default: break;
  }
  if (!s.sessionReady) return { key: 'connecting', label: 'Starting the session…' };
  if (s.userSpeaking || s.pttHeld) return { key: 'user-speaking', label: 'You are speaking' };
  if (s.assistantPlaying) return { key: 'assistant-speaking', label: 'Assistant speaking' };
  if (s.responseActive) return { key: 'thinking', label: 'Assistant thinking…' };
  if (!s.micOn) return { key: 'text-only', label: 'Connected (no microphone: type below)' };
  if (s.mode === 'ptt') return { key: 'ready-ptt', label: 'Hold “Talk” to speak' };
  if (s.muted) return { key: 'muted', label: 'Microphone muted' };
  return { key: 'listening', label: 'Listening' };
}
