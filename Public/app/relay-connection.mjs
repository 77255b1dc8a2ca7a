// The WebSocket to the relay's /realtime on this page's origin (wss: under https), with reconnection:
// a dropped connection is retried with backoff, and each new socket is a new session. DOM-free apart from
// the WebSocket constructor and timers, which tests replace.

import { Backoff } from './backoff.mjs';
import { describeClose } from './messages.mjs';

/** ws(s)://host/realtime for the page at `pageUrl`, keeping `model` / `deployment` from the page's query. */
export function relayUrl(pageUrl) {
  const page = new URL(pageUrl);
  const url = new URL('/realtime', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const name of ['model', 'deployment']) {
    const value = page.searchParams.get(name);
    if (value) url.searchParams.set(name, value);
  }
  return url.href;
}

/** Subprotocols: `realtime`, plus `relay-token.T` when the relay wants an access token (never in the URL). */
export function relayProtocols(accessToken) {
  const token = (accessToken || '').trim();
  return token && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(token) ? ['realtime', `relay-token.${token}`] : ['realtime'];
}

export class RelayConnection {
  /**
   * Callbacks: onOpen({reconnected}), onEvent(object), onClose({code, reason, wasOpen, described, retryInMs,
   * attempt, attempts}), onConnecting({reconnecting}). `lastErrorCode()` names the error event the relay
   * sent before closing, if any (it explains refusals that way).
   */
  constructor({ url, protocols = ['realtime'], WebSocketImpl = globalThis.WebSocket, timers = globalThis,
                backoff = new Backoff(), onOpen, onEvent, onClose, onConnecting, lastErrorCode = () => null }) {
    Object.assign(this, { url, protocols, WebSocketImpl, timers, backoff, onOpen, onEvent, onClose, onConnecting,
                          lastErrorCode });
    this.socket = null;
    this.retryTimer = null;
    this.stopped = true;
    this.everOpened = false;
  }

  get open() { return this.socket?.readyState === 1; }

  get backlog() { return this.socket?.bufferedAmount || 0; }

  connect() {
    this.stopped = false;
    this.backoff.reset();
    this.reconnecting = false;
    this.attemptConnect();
  }

  attemptConnect() {
    this.retryTimer = null;
    this.onConnecting?.({ reconnecting: this.reconnecting });
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url, this.protocols);
    } catch (error) {
      this.socket = null;
      this.handleClose({ code: 1006, reason: String(error?.message || error) }, false);
      return;
    }
    this.socket = socket;
    let wasOpen = false;
    socket.onopen = () => {
      wasOpen = true;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.onOpen?.({ reconnected });
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      // A session that really started resets the backoff (a relay that accepts and refuses at once does not).
      if (event?.type === 'session.created') this.backoff.reset();
      this.onEvent?.(event);
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handleClose({ code: close.code, reason: close.reason || '' }, wasOpen);
    };
  }

  handleClose({ code, reason }, wasOpen) {
    const described = describeClose({ code, reason, wasOpen, errorCode: this.lastErrorCode(),
                                      reconnecting: this.reconnecting });
    let retryInMs = null;
    if (!this.stopped && described.reconnect) {
      retryInMs = this.backoff.next();
      if (retryInMs !== null) {
        this.reconnecting = true;
        this.retryTimer = this.timers.setTimeout(() => this.attemptConnect(), retryInMs);
      }
    }
    if (retryInMs === null) this.stopped = true;
    this.onClose?.({ code, reason, wasOpen, described, retryInMs, attempt: this.backoff.attempt,
                     attempts: this.backoff.attempts });
  }

  send(event) {
    if (!this.open) return false;
    this.socket.send(JSON.stringify(event));
    return true;
  }

  /** The user ended the conversation: close normally and do not come back. */
  close() {
    this.stopped = true;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= 1) socket.close(1000, 'user ended the conversation');
  }
}
