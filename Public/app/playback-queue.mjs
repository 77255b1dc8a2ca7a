// The assistant's audio between the network and the speaker: a FIFO of PCM16 chunks tagged with their item,
// a small start-up buffer, a memory bound, and a count of the samples actually played per item (what
// `conversation.item.truncate` needs). DOM-free: the playback AudioWorklet runs it; Node tests it.

import { REALTIME_RATE } from './pcm.mjs';

const MAX_TRACKED_ITEMS = 64;

export class PlaybackQueue {
  /**
   * @param prebufferSamples audio to hold before starting (and after running dry mid-item), so network
   *   jitter does not make playback choppy; a finished item plays out without waiting.
   * @param maxBufferedSamples the memory bound: chunks beyond it are dropped (and counted), never queued.
   */
  constructor({ prebufferSamples = REALTIME_RATE / 10, maxBufferedSamples = REALTIME_RATE * 180 } = {}) {
    this.prebufferSamples = prebufferSamples;
    this.maxBufferedSamples = maxBufferedSamples;
    this.chunks = [];           // {item, samples: Int16Array, offset}
    this.buffered = 0;
    this.state = 'idle';        // idle | buffering | playing
    this.playedByItem = new Map();
    this.doneItems = new Set();
    this.currentItem = null;    // the item whose samples were played last
    this.droppedSamples = 0;
    this.underruns = 0;
  }

  /** Queues `samples` (Int16Array) of `item`; false when over the memory bound (dropped). */
  push(item, samples) {
    if (!samples.length) return true;
    if (this.buffered + samples.length > this.maxBufferedSamples) {
      this.droppedSamples += samples.length;
      return false;
    }
    this.chunks.push({ item, samples, offset: 0 });
    this.buffered += samples.length;
    if (!this.playedByItem.has(item)) this.track(item);
    if (this.state === 'idle') this.state = 'buffering';
    return true;
  }

  /** No more audio will come for `item`: its tail plays without waiting for the start-up buffer. */
  markDone(item) {
    this.doneItems.add(item);
    if (this.doneItems.size > MAX_TRACKED_ITEMS) this.doneItems.delete(this.doneItems.values().next().value);
  }

  /** True when everything queued belongs to finished items (nothing more is coming for them). */
  allQueuedDone() {
    return this.chunks.every((chunk) => this.doneItems.has(chunk.item));
  }

  /**
   * Takes up to `count` samples to play now, as Float32 written into `output` from index 0; returns how many
   * were written (0 while idle or buffering). Samples played are counted per item here.
   */
  pull(count, output) {
    if (this.state === 'buffering') {
      if (this.buffered >= this.prebufferSamples || (this.buffered > 0 && this.allQueuedDone())) {
        this.state = 'playing';
      } else {
        return 0;
      }
    }
    if (this.state !== 'playing') return 0;
    let written = 0;
    while (written < count && this.chunks.length) {
      const chunk = this.chunks[0];
      const take = Math.min(count - written, chunk.samples.length - chunk.offset);
      for (let i = 0; i < take; i++) output[written + i] = chunk.samples[chunk.offset + i] / 32768;
      chunk.offset += take;
      written += take;
      this.buffered -= take;
      this.playedByItem.set(chunk.item, (this.playedByItem.get(chunk.item) || 0) + take);
      this.currentItem = chunk.item;
      if (chunk.offset === chunk.samples.length) this.chunks.shift();
    }
    if (!this.chunks.length) {
      if (this.currentItem !== null && this.doneItems.has(this.currentItem)) {
        this.state = 'idle';
      } else {
        this.state = 'buffering';
        if (written < count) this.underruns += 1;
      }
    }
    return written;
  }

  /** Samples of `item` played so far. */
  played(item) { return this.playedByItem.get(item) || 0; }

  /**
   * Barge-in: drops everything queued at once and reports, per item that still had audio queued or was
   * playing, how much of it was played and how much was thrown away.
   */
  clear() {
    const report = new Map();
    if (this.currentItem !== null && this.state !== 'idle') {
      report.set(this.currentItem, { item: this.currentItem, played: this.played(this.currentItem), discarded: 0 });
    }
    for (const chunk of this.chunks) {
      const entry = report.get(chunk.item) || { item: chunk.item, played: this.played(chunk.item), discarded: 0 };
      entry.discarded += chunk.samples.length - chunk.offset;
      report.set(chunk.item, entry);
    }
    this.chunks = [];
    this.buffered = 0;
    this.state = 'idle';
    return [...report.values()];
  }

  /** A snapshot for progress messages and the test hook. */
  stats() {
    return {
      state: this.state, buffered: this.buffered, item: this.currentItem,
      played: Object.fromEntries(this.playedByItem), dropped: this.droppedSamples, underruns: this.underruns,
    };
  }

  track(item) {
    this.playedByItem.set(item, 0);
    while (this.playedByItem.size > MAX_TRACKED_ITEMS) {
      this.playedByItem.delete(this.playedByItem.keys().next().value);
    }
  }
}
