// Reconnect delays: exponential with jitter, a cap and a limit on attempts. DOM-free.

export class Backoff {
  constructor({ baseMs = 1000, maxMs = 16000, attempts = 6, jitter = 0.2, random = Math.random } = {}) {
    Object.assign(this, { baseMs, maxMs, attempts, jitter, random });
    this.attempt = 0;
  }

  /** The delay before the next attempt, or null when the attempts are used up. */
  next() {
    if (this.attempt >= this.attempts) return null;
    const plain = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt += 1;
    const spread = plain * this.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(plain + spread));
  }

  reset() { this.attempt = 0; }
}
