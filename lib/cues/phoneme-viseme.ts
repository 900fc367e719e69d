/**
 * Cue `phonemeViseme`: do the mouth shapes fit the sounds? After Agarwal et al. 2020
 * ("Detecting deep-fake videos from phoneme-viseme mismatches"), judged sound by sound rather
 * than by overall loudness (that is `avSync`). Two checks are scored:
 *
 * - open vowels ('aa', from HeadAudio) need an open mouth: the widest lip aperture near each;
 * - a visibly closed mouth during speech needs a quiet 1-3 kHz band (closed lips allow only
 *   'm', 'b', 'p' or a pause): the band level at each closure.
 *
 * Neither is judged against a fixed threshold: people differ in how far they open and how
 * well the tracker sees their lips. Instead each is compared with the same video whose audio
 * is moved by ±0.4-1.2 s (`nullLagsS`), which keeps the person, the tracker and the sounds but
 * breaks their timing. A real face agrees with its own sound clearly better than with moved
 * sound (z-score of the statistic against the moved ones); a dubbed, swapped or badly driven
 * mouth does not. The score rises as that margin falls.
 *
 * HeadAudio's bilabial ('p/b/m', viseme PP) events are still listed with the times where the
 * lips do not close, as evidence, but not scored: on the fixtures' real speech the mouth at
 * those events is no more closed than at any other moment (measured over all eight real clips
 * with speech, with the raw per-hop classifications and their margins too), so they cannot tell
 * a missed closure from a misclassified sound.
 */
import type { AudioTrack, VisemeEvent } from '../audio/types';
import { VISEME } from '../audio/types';
import { speechSegments, totalSeconds } from '../audio/envelope';
import type { CueReport } from '../messaging/types';
import { movingAverage, speechSpan } from './av-sync';
import type { MouthSeries } from './mouth';
import { evidence, insufficient, scored } from './report';
import { mean, quantile, saturate, sigmoid, std } from './signal';

export interface PhonemeVisemeOptions {
  /** Face samples this close to a sound (either side of it) judge it, s. */
  toleranceS: number;
  /**
   * Gaps in the speech (VAD) longer than this are pauses and are not judged, s: about one
   * consonant closure, so stops and nasals stay inside the speech.
   */
  pauseS: number;
  /** Same-viseme events closer than this merge into one sound, s. */
  joinS: number;
  /** Lips count as closed below p10 + closeShare * (p90 - p10) of the speech aperture... */
  closeShare: number;
  /** ...and never above this aperture (inner-lip gap / mouth width): lips that never meet fail. */
  closedMax: number;
  /** A 'p/b/m' also counts as closing on a dip this deep (share of the range) below... */
  dipShare: number;
  /** ...the widest aperture within this much before and after it, s. */
  surroundS: number;
  /** An open vowel counts as 'mouth shut' (evidence) below p10 + this share of the range. */
  shutShare: number;
  /** A closure counts as 'loud' (evidence) with the band above this share of its speech range. */
  loudShare: number;
  /** The audio is moved by each of these (and its negative) for the comparison, s. */
  nullLagsS: number[];
  /** Sounds (or closures) needed for a check to count. */
  minEvents: number;
  /** Margin over moved audio (z) at which the score is 0.5. */
  agreementAt: number;
}

export const PHONEME_VISEME_DEFAULTS: PhonemeVisemeOptions = {
  toleranceS: 0.09,
  pauseS: 0.1,
  joinS: 0.04,
  closeShare: 0.2,
  closedMax: 0.1,
  dipShare: 0.3,
  surroundS: 0.2,
  shutShare: 0.15,
  loudShare: 0.5,
  nullLagsS: [0.4, 0.6, 0.8, 1.0, 1.2],
  minEvents: 3,
  agreementAt: 1,
};

/** The band is read within this of a closure (a hop either side), s. */
const BAND_WINDOW_S = 0.03;
/** The band is smoothed over this before it is read (three 20 ms hops), s. */
const BAND_SMOOTH_S = 0.06;
/** Floor of the spread of the moved-audio statistics (shares of a range). */
const NULL_STD_FLOOR = 0.02;
/** A 'p/b/m' dip must be at least this deep in aperture, whatever the range (tracker jitter). */
const MIN_DIP = 0.05;
/** Moved-audio statistics needed for a comparison. */
const MIN_NULL = 5;

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

/** First index with `ts[i] >= t` (ts increasing). */
function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices of the samples with a <= t <= b (ts increasing). */
function indicesIn(ts: readonly number[], a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = lowerBound(ts, a); i < ts.length && (ts[i] as number) <= b; i++) out.push(i);
  return out;
}

