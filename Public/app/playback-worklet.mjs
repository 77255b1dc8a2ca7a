// AudioWorklet processor "pcm-playback": the assistant's 24 kHz PCM16 through a PlaybackQueue (start-up
// buffer, memory bound, samples played per item) and a resampler to the device's rate. Messages in:
// {type:"push", item, pcm: Int16Array} | {type:"done", item} | {type:"clear", id}. Out: {type:"progress"}
// about every 50 ms while something changes, {type:"cleared", id, report} right after a clear (barge-in).
// Samples are counted as they are handed to the audio output, so the count does not depend on a sound device.

import { PlaybackQueue } from './playback-queue.mjs';
import { REALTIME_RATE } from './pcm.mjs';
import { Resampler } from './resampler.mjs';

class PcmPlayback extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options?.processorOptions || {};
    this.queue = new PlaybackQueue({ prebufferSamples: o.prebufferSamples, maxBufferedSamples: o.maxBufferedSamples });
    this.resampler = new Resampler(REALTIME_RATE, sampleRate);
    this.pulled = new Float32Array(512);
    this.fifo = new Float32Array(8192);   // device-rate samples ready to output
    this.fifoLength = 0;
    this.totalPlayed = 0;
    this.sinceReport = 0;
    this.reportEvery = Math.round(sampleRate / 20);
    this.lastState = 'idle';
    this.port.onmessage = (message) => this.received(message.data || {});
  }

  received(data) {
    switch (data.type) {
      case 'push': this.queue.push(data.item, data.pcm); break;
      case 'done': this.queue.markDone(data.item); break;
      case 'clear': {
        const report = this.queue.clear();
        this.fifoLength = 0;
        this.resampler.reset();
        this.port.postMessage({ type: 'cleared', id: data.id, report });
        this.report();
        break;
      }
      default: break;
    }
  }

  report() {
    const stats = this.queue.stats();
    this.port.postMessage({ type: 'progress', state: stats.state, item: stats.item, buffered: stats.buffered,
                            played: stats.played, totalPlayed: this.totalPlayed, dropped: stats.dropped,
                            underruns: stats.underruns });
    this.sinceReport = 0;
    this.lastState = stats.state;
  }

  process(_inputs, outputs) {
    const output = outputs[0];
    const out = output[0];
    const frames = out.length;
    // Fill the FIFO with resampled audio until it covers this render quantum (or the queue has nothing).
    while (this.fifoLength < frames) {
      const want = Math.min(this.pulled.length,
                            Math.max(16, Math.ceil(((frames - this.fifoLength) * REALTIME_RATE) / sampleRate) + 4));
      const got = this.queue.pull(want, this.pulled);
      if (got === 0) {
        if (this.queue.state === 'idle' && this.fifoLength === 0) break;
        // Ran dry (or the item ended): push the resampler's tail out with zeros, once.
        if (this.lastFlush) break;
        this.lastFlush = true;
        this.appendFifo(this.resampler.flush());
        break;
      }
      this.lastFlush = false;
      this.totalPlayed += got;
      this.appendFifo(this.resampler.process(this.pulled.subarray(0, got)));
    }
    const n = Math.min(frames, this.fifoLength);
    out.set(this.fifo.subarray(0, n));
    out.fill(0, n);
    this.fifo.copyWithin(0, n, this.fifoLength);
    this.fifoLength -= n;
    for (let c = 1; c < output.length; c++) output[c].set(out);
    this.sinceReport += frames;
    const state = this.queue.state;
    if (state !== this.lastState || (state !== 'idle' && this.sinceReport >= this.reportEvery)) this.report();
    return true;
  }

  appendFifo(samples) {
    if (this.fifoLength + samples.length > this.fifo.length) {
      const grown = new Float32Array((this.fifoLength + samples.length) * 2);
      grown.set(this.fifo.subarray(0, this.fifoLength));
      this.fifo = grown;
    }
    this.fifo.set(samples, this.fifoLength);
    this.fifoLength += samples.length;
  }
}

registerProcessor('pcm-playback', PcmPlayback);
