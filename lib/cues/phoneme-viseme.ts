/**
 * Cue `phonemeViseme`: do the lips make the shapes the sounds need? After Agarwal et al. 2020
 * ("Detecting deep-fake videos from phoneme-viseme mismatches"): on 'p', 'b' and 'm' (the PP
 * viseme) the lips must close, and lip-sync generators often miss that. Also checked, with
 * half the weight: open vowels (aa) need an open mouth, rounded vowels (O, U) some pucker or
 * funnel. Visemes come from the audio (HeadAudio); the mouth from the face track.
 *
 * Each event is judged on the face samples within `toleranceS` of it (sampling is ~8 fps, so
 * the window is wide enough to hold a frame). Mouth thresholds are relative to the person's own
 * range during speech. Leading and trailing silence is skipped. Abstains without speech or
 * with too few judged events.
 */
import type { AudioTrack, VisemeEvent } from '../audio/types';
import { VISEME } from '../audio/types';
import { totalSeconds } from '../audio/envelope';
import type { CueReport } from '../messaging/types';
import { speechSpan } from './av-sync';
import type { MouthSeries } from './mouth';
import { evidence, insufficient, scored } from './report';
import { quantile, saturate, sigmoid } from './signal';

export interface PhonemeVisemeOptions {
  /** Face samples this close to an event (either side of it) judge it, s. */
  toleranceS: number;
  /** Same-viseme events closer than this merge into one sound, s. */
  joinS: number;
  /** Lips count as closed below p10 + closeShare * (p90 - p10) of the speech aperture... */
  closeShare: number;
  /** ...and never above this aperture (inner-lip gap / mouth width): lips that never meet fail. */
  closedMax: number;
  /** Mouth counts as shut during an open vowel below p10 + this share of the range. */
  shutShare: number;
  /** Bilabial events needed (or twice as many vowel events). */
  minEvents: number;
  /** Weighted mismatch rate at which the score is 0.5 (a real face misses some at 8 fps). */
  mismatchAt: number;
}

export const PHONEME_VISEME_DEFAULTS: PhonemeVisemeOptions = {
  toleranceS: 0.09,
  joinS: 0.04,
  closeShare: 0.3,
  closedMax: 0.1,
  shutShare: 0.15,
  minEvents: 3,
  mismatchAt: 0.4,
};

/** One sound: a run of events with the same viseme. */
export interface VisemeSegment {
  viseme: number;
  start: number;
  end: number;
}

/** Joins consecutive events of the same viseme (gaps under `joinS`) into segments. */
export function visemeSegments(events: readonly VisemeEvent[], joinS: number): VisemeSegment[] {
  const out: VisemeSegment[] = [];
  for (const e of events) {
    const start = e.t - e.d / 2;
    const end = e.t + e.d / 2;
    const last = out.at(-1);
    if (last && last.viseme === e.viseme && start - last.end <= joinS)
      last.end = Math.max(last.end, end);
    else out.push({ viseme: e.viseme, start, end });
  }
  return out;
}

/** Counts of judged and mismatched events of one kind, with the mismatch times. */
export interface MismatchCount {
  judged: number;
  missed: number;
  times: number[];
}

/**
 * Judges each segment of the given visemes with `ok(indices)` over the face samples in its
 * window; segments with no face sample near them are not judged.
 */
export function countMismatches(
  segments: readonly VisemeSegment[],
  visemes: readonly number[],
  mouthT: readonly number[],
  toleranceS: number,
  ok: (indices: number[]) => boolean,
): MismatchCount {
  const result: MismatchCount = { judged: 0, missed: 0, times: [] };
  for (const s of segments) {
    if (!visemes.includes(s.viseme)) continue;
    const near: number[] = [];
    for (let i = 0; i < mouthT.length; i++) {
      const t = mouthT[i] as number;
      if (t >= s.start - toleranceS && t <= s.end + toleranceS) near.push(i);
    }
    if (near.length === 0) continue;
    result.judged++;
    if (!ok(near)) {
      result.missed++;
      result.times.push(Math.round(((s.start + s.end) / 2) * 100) / 100);
    }
  }
  return result;
}

function finiteValues(xs: readonly number[]): number[] {
  return xs.filter((x) => Number.isFinite(x));
}

