// Per-turn latency: from the end of the user's turn (VAD's speech_stopped, push-to-talk release, a typed
// message sent) to the first assistant audio that arrives for it. DOM-free.

export class TurnLatency {
  constructor({ keep = 50 } = {}) {
    this.keep = keep;
    this.pending = null;   // {t, cause}
    this.turns = [];       // {itemId, ms, cause}
  }

  /** The user's turn ended at `t` (ms): the next first audio closes the measurement. */
  turnEnded(t, cause) { this.pending = { t, cause }; }

  /** The user started talking again: the measurement in progress (if any) is void. */
  turnStarted() { this.pending = null; }

  /** First audio of `itemId` arrived at `t`: returns the latency in ms, or null when nothing was pending. */
  firstAudio(itemId, t) {
    if (!this.pending) return null;
    const ms = Math.max(0, Math.round(t - this.pending.t));
    this.turns.push({ itemId, ms, cause: this.pending.cause });
    if (this.turns.length > this.keep) this.turns.shift();
    this.pending = null;
    return ms;
  }

  /** The median of the turns measured, or null. */
  median() {
    if (!this.turns.length) return null;
    const sorted = this.turns.map((turn) => turn.ms).sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
  }
}
