/**
 * Blink cue (Li, Chang & Lyu 2018, "In Ictu Oculi: Exposing AI Created Fake Videos by Detecting
 * Eye Blinking"): generated faces often blink too rarely, too regularly or only half-way, and
 * puppeteered faces can be implausibly still or perfectly symmetric.
 *
 * Eyelid closure per frame combines the eye aspect ratio of both eyes (relative to the track's
 * own open level) with MediaPipe's eyeBlinkLeft/Right blendshapes. A blink is a closure above 50 %
 * lasting under 0.8 s. At the live sampler's ~8 frames/s a blink spans one to three frames, so
 * rates are corrected for the chance of missing one and durations are coarse.
 */

import type { CueEvidence, CueReport } from '../messaging/types';
import type { BlendshapeName, FaceTrack } from '../tracks/types';
import { blendshapeIndex } from '../tracks/types';
import {
  LEFT_EYE_EAR,
  RIGHT_EYE_EAR,
  RIGHT_EYE_INNER,
  RIGHT_EYE_OUTER,
  LEFT_EYE_INNER,
  LEFT_EYE_OUTER,
  dist2,
  eyeAspectRatio,
  framePoints,
  hasMesh,
} from './landmarks';
import { evidence, insufficient, notEnoughSeconds, scored, spanSeconds } from './report';
import {
  belowScore,
  clamp01,
  fmt,
  mean,
  median,
  quantile,
  saturate,
  sigmoid,
  std,
  strongest,
} from './signal';

/** Tunable constants of the blink cue (see BLINK_DEFAULTS for the reasoning). */
export interface BlinkOptions {
  /** Abstain below this many seconds of face. */
  minDurationS: number;
  /** Abstain below this sampling rate (frames/s): most blinks would fall between frames. */
  minFps: number;
  /** Abstain when the median eye width (corner to corner) is below this, px. */
  minEyeWidthPx: number;
  /** Closure (0 open .. 1 shut) that starts a blink, and the one that ends it (hysteresis). */
  closedThreshold: number;
  reopenThreshold: number;
  /** Closures longer than this are not blinks (looking down, eyes shut), s. */
  maxBlinkS: number;
  /** Lowest natural spontaneous blink rate, per minute. */
  lowRatePerMin: number;
  /** How long a blink keeps the lid more than half closed, s (sets the chance to catch it). */
  closedPhaseS: number;
  /** "No/too few blinks" score is 0.5 at this surprise (-ln P) and rises by 1/width per unit. */
  surpriseMid: number;
  surpriseWidth: number;
  /** Blink intervals with a coefficient of variation below this are implausibly regular. */
  regularCv: number;
  regularCvWidth: number;
  /** Median peak closure below this means blinks never complete. */
  incompletePeak: number;
  /** Median |left - right| of mirrored blendshapes in use below this is implausibly symmetric. */
  symmetryFloor: number;
  /** Std over time of the most active expression blendshape below this is implausibly still. */
  stillnessFloor: number;
}

/**
 * Defaults.
 * - minDurationS 10: people blink every 2-10 s (Li et al. 2018, Sec. 3), so shorter clips say
 *   little. minFps 4 and closedPhaseS 0.1: a blink lasts 100-400 ms and the lid is more than
 *   half closed for roughly 100 ms of it, so at f frames/s a blink is caught with probability
 *   about min(1, 0.1 f).
 * - lowRatePerMin 3.6: the lowest common resting rate, during screen work (Patel et al. 1991,
 *   18.4 -> 3.6 /min); reading 4.5, rest 17, conversation 26 (Bentivoglio et al. 1997).
 * - surpriseMid 1.5 (P ~ 0.22 under the lowest natural rate) and width 0.6: 60 s without a blink
 *   scores about 0.9, 20 s about 0.3.
 * - regularCv 0.3: natural inter-blink intervals are right-skewed with CV around 0.5-1
 *   (Doughty 2001); a metronome has CV near 0.
 * - incompletePeak 0.6: a sampled full blink usually shows >= 70 % closure on its best frame.
 * - symmetryFloor 0.01 and stillnessFloor 0.01 (blendshape units): real faces are lit and posed
 *   asymmetrically and talk; a rendered puppet may be exactly mirrored or frozen. Weak tells,
 *   so their scores are capped.
 */
