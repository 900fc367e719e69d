/**
 * Cue `avSync`: does the mouth move with the sound? The SyncNet idea (Chung & Zisserman 2016)
 * without a learned embedding: correlate mouth opening (lip aperture + jawOpen) with the
 * loudness of the 1-3 kHz speech band, both detrended, at audio lags from -500 to +500 ms,
 * over the whole speech span and over sliding windows. A real talking
 * face peaks near 0 ms with a clear correlation; audio delayed or advanced against the picture
 * moves the peak, and speech that does not belong to the face (dubbed, swapped, generated
 * without the right audio) leaves no clear peak at all.
 *
 * Shortcut guard: leading and trailing silence is cut before anything is measured (silence
 * matched to a closed mouth would otherwise inflate the correlation, a known dataset bias).
 * Abstains without an audio track, without speech, or with too little face during speech.
 */
import type { AudioTrack } from '../audio/types';
import { speechSegments, totalSeconds, type SpeechSegment } from '../audio/envelope';
import type { CueReport } from '../messaging/types';
import type { MouthSeries } from './mouth';
import { evidence, insufficient, scored } from './report';
import { clamp01, fmt, mean, median, pearson, quantile, saturate, sigmoid, std } from './signal';

export interface AvSyncOptions {
  /** Largest lag searched either way, s. */
  maxLagS: number;
  lagStepS: number;
  /** Speech needed, s. */
  minSpeechS: number;
  /** Face samples inside the speech span needed. */
  minPairs: number;
  /**
   * Lip samples per second of speech span needed: below it the mouth is sampled too coarsely
   * for an offset (a busy page lowers the sampling rate) and the cue abstains. Frame-accurate,
   * the cue holds up to every 3rd frame of 25 (8.3 fps, `npm run eval:lipsync`); live playback
   * at 5.5 fps read a real clip 500 ms off.
   */
  minFps: number;
  /**
   * |offset| beyond this starts to look wrong, s: about where viewers find a lag unacceptable
   * (ITU-R BT.1359: sound 90 ms early to 185 ms late), and beyond the -100..+100 ms measured on
   * real fixture clips.
   */
  offsetToleranceS: number;
  /**
   * Peak correlation below this looks like speech that is not this face's (real fixture clips
   * measure 0.38-0.63, another clip's speech under the face 0.19-0.28; `npm run eval:lipsync`).
   */
  lowCorrelation: number;
  /** Sliding windows, s. */
  windowS: number;
  windowStepS: number;
}

export const AV_SYNC_DEFAULTS: AvSyncOptions = {
  maxLagS: 0.5,
  lagStepS: 0.02,
  minSpeechS: 1.5,
  minPairs: 10,
  minFps: 7.5,
  offsetToleranceS: 0.15,
  lowCorrelation: 0.32,
  windowS: 4,
  windowStepS: 2,
};

/** Width of the envelope's moving average (smoothing), s. */
const SMOOTH_S = 0.1;
/**
 * Both signals lose their moving average over this span before they are compared: slow drifts
 * (a smile, a head turn, a louder passage) are not articulation and would swamp it, s.
 */
const DETREND_S = 0.5;

/** Result of one lag search. */
export interface OffsetEstimate {
  /** Audio lag with the highest correlation, s (> 0: the sound comes after the lips). */
  offsetS: number;
  /** Pearson correlation at that lag. */
  r: number;
  /** Correlation at lag 0. */
  r0: number;
  /** Peak minus the median correlation over all lags: how clearly the peak stands out. */
  prominence: number;
  /** Face samples used. */
  pairs: number;
}

/** Speech span with leading and trailing silence cut, or null without speech. */
export function speechSpan(
  audio: AudioTrack,
): { span: SpeechSegment; segments: SpeechSegment[] } | null {
  const segments = speechSegments(audio.times, audio.speech, audio.hopS);
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last) return null;
  return { span: { start: first.start, end: last.end }, segments };
}

/**
 * Moving average of `values` over a window of `widthS` centred on each sample, in media time
 * (samples may be uneven or have gaps).
 */
export function movingAverage(
  times: readonly number[],
  values: readonly number[],
  widthS: number,
): number[] {
  const out: number[] = [];
  let lo = 0;
  let hi = 0;
  let sum = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    while (hi < times.length && (times[hi] as number) <= t + widthS / 2)
      sum += values[hi++] as number;
    while ((times[lo] as number) < t - widthS / 2) sum -= values[lo++] as number;
    out.push(sum / (hi - lo));
  }
  return out;
}

