// @ts-check
/**
 * AudioWorklet processor for tab audio (lib/analysis/tab-audio.ts): mixes its input to mono and
 * posts it to the offscreen document in batches of at least 4096 samples, each with the audio
 * context time of its first sample and the wall-clock time (Date.now(), ms) at which its last
 * block was processed. It runs on the audio thread, so batches keep their times however late
 * the busy offscreen thread reads them. Plain JS: worklet modules are loaded by URL, not
 * bundled.
 */
/* global AudioWorkletProcessor, registerProcessor, currentTime, sampleRate */

const BATCH = 4096;

class AudioTap extends AudioWorkletProcessor {
  constructor() {
    super();
    /** @type {Float32Array[]} */
    this.parts = [];
    this.length = 0;
    this.startTime = 0;
  }

  /** @param {Float32Array[][]} inputs */
  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const first = channels[0];
    if (!first) return true;
    const mono = new Float32Array(first.length);
    for (const channel of channels) {
      for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / channels.length;
    }
    if (this.length === 0) this.startTime = currentTime;
    this.parts.push(mono);
    this.length += mono.length;
    if (this.length >= BATCH) {
      const samples = new Float32Array(this.length);
      let offset = 0;
      for (const part of this.parts) {
        samples.set(part, offset);
        offset += part.length;
      }
      this.port.postMessage(
        { startTime: this.startTime, wallMs: Date.now(), sampleRate, samples },
        [samples.buffer],
      );
      this.parts = [];
      this.length = 0;
    }
    return true;
  }
}

registerProcessor('telltale-audio-tap', AudioTap);