export const BLINK_DEFAULTS: BlinkOptions = {
  minDurationS: 10,
  minFps: 4,
  minEyeWidthPx: 10,
  closedThreshold: 0.5,
  reopenThreshold: 0.35,
  maxBlinkS: 0.8,
  lowRatePerMin: 3.6,
  closedPhaseS: 0.1,
  surpriseMid: 1.5,
  surpriseWidth: 0.6,
  regularCv: 0.3,
  regularCvWidth: 0.07,
  incompletePeak: 0.6,
  symmetryFloor: 0.01,
  stillnessFloor: 0.01,
};

/** Mirrored blendshape pairs used for the symmetry check (blinks are symmetric by nature). */
const MIRRORED: readonly [BlendshapeName, BlendshapeName][] = [
  ['browDownLeft', 'browDownRight'],
  ['browOuterUpLeft', 'browOuterUpRight'],
  ['cheekSquintLeft', 'cheekSquintRight'],
  ['eyeSquintLeft', 'eyeSquintRight'],
  ['eyeWideLeft', 'eyeWideRight'],
  ['mouthDimpleLeft', 'mouthDimpleRight'],
  ['mouthFrownLeft', 'mouthFrownRight'],
  ['mouthLowerDownLeft', 'mouthLowerDownRight'],
  ['mouthPressLeft', 'mouthPressRight'],
  ['mouthSmileLeft', 'mouthSmileRight'],
  ['mouthStretchLeft', 'mouthStretchRight'],
  ['mouthUpperUpLeft', 'mouthUpperUpRight'],
  ['noseSneerLeft', 'noseSneerRight'],
];

/** Expression blendshapes for the stillness check (speech and emotion, not the eyes). */
const EXPRESSIVE: readonly BlendshapeName[] = [
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthSmileLeft',
  'mouthSmileRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'mouthRollLower',
  'mouthShrugUpper',
];

/** One detected blink. */
export interface Blink {
  start: number;
  end: number;
  /** Time of the most closed frame. */
  peakTime: number;
  /** Closure on the most closed frame, 0..1. */
  peak: number;
  /** Estimated duration of the closed phase, s (frames x frame step). */
  duration: number;
}