/**
 * The audio feature the lips are compared with: the log energy of the 1-3 kHz band (the lips
 * shape it; broadband energy stays high on a closed-lip 'm'), floored at the quiet end of the
 * speech span so noise in pauses does not count as sound, smoothed over SMOOTH_S and detrended
 * over DETREND_S.
 */
export function speechEnvelope(audio: AudioTrack, span: SpeechSegment): number[] {
  const db =
    audio.bandDb && audio.bandDb.length === audio.times.length ? audio.bandDb : audio.energyDb;
  const inSpan = db.filter((_, i) => {
    const t = audio.times[i] as number;
    return t >= span.start && t <= span.end;
  });
  const floor = Math.max(-90, quantile(inSpan.length ? inSpan : db, 0.1));
  const clipped = db.map((x) => Math.max(x, floor));
  const smooth = movingAverage(audio.times, clipped, SMOOTH_S);
  const trend = movingAverage(audio.times, smooth, DETREND_S);
  return smooth.map((x, i) => x - (trend[i] as number));
}

/**
 * The visual feature: lip aperture and jawOpen, each standardised over the given samples, added
 * (jawOpen is steadier on small faces, aperture on open-jaw speakers), then detrended over
 * DETREND_S. Aperture alone where the landmarker gave no blendshapes.
 */
export function mouthOpening(mouth: MouthSeries, idx: readonly number[]): number[] {
  const t = idx.map((i) => mouth.t[i] as number);
  const z = (values: readonly number[]): number[] | null => {
    const v = idx.map((i) => values[i] as number);
    if (v.some((x) => !Number.isFinite(x))) return null;
    const m = mean(v);
    const sd = std(v);
    return sd > 0 ? v.map((x) => (x - m) / sd) : v.map(() => 0);
  };
  const aperture = z(mouth.aperture) ?? idx.map(() => 0);
  const jaw = z(mouth.jawOpen);
  const sum = jaw ? aperture.map((x, k) => x + (jaw[k] as number)) : aperture;
  const trend = movingAverage(t, sum, DETREND_S);
  return sum.map((x, k) => x - (trend[k] as number));
}

/** Linear interpolation of a hop series at time t; NaN outside it or across a gap. */
export function sampleAt(
  times: readonly number[],
  values: readonly number[],
  hopS: number,
  t: number,
): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t < (times[0] as number) || t > (times[hi] as number)) return NaN;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid;
    else hi = mid;
  }
  const t0 = times[lo] as number;
  const t1 = times[hi] as number;
  if (t1 - t0 > 2.5 * hopS) return NaN;
  if (t1 === t0) return values[lo] as number;
  const f = (t - t0) / (t1 - t0);
  return (values[lo] as number) * (1 - f) + (values[hi] as number) * f;
}

/**
 * Searches the audio lag that best matches mouth opening to the envelope. `mouthT`/`mouth` are
 * the face samples to use (already restricted to the span); `envT`/`env` the audio feature.
 * Null when fewer than `minPairs` samples have audio at every lag.
 */
export function estimateOffset(
  mouthT: readonly number[],
  mouth: readonly number[],
  envT: readonly number[],
  env: readonly number[],
  hopS: number,
  { maxLagS, lagStepS, minPairs }: Pick<AvSyncOptions, 'maxLagS' | 'lagStepS' | 'minPairs'>,
): OffsetEstimate | null {
  const steps = Math.round(maxLagS / lagStepS);
  const usable: number[] = [];
  for (let i = 0; i < mouthT.length; i++) if (Number.isFinite(mouth[i] as number)) usable.push(i);
  // At each lag, the face samples that have audio there (the span's edges lose a few).
  const curve: { lag: number; r: number; n: number }[] = [];
  for (let s = -steps; s <= steps; s++) {
    const lag = s * lagStepS;
    const x: number[] = [];
    const y: number[] = [];
    for (const i of usable) {
      const a = sampleAt(envT, env, hopS, (mouthT[i] as number) + lag);
      if (Number.isNaN(a)) continue;
      x.push(mouth[i] as number);
      y.push(a);
    }
    if (x.length < minPairs) continue;
    const r = pearson(x, y);
    curve.push({ lag, r: Number.isFinite(r) ? r : 0, n: x.length });
  }
  if (curve.length < steps) return null;
  let best = curve[0] as { lag: number; r: number; n: number };
  for (const c of curve) if (c.r > best.r) best = c;
  const r0 = curve.find((c) => Math.abs(c.lag) < lagStepS / 2)?.r ?? 0;
  return {
    offsetS: Math.round(best.lag * 1000) / 1000,
    r: best.r,
    r0,
    prominence: best.r - median(curve.map((c) => c.r)),
    pairs: best.n,
  };
}

