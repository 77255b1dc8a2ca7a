// AudioWorklet processor "pcm-capture": the microphone at the device's rate -> 24 kHz mono PCM16 in ~100 ms
// chunks, posted to the page (transferred, not copied). A "flush" message posts the partial chunk, then
// "flushed", so push-to-talk commits everything the user said.

import { Resampler } from './resampler.mjs';
import { CHUNK_SAMPLES, Pcm16Chunker, REALTIME_RATE } from './pcm.mjs';

class PcmCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const chunkSamples = options?.processorOptions?.chunkSamples || CHUNK_SAMPLES;
    this.resampler = new Resampler(sampleRate, REALTIME_RATE);  // `sampleRate`: the context's, a worklet global
    this.chunker = new Pcm16Chunker(chunkSamples);
    this.mono = new Float32Array(128);
    this.port.onmessage = (message) => {
      if (message.data?.type === 'flush') {
        const partial = this.chunker.flush();
        if (partial.length) this.post(partial);
        this.port.postMessage({ type: 'flushed', id: message.data.id });
      }
    };
  }

  post(chunk) {
    this.port.postMessage({ type: 'chunk', pcm: chunk }, [chunk.buffer]);
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;  // no input connected yet
    let mono = channels[0];
    if (channels.length > 1) {
      if (this.mono.length !== mono.length) this.mono = new Float32Array(mono.length);
      for (let i = 0; i < mono.length; i++) {
        let sum = 0;
        for (let c = 0; c < channels.length; c++) sum += channels[c][i];
        this.mono[i] = sum / channels.length;
      }
      mono = this.mono;
    }
    for (const chunk of this.chunker.push(this.resampler.process(mono))) this.post(chunk);
    return true;
  }
}

registerProcessor('pcm-capture', PcmCapture);
