/**
 * One video's audio through the loaded models: silero VAD on 512-sample frames (the samples of
 * a chunk that do not fill a frame wait for the next chunk) and HeadAudio visemes. Contiguous
 * chunks continue the same recurrent VAD state and viseme processor; a gap or a seek starts
 * fresh ones. Runs wherever the models are (the audio worker, or this thread as a fallback);
 * the caller feeds chunks one at a time, in order.
 */
import type { SpeechFrame } from '../audio/track-builder';
import { AUDIO_SAMPLE_RATE, type VisemeEvent } from '../audio/types';
import type { AudioChunkResult, AudioModels, VadModel, VisemeModel } from './audio-processor';

/** Samples per VAD frame (silero v5 at 16 kHz). */
const VAD_FRAME = 512;

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export class AudioModelStream {
  private disposed = false;
  private vadStream: unknown = null;
  private vadCarry = new Float32Array(0);
  private vadNext = -1;
  private visemeStream: ReturnType<VisemeModel['createStream']> | null = null;

  constructor(private readonly models: AudioModels) {}

  /** Stops the chunk being processed after its current VAD frame. */
  dispose(): void {
    this.disposed = true;
  }

  /** Runs the models over one chunk starting at media time `startS`. */
  async process(startS: number, pcm: Float32Array): Promise<AudioChunkResult> {
    const started = performance.now();
    const contiguous = Math.abs(startS - this.vadNext) < 1.5 / AUDIO_SAMPLE_RATE;
    const { vad, visemes: visemeModel } = this.models;
    const speech = vad ? await this.runVad(vad, startS, pcm, contiguous) : [];
    let visemes: VisemeEvent[] = [];
    if (visemeModel && !this.disposed) {
      if (!contiguous || !this.visemeStream) this.visemeStream = visemeModel.createStream(startS);
      visemes = this.visemeStream.push(pcm);
    }
    this.vadNext = startS + pcm.length / AUDIO_SAMPLE_RATE;
    return {
      speech,
      visemes,
      costMs: performance.now() - started,
      audioS: pcm.length / AUDIO_SAMPLE_RATE,
    };
  }

  private async runVad(
    vad: VadModel,
    startS: number,
    pcm: Float32Array,
    contiguous: boolean,
  ): Promise<SpeechFrame[]> {
    if (!contiguous || this.vadStream === null) {
      this.vadStream = vad.createStream();
      this.vadCarry = new Float32Array(0);
    }
    const all = concat([this.vadCarry, pcm]);
    const allStart = startS - this.vadCarry.length / AUDIO_SAMPLE_RATE;
    const frames: SpeechFrame[] = [];
    let i = 0;
    for (; i + VAD_FRAME <= all.length && !this.disposed; i += VAD_FRAME) {
      const p = await vad.process(this.vadStream, all.subarray(i, i + VAD_FRAME));
      const start = allStart + i / AUDIO_SAMPLE_RATE;
      frames.push({ start, end: start + VAD_FRAME / AUDIO_SAMPLE_RATE, p });
    }
    this.vadCarry = all.slice(i);
    return frames;
  }
}
