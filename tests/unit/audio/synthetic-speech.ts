/**
 * Seeded synthetic talking: syllables with onsets, a speech envelope on the audio hop grid, a
 * lip-aperture series sampled like the page samples video (~8 fps with jitter), and viseme
 * events (a consonant at each onset, then a vowel). Shifting the audio against the lips or
 * taking the lips from another seed gives known out-of-sync inputs.
 */
import { AUDIO_HOP_S, VISEME, type AudioTrack, type VisemeEvent } from '@/lib/audio/types';
import { emptyMouthSeries, type MouthSeries } from '@/lib/cues/mouth';
import { mulberry32 } from '../prng';

export interface Syllable {
  start: number;
  end: number;
  amp: number;
  consonant: number;
  vowel: number;
}

/** Syllables of 120-300 ms with pauses, after `leadS` of silence and before `tailS` of it. */
export function syllables(seed: number, durationS: number, leadS = 0, tailS = 0): Syllable[] {
  const rand = mulberry32(seed);
  const out: Syllable[] = [];
  let t = leadS + 0.05;
  const consonants = [VISEME.PP, VISEME.PP, VISEME.DD, VISEME.SS, VISEME.kk, VISEME.nn, VISEME.FF];
  const vowels = [VISEME.aa, VISEME.aa, VISEME.E, VISEME.I, VISEME.O, VISEME.U];
  while (t < durationS - tailS - 0.35) {
    const len = 0.12 + 0.18 * rand();
    out.push({
      start: t,
      end: t + len,
      amp: 0.5 + 0.5 * rand(),
      consonant: consonants[Math.floor(rand() * consonants.length)] as number,
      vowel: vowels[Math.floor(rand() * vowels.length)] as number,
    });
    t += len + (rand() < 0.15 ? 0.3 + 0.4 * rand() : 0.03 + 0.08 * rand());
  }
  return out;
}

/** 0..1 opening at time t: a raised-sine bump per syllable (closed at its onset). */
export function shape(sylls: readonly Syllable[], t: number): number {
  for (const s of sylls) {
    if (t >= s.start && t <= s.end)
      return s.amp * Math.sin((Math.PI * (t - s.start)) / (s.end - s.start));
  }
  return 0;
}

export interface AudioOptions {
  durationS: number;
  /** The sound comes this much later than the lips, s. */
  delayS?: number;
  noiseDb?: number;
  seed?: number;
}

/** An audio track whose envelope and visemes follow `sylls`, delayed by `delayS`. */
export function synthAudio(sylls: readonly Syllable[], options: AudioOptions): AudioTrack {
  const { durationS, delayS = 0, noiseDb = 2, seed = 99 } = options;
  const rand = mulberry32(seed);
  const times: number[] = [];
  const energyDb: number[] = [];
  const speech: number[] = [];
  for (let t = AUDIO_HOP_S / 2; t < durationS; t += AUDIO_HOP_S) {
    const s = shape(sylls, t - delayS);
    times.push(t);
    energyDb.push(-60 + 45 * Math.sqrt(s) + noiseDb * (rand() - 0.5));
    speech.push(
      sylls.some((y) => t - delayS >= y.start - 0.05 && t - delayS <= y.end + 0.1) ? 1 : 0,
    );
  }
  const visemes: VisemeEvent[] = [];
  const d = 0.016;
  for (const y of sylls) {
    const mid = y.start + 0.3 * (y.end - y.start);
    for (let t = y.start; t < mid; t += d) visemes.push({ t: t + delayS, viseme: y.consonant, d });
    for (let t = mid; t < y.end; t += d) visemes.push({ t: t + delayS, viseme: y.vowel, d });
  }
  return { status: 'ok', hopS: AUDIO_HOP_S, times, energyDb, speech, vad: 'silero', visemes };
}

export interface MouthOptions {
  durationS: number;
  fps?: number;
  /** Aperture when closed (a mouth that never meets has a large one). */
  closedAperture?: number;
  noise?: number;
  seed?: number;
}

/** Lip aperture following `sylls`, sampled at ~fps with jitter. */
export function synthMouth(sylls: readonly Syllable[], options: MouthOptions): MouthSeries {
  const { durationS, fps = 8, closedAperture = 0.01, noise = 0.01, seed = 7 } = options;
  const rand = mulberry32(seed);
  const m = emptyMouthSeries();
  for (let t = 0.03 * rand(); t < durationS; t += (1 / fps) * (0.85 + 0.3 * rand())) {
    const s = shape(sylls, t);
    const syl = sylls.find((y) => t >= y.start && t <= y.end);
    const rounded = syl && (syl.vowel === VISEME.O || syl.vowel === VISEME.U) ? s : 0;
    m.t.push(t);
    m.aperture.push(Math.max(0, closedAperture + 0.45 * s + noise * (rand() - 0.5)));
    m.width.push(0.45 - 0.08 * rounded);
    m.jawOpen.push(0.6 * s);
    m.mouthClose.push(0);
    m.mouthPucker.push(0.05 + 0.5 * rounded);
    m.mouthFunnel.push(0.02 + 0.3 * rounded);
  }
  return m;
}