/** Max (or min) of `ys` over the samples with a <= t <= b; NaN for none. */
function extremeIn(
  ts: readonly number[],
  ys: readonly number[],
  a: number,
  b: number,
  max: boolean,
) {
  let best = NaN;
  for (let i = lowerBound(ts, a); i < ts.length && (ts[i] as number) <= b; i++) {
    const y = ys[i] as number;
    if (!Number.isFinite(y)) continue;
    if (Number.isNaN(best) || (max ? y > best : y < best)) best = y;
  }
  return best;
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
    const near = indicesIn(mouthT, s.start - toleranceS, s.end + toleranceS);
    if (near.length === 0) continue;
    result.judged++;
    if (!ok(near)) {
      result.missed++;
      result.times.push(Math.round(((s.start + s.end) / 2) * 100) / 100);
    }
  }
  return result;
}

/**
 * The audio track moved by `lagS` (> 0: the sound comes later), cut to 0..`endS`: the same
 * sounds with their timing against the picture broken.
 */
export function shiftAudioTrack(audio: AudioTrack, lagS: number, endS: number): AudioTrack {
  const keep: number[] = [];
  audio.times.forEach((t, i) => {
    if (t + lagS >= 0 && t + lagS <= endS) keep.push(i);
  });
  const pick = (xs: readonly number[]) => keep.map((i) => xs[i] as number);
  return {
    ...audio,
    times: keep.map((i) => (audio.times[i] as number) + lagS),
    energyDb: pick(audio.energyDb),
    speech: pick(audio.speech),
    ...(audio.bandDb ? { bandDb: pick(audio.bandDb) } : {}),
    visemes: audio.visemes
      .map((v) => ({ ...v, t: v.t + lagS }))
      .filter((v) => v.t >= 0 && v.t <= endS),
  };
}

/** Both scored checks and the bilabial evidence of one mouth against one audio track. */
export interface SoundJudgement {
  /** Mean widest aperture at open vowels, as a share of the speech range (higher: agrees). */
  openStat: number;
  /** Minus the mean band level at visible closures, share of its speech range (higher: agrees). */
  closureStat: number;
  open: MismatchCount;
  closures: MismatchCount;
  bilabial: MismatchCount;
  speechS: number;
}

/** Judges the mouth against the sounds; null without speech or face during it. */
export function judgeSounds(
  mouth: MouthSeries,
  audio: AudioTrack,
  o: PhonemeVisemeOptions,
): SoundJudgement | null {
  // Pauses are left out: there the lips may rest open or closed and the band is quiet anyway.
  const speech = speechSegments(audio.times, audio.speech, audio.hopS, { joinS: o.pauseS });
  if (speech.length === 0) return null;
  const inSpeech = (t: number) => speech.some((s) => t >= s.start && t <= s.end);
  const mt = mouth.t;
  const ap = mouth.aperture;
  const idx = mt.map((_, i) => i).filter((i) => inSpeech(mt[i] as number));
  const apertures = idx.map((i) => ap[i] as number);
  if (apertures.length < 8) return null;
  const lo = quantile(apertures, 0.1);
  const range = Math.max(quantile(apertures, 0.9) - lo, 0.02);
  const closed = Math.min(lo + o.closeShare * range, o.closedMax);
  const segs = visemeSegments(
    audio.visemes.filter((e) => inSpeech(e.t)),
    o.joinS,
  );
  const tol = o.toleranceS;

  // Open vowels: the widest aperture near each.
  const openLevels: number[] = [];
  const open: MismatchCount = { judged: 0, missed: 0, times: [] };
  for (const s of segs) {
    if (s.viseme !== VISEME.aa) continue;
    const widest = extremeIn(mt, ap, s.start - tol, s.end + tol, true);
    if (!Number.isFinite(widest)) continue;
    const level = (widest - lo) / range;
    openLevels.push(level);
    open.judged++;
    if (level < o.shutShare) {
      open.missed++;
      open.times.push(Math.round(((s.start + s.end) / 2) * 100) / 100);
    }
  }

  // Visible closures: the band level at each face sample with the lips closed.
  const raw = audio.bandDb ?? audio.energyDb;
  const band = movingAverage(audio.times, raw, BAND_SMOOTH_S);
  const bandIn = audio.times
    .map((t, i) => (inSpeech(t) ? (band[i] as number) : NaN))
    .filter((x) => Number.isFinite(x));
  const closureLevels: number[] = [];
  const closures: MismatchCount = { judged: 0, missed: 0, times: [] };
  if (bandIn.length >= 8) {
    const bandLo = quantile(bandIn, 0.1);
    const bandRange = Math.max(quantile(bandIn, 0.9) - bandLo, 3);
    for (const i of idx) {
      if ((ap[i] as number) > closed) continue;
      const t = mt[i] as number;
      const quietest = extremeIn(audio.times, band, t - BAND_WINDOW_S, t + BAND_WINDOW_S, false);
      if (!Number.isFinite(quietest)) continue;
      const level = (quietest - bandLo) / bandRange;
      closureLevels.push(level);
      closures.judged++;
      if (level > o.loudShare) {
        closures.missed++;
        closures.times.push(Math.round(t * 100) / 100);
      }
    }
  }

  // Bilabials (evidence only): closed, or a clear dip below the mouth around the sound.
  const bilabial = countMismatches(segs, [VISEME.PP], mt, tol, (near) => {
    const narrowest = Math.min(...near.map((i) => ap[i] as number));
    if (narrowest <= closed) return true;
    const first = near[0] as number;
    const last = near.at(-1) as number;
    const before = extremeIn(
      mt,
      ap,
      (mt[first] as number) - o.surroundS,
      mt[first] as number,
      true,
    );
    const after = extremeIn(mt, ap, mt[last] as number, (mt[last] as number) + o.surroundS, true);
    const around = Math.min(
      Number.isFinite(before) ? before : Infinity,
      Number.isFinite(after) ? after : Infinity,
    );
    return Number.isFinite(around) && around - narrowest >= Math.max(o.dipShare * range, MIN_DIP);
  });

  return {
    openStat: openLevels.length >= o.minEvents ? mean(openLevels) : NaN,
    closureStat: closureLevels.length >= o.minEvents ? -mean(closureLevels) : NaN,
    open,
    closures,
    bilabial,
    speechS: totalSeconds(speech),
  };
}

