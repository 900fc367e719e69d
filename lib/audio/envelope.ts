/**
 * Pure audio helpers: resampling to 16 kHz mono, the log-energy envelope, an energy gate used
 * when the learned VAD is unavailable, and speech segments. Used in the page (resampling), in
 * the offscreen document (envelope) and in Node (tests, eval).
 */
import { AUDIO_HOP_S, AUDIO_SAMPLE_RATE } from './types';

/** dB given to digital silence. */
export const SILENCE_DB = -100;

/**
 * Downsamples mono PCM from `fromRate` to `toRate` (default 16 kHz): each output sample is the
 * mean of the input samples in its interval (a box low-pass that keeps aliasing small for
 * speech), or a linear interpolation when upsampling.
 */
export function resampleMono(
  input: Float32Array,
  fromRate: number,
  toRate: number = AUDIO_SAMPLE_RATE,
): Float32Array {
  if (fromRate === toRate) return input.slice();
  const ratio = fromRate / toRate;
  const n = Math.floor(input.length / ratio);
  const out = new Float32Array(n);
  if (ratio > 1) {
    for (let i = 0; i < n; i++) {
      const a = i * ratio;
      const b = a + ratio;
      let sum = 0;
      let weight = 0;
      for (let j = Math.floor(a); j < Math.ceil(b) && j < input.length; j++) {
        const w = Math.min(j + 1, b) - Math.max(j, a);
        sum += (input[j] as number) * w;
        weight += w;
      }
      out[i] = weight > 0 ? sum / weight : 0;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = i * ratio;
      const j = Math.floor(x);
      const f = x - j;
      const a = input[j] ?? 0;
      const b = input[j + 1] ?? a;
      out[i] = a + (b - a) * f;
    }
  }
  return out;
}

/** Mixes planar channels to mono (mean). */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first.slice();
  const out = new Float32Array(first.length);
  for (const ch of channels)
    for (let i = 0; i < out.length; i++) out[i]! += (ch[i] ?? 0) / channels.length;
  return out;
}

/** Log energy of a block of samples, dB re full scale; digital silence gives SILENCE_DB. */
export function blockDb(samples: ArrayLike<number>, start = 0, end = samples.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const x = samples[i] as number;
    sum += x * x;
  }
  const ms = end > start ? sum / (end - start) : 0;
  return ms > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(ms)) : SILENCE_DB;
}

/** Envelope of contiguous 16 kHz PCM starting at media time `startS`. */
export function energyEnvelope(
  samples: Float32Array,
  startS: number,
  hopS: number = AUDIO_HOP_S,
  sampleRate: number = AUDIO_SAMPLE_RATE,
): { times: number[]; energyDb: number[] } {
  const hop = Math.round(hopS * sampleRate);
  const times: number[] = [];
  const energyDb: number[] = [];
  for (let i = 0; i + hop <= samples.length; i += hop) {
    times.push(startS + (i + hop / 2) / sampleRate);
    energyDb.push(blockDb(samples, i, i + hop));
  }
  return { times, energyDb };
}

/**
 * A speech probability from energy alone, for when the learned VAD is unavailable: 1 well above
 * the noise floor (10th percentile), 0 near it, and 0 for anything quieter than -55 dBFS.
 */
export function energySpeech(energyDb: readonly number[]): number[] {
  if (energyDb.length === 0) return [];
  const sorted = [...energyDb].sort((a, b) => a - b);
  const floor = sorted[Math.floor(0.1 * (sorted.length - 1))] as number;
  const threshold = Math.max(-55, floor + 12);
  return energyDb.map((db) => 1 / (1 + Math.exp(-(db - threshold) / 2)));
}

/** A stretch of speech, media seconds. */
export interface SpeechSegment {
  start: number;
  end: number;
}

/**
 * Speech segments from per-hop probabilities: hops at or above `threshold`, joined across gaps
 * shorter than `joinS`, segments shorter than `minS` dropped.
 */
export function speechSegments(
  times: readonly number[],
  speech: readonly number[],
  hopS: number,
  { threshold = 0.5, joinS = 0.3, minS = 0.1 } = {},
): SpeechSegment[] {
  const raw: SpeechSegment[] = [];
  for (let i = 0; i < times.length; i++) {
    if ((speech[i] ?? 0) < threshold) continue;
    const t = times[i] as number;
    const last = raw.at(-1);
    if (last && t - hopS / 2 - last.end <= joinS) last.end = t + hopS / 2;
    else raw.push({ start: t - hopS / 2, end: t + hopS / 2 });
  }
  return raw.filter((s) => s.end - s.start >= minS);
}

/** Total length of segments, s. */
export function totalSeconds(segments: readonly SpeechSegment[]): number {
  return segments.reduce((sum, s) => sum + (s.end - s.start), 0);
}
