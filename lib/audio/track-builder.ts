/**
 * Accumulates one video's audio into an `AudioTrack`: PCM chunks become envelope hops, the VAD
 * and the viseme detector add their results as they come, and everything older than the window
 * is dropped (the face track keeps a window of the same order).
 */
import { BandFilter } from './band-filter';
import { energyEnvelope, energySpeech } from './envelope';
import {
  AUDIO_HOP_S,
  AUDIO_SAMPLE_RATE,
  type AudioStatus,
  type AudioTrack,
  type VisemeEvent,
} from './types';

/** A VAD decision over [start, end) media seconds. */
export interface SpeechFrame {
  start: number;
  end: number;
  p: number;
}

function joined(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class AudioTrackBuilder {
  private status: AudioStatus = 'unavailable';
  private reason: string | undefined = 'No audio received yet';
  private times: number[] = [];
  private energyDb: number[] = [];
  /** Log energy of the 1-3 kHz band per hop (band-filter.ts). */
  private bandDb: number[] = [];
  private readonly band = new BandFilter();
  private speechFrames: SpeechFrame[] = [];
  private visemes: VisemeEvent[] = [];
  private vadFailed = false;
  /** Samples of the last chunk that did not fill a hop, and the media time they start at. */
  private carry = new Float32Array(0);
  /** The same samples through the band filter. */
  private bandCarry = new Float32Array(0);
  private carryStart = 0;

  constructor(private windowS = 12) {}

  /** Keeps `seconds` of audio from now on (a deep check judges a longer stretch). */
  setWindow(seconds: number): void {
    this.windowS = seconds;
    this.trim();
  }

  /** Seconds of PCM received in the window. */
  get seconds(): number {
    return this.times.length * AUDIO_HOP_S;
  }

  /** The video has no sound, or its sound cannot be read; clears nothing already received. */
  markStatus(status: Exclude<AudioStatus, 'ok'>, reason: string): void {
    if (this.status === 'ok') return;
    this.status = status;
    this.reason = reason;
  }

  /** The learned VAD is unavailable: speech comes from the energy gate instead. */
  markVadFailed(): void {
    this.vadFailed = true;
  }

  /** Adds 16 kHz mono PCM starting at media time `startS`. */
  addPcm(startS: number, samples: Float32Array): void {
    this.status = 'ok';
    this.reason = undefined;
    const expected = this.carryStart + this.carry.length / AUDIO_SAMPLE_RATE;
    const contiguous = Math.abs(startS - expected) < 1.5 / AUDIO_SAMPLE_RATE;
    if (!contiguous) this.band.reset();
    let pcm = samples;
    let banded = this.band.process(samples);
    let start = startS;
    if (this.carry.length > 0 && contiguous) {
      pcm = joined(this.carry, samples);
      banded = joined(this.bandCarry, banded);
      start = this.carryStart;
    }
    const lastT = this.times.at(-1);
    if (lastT !== undefined && start < lastT) this.dropFrom(start);
    const env = energyEnvelope(pcm, start);
    this.times.push(...env.times);
    this.energyDb.push(...env.energyDb);
    this.bandDb.push(...energyEnvelope(banded, start).energyDb);
    const used = env.times.length * Math.round(AUDIO_HOP_S * AUDIO_SAMPLE_RATE);
    this.carry = pcm.slice(used);
    this.bandCarry = banded.slice(used);
    this.carryStart = start + used / AUDIO_SAMPLE_RATE;
    this.trim();
  }

  /** Adds VAD decisions. */
  addSpeech(frames: readonly SpeechFrame[]): void {
    this.speechFrames.push(...frames);
    this.trim();
  }

  /** Adds viseme events (kept in time order). */
  addVisemes(events: readonly VisemeEvent[]): void {
    if (events.length === 0) return;
    this.visemes.push(...events);
    this.visemes.sort((a, b) => a.t - b.t);
    this.trim();
  }

  snapshot(): AudioTrack {
    const useVad = !this.vadFailed && this.speechFrames.length > 0;
    const speech = useVad ? this.speechAtHops() : energySpeech(this.energyDb);
    return {
      status: this.status,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      hopS: AUDIO_HOP_S,
      times: [...this.times],
      energyDb: [...this.energyDb],
      bandDb: [...this.bandDb],
      speech,
      vad: useVad ? 'silero' : 'energy',
      visemes: [...this.visemes],
    };
  }

  /** Each hop's speech probability: the VAD frame covering its centre (0 where none does). */
  private speechAtHops(): number[] {
    const frames = [...this.speechFrames].sort((a, b) => a.start - b.start);
    const out: number[] = [];
    let j = 0;
    for (const t of this.times) {
      while (j < frames.length && (frames[j] as SpeechFrame).end <= t) j++;
      const f = frames[j];
      out.push(f && f.start <= t ? f.p : 0);
    }
    return out;
  }

  /** A seek back in time: forget what lies after `t`. */
  private dropFrom(t: number): void {
    const keep = this.times.findIndex((x) => x >= t);
    if (keep >= 0) {
      this.times.length = keep;
      this.energyDb.length = keep;
      this.bandDb.length = keep;
    }
    this.speechFrames = this.speechFrames.filter((f) => f.start < t);
    this.visemes = this.visemes.filter((v) => v.t < t);
  }

  private trim(): void {
    const last = this.times.at(-1);
    if (last === undefined) return;
    const from = last - this.windowS;
    const cut = this.times.findIndex((t) => t >= from);
    if (cut > 0) {
      this.times.splice(0, cut);
      this.energyDb.splice(0, cut);
      this.bandDb.splice(0, cut);
    }
    this.speechFrames = this.speechFrames.filter((f) => f.end >= from);
    this.visemes = this.visemes.filter((v) => v.t >= from);
  }
}