/** Poisson lower tail P(N <= n) for mean mu. */
function poissonCdf(n: number, mu: number): number {
  let term = Math.exp(-mu);
  let sum = term;
  for (let k = 1; k <= n; k++) {
    term *= mu / k;
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * Scores blink rate, regularity and completeness, expression symmetry and stillness.
 * Abstains below `minDurationS` of face, below `minFps` analysed frames/s, or when the eyes are
 * narrower than `minEyeWidthPx`.
 */
export function blinkCue(track: FaceTrack, options: Partial<BlinkOptions> = {}): CueReport {
  const o = { ...BLINK_DEFAULTS, ...options };
  const samples = track.samples.filter(hasMesh);
  const times = samples.map((s) => s.t);
  const span = spanSeconds(times);
  if (span < o.minDurationS) return insufficient(notEnoughSeconds(span, o.minDurationS));
  const stepList: number[] = [];
  for (let k = 1; k < times.length; k++) stepList.push(times[k]! - times[k - 1]!);
  const step = median(stepList);
  const fps = 1 / step;
  if (!(fps >= o.minFps)) {
    return insufficient(
      `frame rate too low to see blinks: ${fmt(fps, 2)} frames/s, need ${o.minFps}`,
    );
  }
  const pts = samples.map((s) => framePoints(s));
  const eyeWidth = median(
    pts.map(
      (p) =>
        (dist2(p, RIGHT_EYE_OUTER, RIGHT_EYE_INNER) + dist2(p, LEFT_EYE_OUTER, LEFT_EYE_INNER)) / 2,
    ),
  );
  if (!(eyeWidth >= o.minEyeWidthPx)) {
    return insufficient(`eyes too small: ${fmt(eyeWidth, 2)} px wide, need ${o.minEyeWidthPx} px`);
  }
  // Observed time: steps across gaps (face lost) do not count towards "no blinks for T s".
  let observed = 0;
  for (const s of stepList) if (s <= 3 * step) observed += s;

  // Closure per frame from EAR (relative to this face's own open level) and blendshapes.
  const earR = pts.map((p) => eyeAspectRatio(p, RIGHT_EYE_EAR));
  const earL = pts.map((p) => eyeAspectRatio(p, LEFT_EYE_EAR));
  const openR = quantile(earR, 0.9);
  const openL = quantile(earL, 0.9);
  const iBlinkL = blendshapeIndex('eyeBlinkLeft');
  const iBlinkR = blendshapeIndex('eyeBlinkRight');
  const closure = samples.map((s, k) => {
    const cEar =
      (clamp01((openR - earR[k]!) / (0.8 * openR)) + clamp01((openL - earL[k]!) / (0.8 * openL))) /
      2;
    const b = s.blendshapes;
    if (b.length <= Math.max(iBlinkL, iBlinkR)) return cEar;
    return (cEar + clamp01((b[iBlinkL]! + b[iBlinkR]!) / 2)) / 2;
  });
  const blinks = detectBlinks(times, closure, step, o);
  const closures = blinks.filter((b) => b.duration > o.maxBlinkS);
  const real = blinks.filter((b) => b.duration <= o.maxBlinkS);

  const items: CueEvidence[] = [];
  const parts: { score: number; cap?: number }[] = [];

  // Rate: how surprising is seeing this few blinks under the lowest natural rate?
  const detect = Math.min(1, o.closedPhaseS * fps);
  const expected = ((o.lowRatePerMin * detect) / 60) * observed;
  const surprise = -Math.log(Math.max(1e-12, poissonCdf(real.length, expected)));
  const rateScore = sigmoid((surprise - o.surpriseMid) / o.surpriseWidth);
  parts.push({ score: rateScore });
  const perMin = (60 * real.length) / Math.max(observed, 1e-9);
  if (real.length === 0) {
    items.push(
      evidence(
        `No blinks in ${fmt(observed, 2)} s of face; even while reading or at a screen people blink about ${fmt(o.lowRatePerMin, 2)} times a minute.`,
        { value: 0, unit: 'blinks/min', times: [times[0]!, times[times.length - 1]!] },
      ),
    );
  } else {
    items.push(
      evidence(
        `${real.length} blink${real.length === 1 ? '' : 's'} in ${fmt(observed, 2)} s (${fmt(perMin, 2)} a minute); people blink about 4-26 times a minute (reading to conversation).`,
        { value: perMin, unit: 'blinks/min', times: real.slice(0, 10).map((b) => b.peakTime) },
      ),
    );
    items.push(
      evidence(
        `Blinks last about ${fmt(median(real.map((b) => b.duration)), 2)} s (measured at ${fmt(fps, 2)} frames/s; natural 0.1-0.4 s).`,
        { value: median(real.map((b) => b.duration)), unit: 's' },
      ),
    );
  }
  for (const c of closures.slice(0, 3)) {
    items.push(
      evidence(`Eyes stay closed for ${fmt(c.duration, 2)} s (not counted as a blink).`, {
        value: c.duration,
        unit: 's',
        times: [c.start],
      }),
    );
  }

  // Regularity of inter-blink intervals.
  if (real.length >= 5) {
    const intervals: number[] = [];
    for (let k = 1; k < real.length; k++) intervals.push(real[k]!.peakTime - real[k - 1]!.peakTime);
    const cv = std(intervals) / mean(intervals);
    parts.push({
      score: belowScore(cv, o.regularCv, o.regularCvWidth),
      cap: saturate(intervals.length, 4),
    });
    items.push(
      evidence(
        `Time between blinks varies by ${fmt(100 * cv, 2)}% (every ${fmt(mean(intervals), 2)} s on average); natural blinking is irregular, varying by 50% or more.`,
        { value: 100 * cv, unit: '%' },
      ),
    );
  }

  // Completeness: the best frame of each blink should show the lid (nearly) shut.
  if (real.length >= 3) {
    const peak = median(real.map((b) => b.peak));
    parts.push({ score: belowScore(peak, o.incompletePeak, 0.06), cap: 0.6 });
    items.push(
      evidence(`At their deepest, blinks close the eyes ${fmt(100 * peak, 2)}% on average.`, {
        value: 100 * peak,
        unit: '%',
      }),
    );
  }

  // Symmetry and stillness need blendshapes.
  const withShapes = samples.filter((s) => s.blendshapes.length >= 52);
  if (withShapes.length >= samples.length / 2) {
    // Only pairs in use count: two zeros are trivially equal.
    const active = MIRRORED.filter(
      ([l, r]) =>
        mean(
          withShapes.map(
            (s) => s.blendshapes[blendshapeIndex(l)]! + s.blendshapes[blendshapeIndex(r)]!,
          ),
        ) /
          2 >=
        0.02,
    );
    if (active.length > 0) {
      const diffs = withShapes.map((s) => {
        let d = 0;
        for (const [l, r] of active) {
          d += Math.abs(s.blendshapes[blendshapeIndex(l)]! - s.blendshapes[blendshapeIndex(r)]!);
        }
        return d / active.length;
      });
      const asym = median(diffs);
      parts.push({ score: belowScore(asym, o.symmetryFloor, o.symmetryFloor / 3), cap: 0.7 });
      items.push(
        evidence(
          `Left and right halves of the expression (${active.length} mirrored blendshape pairs in use) differ by ${fmt(asym, 2)} on average; real faces are rarely exactly mirrored.`,
          { value: asym },
        ),
      );
    }
    let liveliest = 0;
    let liveliestName: BlendshapeName = EXPRESSIVE[0]!;
    for (const name of EXPRESSIVE) {
      const i = blendshapeIndex(name);
      const v = std(withShapes.map((s) => s.blendshapes[i]!));
      if (v > liveliest) {
        liveliest = v;
        liveliestName = name;
      }
    }
    parts.push({ score: belowScore(liveliest, o.stillnessFloor, o.stillnessFloor / 3), cap: 0.6 });
    items.push(
      evidence(
        `The most active expression (${liveliestName}) varies by ${fmt(liveliest, 2)} over the clip (blendshape units).`,
        { value: liveliest },
      ),
    );
  }

  const score = strongest(parts);
  const measures: Record<string, number> = {
    perMin,
    closedShare: closure.filter((c) => c > 0.5).length / Math.max(1, closure.length),
    closureStd: std(closure),
  };
  if (real.length > 0) measures.durationS = median(real.map((b) => b.duration));
  if (real.length > 0) measures.peak = median(real.map((b) => b.peak));
  const confidence = saturate(observed, 30) * detect * clamp01(eyeWidth / (2 * o.minEyeWidthPx));
  const reason = `${real.length} blinks in ${fmt(observed, 2)} s (${fmt(perMin, 2)}/min)`;
  return scored(score, confidence, reason, items, measures);
}

/**
 * Blinks from a closure series with hysteresis: start at `closedThreshold`, end below
 * `reopenThreshold`. Duration counts one frame step per closed frame.
 */
export function detectBlinks(
  times: readonly number[],
  closure: readonly number[],
  step: number,
  o: Pick<BlinkOptions, 'closedThreshold' | 'reopenThreshold'>,
): Blink[] {
  const out: Blink[] = [];
  let current: Blink | null = null;
  let frames = 0;
  for (let k = 0; k < closure.length; k++) {
    const c = closure[k]!;
    const t = times[k]!;
    if (!current) {
      if (c >= o.closedThreshold) {
        current = { start: t, end: t, peakTime: t, peak: c, duration: 0 };
        frames = 1;
      }
      continue;
    }
    // A gap in the track ends the blink: we cannot say what happened in between.
    const gap = t - times[k - 1]! > 3 * step;
    if (c < o.reopenThreshold || gap) {
      current.duration = frames * step;
      out.push(current);
      current = null;
      if (gap && c >= o.closedThreshold) {
        current = { start: t, end: t, peakTime: t, peak: c, duration: 0 };
        frames = 1;
      }
      continue;
    }
    current.end = t;
    if (c >= o.closedThreshold) frames++;
    if (c > current.peak) {
      current.peak = c;
      current.peakTime = t;
    }
  }
  if (current) {
    current.duration = frames * step;
    out.push(current);
  }
  return out;
}