/** How far `actual` beats the moved-audio values, in their standard deviations; NaN if unknown. */
export function marginOverNull(actual: number, moved: readonly number[]): number {
  const xs = moved.filter((x) => Number.isFinite(x));
  if (!Number.isFinite(actual) || xs.length < MIN_NULL) return NaN;
  return (actual - mean(xs)) / Math.max(std(xs), NULL_STD_FLOOR);
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
  if (!speechSpan(audio)) return insufficient('no speech');
  if (audio.visemes.length === 0) return insufficient('no visemes detected in the speech');
  const actual = judgeSounds(mouth, audio, o);
  if (!actual) return insufficient(`not enough face during speech`);

  const endS = (mouth.t.at(-1) ?? 0) + o.toleranceS;
  const lags = o.nullLagsS.flatMap((l) => [-l, l]);
  const moved = lags
    .map((lag) => judgeSounds(mouth, shiftAudioTrack(audio, lag, endS), o))
    .filter((j): j is SoundJudgement => j !== null);
  const openZ = marginOverNull(
    actual.openStat,
    moved.map((j) => j.openStat),
  );
  const closureZ = marginOverNull(
    actual.closureStat,
    moved.map((j) => j.closureStat),
  );
  const parts = [openZ, closureZ].filter((z) => Number.isFinite(z));
  const { open, closures, bilabial } = actual;
  const items = [
    evidence(
      `Lips stay open at ${bilabial.missed} of ${bilabial.judged} 'p/b/m' sounds (listed, not scored)`,
      {
        value: bilabial.judged > 0 ? bilabial.missed / bilabial.judged : NaN,
        unit: 'share',
        times: bilabial.times.slice(0, 20),
      },
    ),
    evidence(`Mouth shut during ${open.missed} of ${open.judged} open vowels ('a')`, {
      value: open.judged > 0 ? open.missed / open.judged : NaN,
      unit: 'share',
      times: open.times.slice(0, 10),
    }),
    evidence(`Loud sound with the lips closed at ${closures.missed} of ${closures.judged} frames`, {
      value: closures.judged > 0 ? closures.missed / closures.judged : NaN,
      unit: 'share',
      times: closures.times.slice(0, 10),
    }),
  ];
  if (parts.length === 0) {
    return insufficient(
      `too few sounds to judge: ${open.judged} open vowel(s), ${closures.judged} closed-lip frame(s) in the speech`,
      items,
    );
  }
  const agreement = mean(parts);
  items.push(
    evidence('Open vowels: mouth wider than with the audio moved ±0.4-1.2 s (z)', {
      value: openZ,
      unit: 'z',
    }),
    evidence('Closed lips: sound quieter than with the audio moved ±0.4-1.2 s (z)', {
      value: closureZ,
      unit: 'z',
    }),
    evidence('Mouth-sound agreement over moved audio (mean z; real speech is well above 1)', {
      value: agreement,
      unit: 'z',
    }),
  );
  const score = sigmoid((o.agreementAt - agreement) / 0.5);
  const judged =
    (Number.isFinite(openZ) ? open.judged : 0) + (Number.isFinite(closureZ) ? closures.judged : 0);
  const confidence =
    saturate(judged, 8) * saturate(actual.speechS, 3) * saturate(moved.length, MIN_NULL);
  const reason =
    score > 0.5
      ? `mouth shapes fit the sounds no better than with the audio moved (z ${agreement.toFixed(1)})`
      : `mouth shapes fit the sounds (z ${agreement.toFixed(1)} over moved audio)`;
  return scored(score, confidence, reason, items, { agreementZ: agreement, openZ, closureZ });
}
