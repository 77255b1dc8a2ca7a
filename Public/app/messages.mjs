// Server `error` events and WebSocket closes in plain words, with what the page should do about them.
// Codes come from Azure (README §"The relay" of realtime-relay lists the relay's own). DOM-free.

/** Relay and upstream error codes -> words. `retry`: worth reconnecting after the close that follows. */
const ERROR_TEXT = {
  // The relay's session limits (error event, then close 1013 or 1008).
  relay_full: { text: 'The relay is serving as many conversations as it can right now.', retry: true },
  too_many_sessions: { text: 'Too many conversations are open from your address. Close other tabs using this page and press Start again.', retry: false },
  rate_limited: { text: 'Too many new conversations from your address in the last minute. Wait a minute, then press Start again.', retry: false },
  // The relay could not open Azure (error event, then close 1013 or 1011).
  rate_limit_exceeded: { text: 'Azure OpenAI is rate-limiting this deployment. Try again shortly.', retry: true },
  upstream_unavailable: { text: 'Azure OpenAI is temporarily unavailable.', retry: true },
  upstream_timeout: { text: 'Azure OpenAI did not answer in time.', retry: true },
  upstream_authentication_failed: { text: 'The relay could not sign in to Azure OpenAI: its key or Microsoft Entra ID access was refused. The relay\'s operator needs to fix its credential.', retry: false },
  upstream_deployment_not_found: { text: 'Azure OpenAI does not know the deployment the relay asked for. The relay\'s operator needs to check the deployment name.', retry: false },
  upstream_refused: { text: 'Azure OpenAI refused the relay\'s connection.', retry: false },
  upstream_credential_unavailable: { text: 'The relay has no Azure credential to connect with. The relay\'s operator needs to configure one.', retry: false },
  upstream_unreachable: { text: 'The relay cannot reach Azure OpenAI (network, DNS or TLS problem on the relay\'s side).', retry: true },
  // Refusals of single events (the session stays open).
  client_event_not_allowed: { text: 'The relay does not allow this page to send that kind of event (operator policy).' },
  duplicate_type: { text: 'The relay refused an event with two "type" fields.' },
  conversation_already_has_active_response: { text: 'The assistant is still answering. Wait for it to finish, or press "Stop speaking".' },
  cannot_update_voice: { text: 'The voice cannot change once the assistant has spoken in this conversation. The new voice applies to your next conversation.' },
  input_audio_buffer_commit_empty: { text: 'That was too short to send: hold the talk button for at least a tenth of a second while speaking.' },
  session_expired: { text: 'The conversation reached Azure\'s maximum length.' },
  unknown_parameter: { text: 'The model service did not accept one of the page\'s settings.' },
  unsupported_content_type: { text: 'Nothing to cut: the assistant had not spoken yet.' },
};

/** Errors nobody needs to see (the page raced the server; nothing was lost). */
const QUIET_ERRORS = new Set(['response_cancel_not_active']);

/**
 * An `error` event's `error` object in words: {text, quiet, code, retry}. The server's own message is kept
 * for codes the page does not know, since Azure's messages are readable.
 */
export function describeError(error = {}) {
  const code = error.code || null;
  const known = code && ERROR_TEXT[code];
  if (code && QUIET_ERRORS.has(code)) return { code, text: error.message || code, quiet: true, retry: false };
  if (code === 'client_event_not_allowed') {
    const what = /'([^']+)'/.exec(error.message || '');
    return { code, quiet: false, retry: false,
             text: `The relay does not allow this page to send ${what ? `"${what[1]}" events` : 'that kind of event'} (operator policy).` };
  }
  if (known) return { code, text: known.text, quiet: false, retry: known.retry ?? false };
  const message = error.message || 'The server reported an error.';
  return { code, text: message, quiet: false, retry: false };
}

/** Whether an error code ends the session (the relay closes right after it). */
export const isSessionEnding = (code) => code in ERROR_TEXT && 'retry' in ERROR_TEXT[code];

/**
 * A WebSocket close in words, and whether to reconnect by ourselves.
 * @param code, reason the close event's; `wasOpen`: the socket had opened; `errorCode`: the code of the last
 *   error event before the close (the relay explains itself that way); `reconnecting`: this was a retry.
 */
export function describeClose({ code, reason = '', wasOpen, errorCode = null, reconnecting = false }) {
  if (!wasOpen) {
    if (reconnecting) return { text: 'The relay cannot be reached yet.', reconnect: true };
    // A refused upgrade (403 origin, 401 access token, 503 at a proxy) looks like any failed connection
    // to a browser: the HTTP status is hidden from pages.
    return { text: 'The relay refused the connection (origin, access token or capacity), or could not be reached.',
             reconnect: false };
  }
  if (errorCode && ERROR_TEXT[errorCode] && 'retry' in ERROR_TEXT[errorCode]) {
    return { text: ERROR_TEXT[errorCode].text, reconnect: ERROR_TEXT[errorCode].retry };
  }
  const why = reason ? ` (${reason})` : '';
  switch (code) {
    case 1000:
      if (/time limit/i.test(reason)) return { text: 'The conversation reached its time limit. Press Start for a new one.', reconnect: false };
      if (/idle/i.test(reason)) return { text: `The conversation was closed after a long silence${why}. Press Start for a new one.`, reconnect: false };
      if (/expired/i.test(reason)) return { text: 'The conversation reached Azure\'s maximum length. Press Start for a new one.', reconnect: false };
      return { text: `The conversation ended${why}.`, reconnect: false };
    case 1001: return { text: 'The relay is restarting or shutting down.', reconnect: true };
    case 1005: return { text: 'The connection closed without a reason.', reconnect: true };
    case 1006: return { text: 'The connection dropped (network, proxy timeout or relay restart).', reconnect: true };
    case 1008: return { text: `The relay ended the conversation for a policy reason${why}.`, reconnect: false };
    case 1009: return { text: 'A message was too large for the relay.', reconnect: false };
    case 1011: return { text: `The relay hit an error${why}.`, reconnect: true };
    case 1012: return { text: 'The relay is restarting.', reconnect: true };
    case 1013: return { text: `The relay asked to try again later${why}.`, reconnect: true };
    case 1014: return { text: 'The relay got a bad answer from Azure OpenAI.', reconnect: true };
    default: return { text: `The connection closed (code ${code}${reason ? `, ${reason}` : ''}).`, reconnect: false };
  }
}
