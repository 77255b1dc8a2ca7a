// The input level meter and the output waveform, drawn on animation frames while audio runs.

export class Meters {
  constructor({ meter, canvas }) {
    this.meter = meter;
    this.canvas = canvas;
    this.running = false;
  }

  /** Draws until `source()` returns null: source() -> {engine, muted} | null. */
  start(source) {
    if (this.running) return;
    this.running = true;
    this.frames = 0;
    const frame = () => {
      const current = source();
      if (!current) {
        this.running = false;
        this.meter.value = 0;
        this.canvas.getContext('2d').clearRect(0, 0, this.canvas.width, this.canvas.height);
        return;
      }
      this.draw(current.engine, current.muted);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  draw(engine, muted) {
    // The colour follows light/dark changes; reading styles every frame would cost more than it is worth.
    if (this.frames++ % 60 === 0) this.color = getComputedStyle(this.canvas).getPropertyValue('--wave').trim() || '#0b57d0';
    const level = muted ? 0 : Math.min(1, engine.inputLevel() * 4);
    this.meter.value = level;
    this.meter.textContent = `${Math.round(level * 100)}%`;
    const wave = engine.outputWaveform();
    const g = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    g.clearRect(0, 0, width, height);
    if (!wave) return;
    g.strokeStyle = this.color;
    g.lineWidth = 2;
    g.beginPath();
    for (let x = 0; x < width; x++) {
      const y = height / 2 - wave[Math.floor((x / width) * wave.length)] * (height / 2) * 0.95;
      if (x === 0) g.moveTo(x, y); else g.lineTo(x, y);
    }
    g.stroke();
  }
}
