/**
 * Building `CueReport`s: one place that clamps scores, rounds evidence values and phrases
 * abstentions, so every cue reports the same way.
 */

import type { CueEvidence, CueReport } from '../messaging/types';
import { clamp01, fmt } from './signal';

/** An abstention: the cue had too little usable input to say anything. */
export function insufficient(reason: string, evidence: CueEvidence[] = []): CueReport {
  return { status: 'insufficient', score: null, confidence: 0, reason, evidence };
}

/** A scored report; score and confidence are clamped to 0..1. */
export function scored(
  score: number,
  confidence: number,
  reason: string,
  evidence: CueEvidence[],
  measures: Record<string, number> = {},
): CueReport {
  const finite = Object.entries(measures).filter(([, v]) => Number.isFinite(v));
  return {
    status: 'ok',
    score: clamp01(score),
    confidence: clamp01(confidence),
    reason,
    evidence,
    ...(finite.length > 0
      ? { measures: Object.fromEntries(finite.map(([k, v]) => [k, Number(v.toPrecision(4))])) }
      : {}),
  };
}

/** One evidence item; `value` is rounded to 3 significant figures, times to 0.01 s. */
export function evidence(
  text: string,
  extra: { value?: number; unit?: string; times?: readonly number[] } = {},
): CueEvidence {
  const item: CueEvidence = { text };
  if (extra.times && extra.times.length > 0) {
    item.times = extra.times.map((t) => Math.round(t * 100) / 100);
  }
  if (extra.value !== undefined && Number.isFinite(extra.value)) {
    item.value = Number(extra.value.toPrecision(3));
  }
  if (extra.unit !== undefined) item.unit = extra.unit;
  return item;
}

/** "not enough data: 1.2 s of face, need 3 s" */
export function notEnoughSeconds(have: number, need: number, what = 'of face'): string {
  return `not enough data: ${fmt(have, 2)} s ${what}, need ${fmt(need, 2)} s`;
}

/** Span of the samples' times, seconds. */
export function spanSeconds(times: readonly number[]): number {
  if (times.length < 2) return 0;
  return (times[times.length - 1] as number) - (times[0] as number);
}

/**
 * Times of the `count` largest values (ties broken by order), sorted by time: the moments a
 * moderator should look at.
 */
export function peakTimes(
  times: readonly number[],
  values: ArrayLike<number>,
  count = 3,
): number[] {
  const order = Array.from({ length: Math.min(times.length, values.length) }, (_, i) => i)
    .filter((i) => Number.isFinite(values[i] as number))
    .sort((a, b) => (values[b] as number) - (values[a] as number));
  return order
    .slice(0, count)
    .map((i) => times[i] as number)
    .sort((a, b) => a - b);
}