/** Lip-sync score from one estimate: an offset beyond tolerance with a clear peak, or no peak. */
export function syncScore(est: OffsetEstimate, o: AvSyncOptions): number {
  const clarity = clamp01((est.r - 0.15) / 0.3) * clamp01(est.prominence / 0.2);
  const offsetScore = sigmoid((Math.abs(est.offsetS) - o.offsetToleranceS) / 0.03) * clarity;
  const corrScore = sigmoid((o.lowCorrelation - est.r) / 0.04);
  return Math.max(offsetScore, corrScore);
}

/** Cue `avSync` over the mouth series and the audio track. */
export function avSyncCue(
  mouth: MouthSeries,
  audio: AudioTrack,
  options: Partial<AvSyncOptions> = {},
): CueReport {
  const o = { ...AV_SYNC_DEFAULTS, ...options };
  if (audio.status === 'none') return insufficient('no audio track');
  if (audio.status === 'unavailable')
    return insufficient(`audio unavailable: ${audio.reason ?? 'not captured'}`);
  const found = speechSpan(audio);
  const speechS = found ? totalSeconds(found.segments) : 0;
  if (!found || speechS < o.minSpeechS) {
    return insufficient(
      `no speech (${fmt(speechS, 1)} s of speech, need ${fmt(o.minSpeechS, 1)} s)`,
    );
  }
  const { span } = found;
  const env = speechEnvelope(audio, span);
  const idx = mouth.t
    .map((t, i) => i)
    .filter((i) => {
      const t = mouth.t[i] as number;
      return t >= span.start && t <= span.end;
    });
  const fps = idx.length / Math.max(span.end - span.start, 1e-6);
  if (idx.length >= o.minPairs && fps < o.minFps) {
    return insufficient(
      `lips sampled too sparsely during speech: ${fmt(fps, 2)} frames/s, need ${o.minFps}`,
    );
  }
  const mt = idx.map((i) => mouth.t[i] as number);
  const mv = mouthOpening(mouth, idx);
  const est = estimateOffset(mt, mv, audio.times, env, audio.hopS, o);
  if (!est)
    return insufficient(
      `not enough face during speech: ${idx.length} frame(s), need ${o.minPairs}`,
    );

  const windows: (OffsetEstimate & { start: number })[] = [];
  for (let start = span.start; start + o.windowS <= span.end + 1e-9; start += o.windowStepS) {
    const w = mt
      .map((t, k) => k)
      .filter((k) => {
        const t = mt[k] as number;
        return t >= start && t < start + o.windowS;
      });
    const e = estimateOffset(
      w.map((k) => mt[k] as number),
      w.map((k) => mv[k] as number),
      audio.times,
      env,
      audio.hopS,
      o,
    );
    if (e) windows.push({ ...e, start });
  }
  const score = syncScore(est, o);
  const confidence = saturate(speechS, 3) * saturate(est.pairs, 60);
  const offsetMs = Math.round(est.offsetS * 1000);
  const flagged = windows.filter((w) => syncScore(w, o) > 0.5);
  const items = [
    evidence(
      offsetMs === 0
        ? 'Sound and lips line up (best match at 0 ms)'
        : `Sound best matches the lips ${Math.abs(offsetMs)} ms ${offsetMs > 0 ? 'late' : 'early'}`,
      { value: offsetMs, unit: 'ms' },
    ),
    evidence('Correlation of lip opening with speech loudness at that offset', {
      value: est.r,
      unit: 'r',
    }),
    evidence(`Speech analysed (silence before and after it skipped; ${est.pairs} frames)`, {
      value: speechS,
      unit: 's',
    }),
  ];
  if (windows.length > 1) {
    items.push(
      evidence(`${flagged.length} of ${windows.length} ${o.windowS} s windows look out of sync`, {
        value: flagged.length / windows.length,
        unit: 'share',
        times: flagged.map((w) => w.start),
      }),
    );
  }
  const reason =
    score > 0.5
      ? est.r < o.lowCorrelation
        ? `lips barely follow the speech (r ${fmt(est.r, 2)})`
        : `sound ${Math.abs(offsetMs)} ms ${offsetMs > 0 ? 'behind' : 'ahead of'} the lips`
      : `lips follow the speech (offset ${offsetMs} ms, r ${fmt(est.r, 2)})`;
  return scored(score, confidence, reason, items, {
    offsetAbsMs: Math.abs(offsetMs),
    r: est.r,
  });
}