/** Cue `phonemeViseme` over the mouth series and the audio track. */
export function phonemeVisemeCue(
  mouth: MouthSeries,
  audio: AudioTrack,
  options: Partial<PhonemeVisemeOptions> = {},
): CueReport {
  const o = { ...PHONEME_VISEME_DEFAULTS, ...options };
  if (audio.status === 'none') return insufficient('no audio track');
  if (audio.status === 'unavailable')
    return insufficient(`audio unavailable: ${audio.reason ?? 'not captured'}`);
  const found = speechSpan(audio);
  if (!found) return insufficient('no speech');
  const { segments: speech } = found;
  const inSpeech = (t: number) => speech.some((s) => t >= s.start && t <= s.end);
  const events = audio.visemes.filter((e) => inSpeech(e.t));
  if (events.length === 0) return insufficient('no visemes detected in the speech');

  const idx = mouth.t.map((_, i) => i).filter((i) => inSpeech(mouth.t[i] as number));
  const mt = mouth.t;
  const apertures = idx.map((i) => mouth.aperture[i] as number);
  if (apertures.length < 8)
    return insufficient(`not enough face during speech: ${apertures.length} frame(s)`);
  const lo = quantile(apertures, 0.1);
  const hi = quantile(apertures, 0.9);
  const range = Math.max(hi - lo, 0.02);
  const closed = Math.min(lo + o.closeShare * range, o.closedMax);
  const shut = lo + o.shutShare * range;
  const segs = visemeSegments(events, o.joinS);

  const bilabial = countMismatches(segs, [VISEME.PP], mt, o.toleranceS, (near) =>
    near.some((i) => (mouth.aperture[i] as number) <= closed),
  );
  const open = countMismatches(segs, [VISEME.aa], mt, o.toleranceS, (near) =>
    near.some((i) => (mouth.aperture[i] as number) > shut),
  );
  const round = finiteValues(
    idx.map((i) => (mouth.mouthPucker[i] as number) + (mouth.mouthFunnel[i] as number)),
  );
  const roundLow = round.length >= 8 ? quantile(round, 0.25) : NaN;
  const widths = idx.map((i) => mouth.width[i] as number);
  const wideAt = quantile(widths, 0.75);
  const rounded = Number.isFinite(roundLow)
    ? countMismatches(segs, [VISEME.O, VISEME.U], mt, o.toleranceS, (near) =>
        near.some(
          (i) =>
            (mouth.mouthPucker[i] as number) + (mouth.mouthFunnel[i] as number) > roundLow ||
            (mouth.width[i] as number) < wideAt,
        ),
      )
    : { judged: 0, missed: 0, times: [] };

  const vowelJudged = open.judged + rounded.judged;
  if (bilabial.judged < o.minEvents && vowelJudged < 2 * o.minEvents) {
    return insufficient(
      `too few sounds to judge: ${bilabial.judged} 'p/b/m', ${vowelJudged} vowel(s) near a face sample`,
    );
  }
  const weight = bilabial.judged + 0.5 * vowelJudged;
  const mismatch = (bilabial.missed + 0.5 * (open.missed + rounded.missed)) / weight;
  // Missed closures are the primary tell (Agarwal et al.): they alone can carry the score.
  const primary = bilabial.judged >= o.minEvents ? bilabial.missed / bilabial.judged : 0;
  const score = sigmoid((Math.max(mismatch, primary) - o.mismatchAt) / 0.08);
  const confidence = saturate(weight, 6) * saturate(totalSeconds(speech), 3);
  const bilabialShare = bilabial.judged > 0 ? bilabial.missed / bilabial.judged : NaN;
  const items = [
    evidence(`Lips stay open at ${bilabial.missed} of ${bilabial.judged} 'p/b/m' sounds`, {
      value: bilabialShare,
      unit: 'share',
      times: bilabial.times.slice(0, 20),
    }),
    evidence(`Mouth shut during ${open.missed} of ${open.judged} open vowels ('a')`, {
      value: open.judged > 0 ? open.missed / open.judged : NaN,
      unit: 'share',
      times: open.times.slice(0, 10),
    }),
    evidence(`No rounding at ${rounded.missed} of ${rounded.judged} rounded vowels ('o', 'u')`, {
      value: rounded.judged > 0 ? rounded.missed / rounded.judged : NaN,
      unit: 'share',
      times: rounded.times.slice(0, 10),
    }),
    evidence('Weighted mismatch rate (silence before and after the speech skipped)', {
      value: mismatch,
      unit: 'share',
    }),
  ];
  const reason =
    score > 0.5
      ? `mouth shapes miss the sounds (${Math.round(mismatch * 100)}% mismatched)`
      : `mouth shapes match the sounds (${Math.round(mismatch * 100)}% mismatched)`;
  return scored(score, confidence, reason, items);
}
