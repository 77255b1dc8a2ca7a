// Web Audio for the page: one AudioContext at the device's own rate (never forced to 24 kHz: Firefox cannot
// connect a microphone to a context at another rate), the capture and playback worklets, and analysers for
// the input level meter and the output waveform. Created from a click, so Safari and iOS let it run.

const here = (name) => new URL(name, import.meta.url).href;

export class AudioEngine {
  constructor({ onChunk, onProgress }) {
    this.onChunk = onChunk;          // (Int16Array) => void: ~100 ms of 24 kHz microphone audio
    this.onProgress = onProgress;    // (progress) => void: the playback worklet's reports
    this.context = null;
    this.stream = null;
    this.flushWaiters = new Map();
    this.clearWaiters = new Map();
    this.nextId = 1;
  }

  /** Why this browser cannot capture or play, or null. */
  static unsupported() {
    if (!window.isSecureContext) return 'The microphone needs a secure page: open it over HTTPS (or on localhost).';
    if (typeof AudioWorkletNode === 'undefined') return 'This browser has no AudioWorklet support; use a current Chrome, Edge, Firefox or Safari.';
    return null;
  }

  /**
   * Must be called synchronously from a user gesture: the context is created and resumed before any await.
   * Then loads the worklets and, when `microphone`, asks for the microphone (which may be refused: the
   * returned `micError` says why, and playback still works for typed messages).
   */
  async start({ microphone = true } = {}) {
    const context = new AudioContext({ latencyHint: 'interactive' });
    this.context = context;
    const resumed = context.resume();
    // Asked for within the gesture too (Safari); wired up once the worklets are loaded.
    const streamPromise = microphone ? this.requestMicrophone() : null;
    streamPromise?.catch(() => {});
    await Promise.all([resumed,
                       context.audioWorklet.addModule(here('capture-worklet.mjs')),
                       context.audioWorklet.addModule(here('playback-worklet.mjs'))]);
    this.playbackNode = new AudioWorkletNode(context, 'pcm-playback', { numberOfInputs: 0, outputChannelCount: [1] });
    this.playbackNode.port.onmessage = (message) => this.fromPlayback(message.data);
    this.outputAnalyser = context.createAnalyser();
    this.outputAnalyser.fftSize = 1024;
    this.playbackNode.connect(this.outputAnalyser);
    this.outputAnalyser.connect(context.destination);
    let micError = null;
    if (streamPromise) {
      try {
        await this.startMicrophone(await streamPromise);
      } catch (error) {
        micError = error;
      }
    }
    return { micError, sampleRate: context.sampleRate };
  }

  requestMicrophone() {
    if (!navigator.mediaDevices?.getUserMedia) return Promise.reject(new Error('This browser cannot access a microphone here.'));
    return navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  }

  async startMicrophone(stream) {
    this.stream = stream;
    if (!this.context) { for (const track of stream.getTracks()) track.stop(); return; }
    const context = this.context;
    this.source = context.createMediaStreamSource(this.stream);
    this.captureNode = new AudioWorkletNode(context, 'pcm-capture', { numberOfOutputs: 1, outputChannelCount: [1],
                                                                      channelCount: 1, channelCountMode: 'explicit' });
    this.captureNode.port.onmessage = (message) => this.fromCapture(message.data);
    this.inputAnalyser = context.createAnalyser();
    this.inputAnalyser.fftSize = 1024;
    this.source.connect(this.inputAnalyser);
    this.source.connect(this.captureNode);
    // Some browsers only run nodes that lead to the destination: a silent path keeps capture alive.
    this.silence = context.createGain();
    this.silence.gain.value = 0;
    this.captureNode.connect(this.silence).connect(context.destination);
    const track = this.stream.getAudioTracks()[0];
    track.addEventListener('ended', () => this.onMicrophoneEnded?.());
  }

  get hasMicrophone() { return !!this.stream; }

  setMuted(muted) {
    for (const track of this.stream?.getAudioTracks() || []) track.enabled = !muted;
  }

  fromCapture(data) {
    if (data?.type === 'chunk') this.onChunk(data.pcm);
    else if (data?.type === 'flushed') {
      this.flushWaiters.get(data.id)?.();
      this.flushWaiters.delete(data.id);
    }
  }

  fromPlayback(data) {
    if (data?.type === 'progress') this.onProgress(data);
    else if (data?.type === 'cleared') {
      this.clearWaiters.get(data.id)?.(data.report);
      this.clearWaiters.delete(data.id);
    }
  }

  /** Resolves once the capture worklet posted its partial chunk (push-to-talk release). */
  flushCapture() {
    if (!this.captureNode) return Promise.resolve();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.flushWaiters.set(id, resolve);
      this.captureNode.port.postMessage({ type: 'flush', id });
      setTimeout(() => { if (this.flushWaiters.delete(id)) resolve(); }, 500);
    });
  }

  // The playback interface RealtimeClient expects.
  push(item, samples) { this.playbackNode?.port.postMessage({ type: 'push', item, pcm: samples }, [samples.buffer]); }

  markDone(item) { this.playbackNode?.port.postMessage({ type: 'done', item }); }

  /** Stops playback at once; resolves to [{item, played, discarded}] as the worklet counted them. */
  clear() {
    if (!this.playbackNode) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.clearWaiters.set(id, resolve);
      this.playbackNode.port.postMessage({ type: 'clear', id });
      setTimeout(() => { if (this.clearWaiters.delete(id)) resolve([]); }, 1000);
    });
  }

  /** Input level (RMS, 0..1) now. */
  inputLevel() {
    if (!this.inputAnalyser) return 0;
    const data = this.levelBuffer ||= new Float32Array(this.inputAnalyser.fftSize);
    this.inputAnalyser.getFloatTimeDomainData(data);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
    return Math.sqrt(sum / data.length);
  }

  /** The output waveform now (Float32Array, reused). */
  outputWaveform() {
    if (!this.outputAnalyser) return null;
    const data = this.waveBuffer ||= new Float32Array(this.outputAnalyser.fftSize);
    this.outputAnalyser.getFloatTimeDomainData(data);
    return data;
  }

  async stop() {
    for (const track of this.stream?.getTracks() || []) track.stop();
    this.stream = null;
    this.captureNode?.port.close();
    this.playbackNode?.port.close();
    this.captureNode = this.playbackNode = this.inputAnalyser = this.outputAnalyser = null;
    const context = this.context;
    this.context = null;
    if (context && context.state !== 'closed') await context.close().catch(() => {});
  }
}
