/**
 * Pulse cue (remote photoplethysmography; FakeCatcher, Ciftci, Demir & Yin 2020): each heartbeat
 * changes the skin's blood volume and so its colour, by a fraction of a percent, in step across
 * the whole face. Real faces show one dominant rhythm at the heart rate, shared by forehead and
 * both cheeks; generated faces usually show no rhythm or unrelated ones per region.
 *
 * Per region (forehead, cheeks) the mean RGB is resampled on the measured sample times, turned
 * into a pulse signal with POS (Wang, den Brinker, Stuijk & de Haan 2017, "Algorithmic Principles
 * of Remote PPG": per 1.6 s window, normalise each channel by its mean, project onto G - B and
 * G + B - 2R, combine with the ratio of their spreads, overlap-add), detrended, and analysed in
 * the heart-rate band 0.7-4 Hz (42-240 bpm), cut at 90 % of the Nyquist frequency of the actual
 * sampling rate (at the live ~8 frames/s that is 3.6 Hz, 216 bpm).
 */

import type { CueEvidence, CueReport } from '../messaging/types';
import type { FaceSample, FaceTrack, Rgb } from '../tracks/types';
import { evidence, insufficient, notEnoughSeconds, scored } from './report';
import {
  clamp01,
  detrendLinear,
  dftAt,
  fisherG,
  fmt,
  frequencyGrid,
  hann,
  median,
  resampleUniform,
  saturate,
  sigmoid,
  std,
} from './signal';

/** Tunable constants of the pulse cue (see PULSE_DEFAULTS for the reasoning). */
export interface PulseOptions {
  /** Abstain below this many seconds of contiguous skin samples. */
  minDurationS: number;
  /** Abstain when the highest analysable frequency (0.9 x Nyquist) is below this, Hz. */
  minTopHz: number;
  /** Heart-rate band, Hz. */
  bandLowHz: number;
  bandHighHz: number;
  /** POS window, s. */
  posWindowS: number;
  /**
   * Abstain when the median face box is narrower than this, px of the image the skin means were
   * read from (skin means get too noisy).
   */
  minFaceWidthPx: number;
  /** Periodicity score is 0.5 at this -log10 p of Fisher's g test, falling per `width`. */
  significanceMid: number;
  significanceWidth: number;
  /** Coherence score is 0.5 at this mean band-limited correlation between regions. */
  coherenceMid: number;
  coherenceWidth: number;
  /** Region heart rates within this of the common one agree, Hz. */
  agreementHz: number;
  /** Most confidence this cue ever claims (rPPG from compressed web video is fragile). */
  maxConfidence: number;
}

/**
 * Defaults.
 * - Band 0.7-4 Hz: resting to exercising adult heart rates, 42-240 bpm.
 * - posWindowS 1.6: Wang et al. 2017 (32 frames at 20 fps), about one beat at 40 bpm.
 * - minDurationS 8: frequency resolution 1/T = 0.125 Hz (7.5 bpm) and 6+ beats at 45 bpm.
 * - minTopHz 1.5 (90 bpm): below that most resting heart rates are not resolvable.
 * - significanceMid 1.3: p = 0.05, the conventional significance level for Fisher's g.
 * - coherenceMid 0.25: for M independent frequency bins, unrelated regions correlate by about
 *   +-1/sqrt(M) (0.2 for 10 s at 8 fps); one shared pulse with modest SNR gives 0.5 or more.
 * - agreementHz 0.15 (9 bpm): a bit more than the 0.125 Hz resolution of an 8 s window.
 * - maxConfidence 0.6: compression and motion destroy rPPG in many real videos (FakeCatcher
 *   reports clear drops on compressed footage), so absence of a pulse is weak evidence.
 */
export const PULSE_DEFAULTS: PulseOptions = {
  minDurationS: 8,
  minTopHz: 1.5,
  bandLowHz: 0.7,
  bandHighHz: 4,
  posWindowS: 1.6,
  minFaceWidthPx: 48,
  significanceMid: 1.3,
  significanceWidth: 0.5,
  coherenceMid: 0.25,
  coherenceWidth: 0.1,
  agreementHz: 0.15,
  maxConfidence: 0.6,
};

const REGIONS = ['forehead', 'leftCheek', 'rightCheek'] as const;
const REGION_WORDS: Record<(typeof REGIONS)[number], string> = {
  forehead: 'forehead',
  leftCheek: 'left cheek',
  rightCheek: 'right cheek',
};

type SkinSample = FaceSample & { skin: NonNullable<FaceSample['skin']> };

/**
 * Scores the absence of a coherent heart-rate rhythm in skin colour.
 * Abstains below `minDurationS` of contiguous skin samples, when the sampling rate cannot reach
 * `minTopHz`, when the face is smaller than `minFaceWidthPx`, or when the skin is too dark or
 * overexposed to carry a colour signal.
 */
export function pulseCue(track: FaceTrack, options: Partial<PulseOptions> = {}): CueReport {
  const o = { ...PULSE_DEFAULTS, ...options };
  const all = track.samples.filter((s): s is SkinSample => !!s.skin);
  if (all.length < 2) return insufficient('not enough data: no skin colour samples');
  const run = longestRun(all);
  const times = run.map((s) => s.t);
  const span = times[times.length - 1]! - times[0]!;
  if (span < o.minDurationS) {
    return insufficient(notEnoughSeconds(span, o.minDurationS, 'of skin colour without gaps'));
  }
  const steps: number[] = [];
  for (let k = 1; k < times.length; k++) steps.push(times[k]! - times[k - 1]!);
  const fs = 1 / median(steps);
  const top = Math.min(o.bandHighHz, 0.45 * fs);
  if (top < o.minTopHz) {
    return insufficient(
      `sampling too slow for a pulse: ${fmt(fs, 2)} frames/s, need ${fmt(o.minTopHz / 0.45, 2)}`,
    );
  }
  // In the pixels the skin means were read from (a native face crop has more than the frame).
  const faceWidth = median(run.map((s) => s.box.width * (s.measuredScale ?? 1)));
  if (!(faceWidth >= o.minFaceWidthPx)) {
    return insufficient(`face too small: ${fmt(faceWidth, 2)} px, need ${o.minFaceWidthPx} px`);
  }
  const green = median(run.map((s) => s.skin.forehead[1]));
  if (green < 20)
    return insufficient(`skin too dark to read a pulse: green level ${fmt(green, 2)}`);
  if (median(run.map((s) => Math.max(...s.skin.forehead))) > 250) {
    return insufficient('skin overexposed: colour changes are clipped');
  }

  // POS signal per region on a uniform grid at the measured rate, normalised to unit spread.
  const signals = REGIONS.map((region) => {
    const channel = (c: 0 | 1 | 2) =>
      resampleUniform(
        times,
        run.map((s) => (s.skin[region] as Rgb)[c]),
        fs,
      );
    const h = detrendLinear(pos(channel(0), channel(1), channel(2), fs, o.posWindowS));
    const sd = std(h);
    return sd > 0 ? h.map((x) => x / sd) : h;
  });
  const n = signals[0]!.length;
  const combined = new Float64Array(n);
  for (const sig of signals) for (let i = 0; i < n; i++) combined[i] = combined[i]! + sig[i]!;

  // Fourier frequencies in band: for Fisher's test and the band-limited correlation.
  const duration = n / fs;
  const fourier = frequencyGrid(o.bandLowHz, top, 1 / duration);
  const specs = signals.map((sig) => dftAt(sig, fs, fourier));
  const { p } = fisherG(dftAt(combined, fs, fourier).power);
  const significance = -Math.log10(Math.max(p, 1e-12));

  // Peak frequencies on a 4x finer grid with a Hann window (less leakage between bins).
  const fine = frequencyGrid(o.bandLowHz, top, 1 / (4 * duration));
  const window = hann(n);
  const peakOf = (sig: Float64Array) => {
    const spec = dftAt(
      sig.map((x, i) => x * window[i]!),
      fs,
      fine,
    );
    let best = 0;
    for (let k = 1; k < fine.length; k++) if (spec.power[k]! > spec.power[best]!) best = k;
    return fine[best]!;
  };
  const commonHz = peakOf(combined);
  const regionHz = signals.map(peakOf);

  let coherence = 0;
  let pairs = 0;
  for (let a = 0; a < specs.length; a++) {
    for (let b = a + 1; b < specs.length; b++) {
      const sa = specs[a]!;
      const sb = specs[b]!;
      let cross = 0;
      let pa = 0;
      let pb = 0;
      for (let k = 0; k < fourier.length; k++) {
        cross += sa.re[k]! * sb.re[k]! + sa.im[k]! * sb.im[k]!;
        pa += sa.power[k]!;
        pb += sb.power[k]!;
      }
      coherence += pa > 0 && pb > 0 ? cross / Math.sqrt(pa * pb) : 0;
      pairs++;
    }
  }
  coherence /= pairs;

  const periodicityScore = sigmoid((o.significanceMid - significance) / o.significanceWidth);
  const coherenceScore = sigmoid((o.coherenceMid - coherence) / o.coherenceWidth);
  // Both measure "no shared heartbeat"; averaging keeps either alone from deciding.
  const score = (periodicityScore + coherenceScore) / 2;
  const agreeing = regionHz.filter((f) => Math.abs(f - commonHz) <= o.agreementHz).length;
  const confidence =
    o.maxConfidence * saturate(span, 15) * clamp01(faceWidth / (2 * o.minFaceWidthPx));

  const bpm = (f: number) => fmt(60 * f, 2);
  const items: CueEvidence[] = [
    evidence(
      significance >= o.significanceMid
        ? `Skin colour pulses at ${bpm(commonHz)} beats per minute (chance of a rhythm this clear in noise: ${fmt(p, 2)}).`
        : `No clear heartbeat rhythm in skin colour: the strongest, at ${bpm(commonHz)} beats per minute, is as clear as noise would give by chance (p = ${fmt(p, 2)}).`,
      { value: 60 * commonHz, unit: 'bpm', times: [times[0]!, times[times.length - 1]!] },
    ),
    evidence(
      `Forehead and cheeks change colour ${coherence >= o.coherenceMid ? 'together' : 'independently'} (band-limited correlation ${fmt(coherence, 2)}; one heartbeat drives all of a real face).`,
      { value: coherence },
    ),
    evidence(
      `Strongest rhythm per region: ${REGIONS.map((r, i) => `${REGION_WORDS[r]} ${bpm(regionHz[i]!)}`).join(', ')} bpm; ${agreeing} of 3 agree within ${bpm(o.agreementHz)} bpm.`,
      { value: agreeing, unit: 'regions' },
    ),
  ];
  const reason = `pulse ${bpm(commonHz)} bpm, p = ${fmt(p, 2)}, region correlation ${fmt(coherence, 2)} over ${fmt(span, 2)} s at ${fmt(fs, 2)} frames/s`;
  return scored(score, confidence, reason, items, {
    significance,
    coherence,
    agreeing,
  });
}

/**
 * Plane-orthogonal-to-skin pulse extraction (Wang et al. 2017, Algorithm 1): sliding windows of
 * `windowS`, temporal normalisation per channel, projection onto [0, 1, -1] and [-2, 1, 1],
 * alpha tuning, overlap-add.
 */
export function pos(
  r: Float64Array,
  g: Float64Array,
  b: Float64Array,
  fs: number,
  windowS: number,
): Float64Array {
  const n = r.length;
  const len = Math.min(n, Math.max(3, Math.round(windowS * fs)));
  const out = new Float64Array(n);
  const s1 = new Float64Array(len);
  const s2 = new Float64Array(len);
  for (let start = 0; start + len <= n; start++) {
    let mr = 0;
    let mg = 0;
    let mb = 0;
    for (let i = 0; i < len; i++) {
      mr += r[start + i]!;
      mg += g[start + i]!;
      mb += b[start + i]!;
    }
    mr /= len;
    mg /= len;
    mb /= len;
    if (!(mr > 0 && mg > 0 && mb > 0)) continue;
    for (let i = 0; i < len; i++) {
      const cr = r[start + i]! / mr;
      const cg = g[start + i]! / mg;
      const cb = b[start + i]! / mb;
      s1[i] = cg - cb;
      s2[i] = cg + cb - 2 * cr;
    }
    const sd2 = std(s2);
    const alpha = sd2 > 0 ? std(s1) / sd2 : 0;
    let mh = 0;
    for (let i = 0; i < len; i++) mh += s1[i]! + alpha * s2[i]!;
    mh /= len;
    for (let i = 0; i < len; i++) out[start + i] = out[start + i]! + s1[i]! + alpha * s2[i]! - mh;
  }
  return out;
}

/** The longest run of samples without a gap (over 0.5 s or 3 median steps). */
function longestRun(samples: SkinSample[]): SkinSample[] {
  const steps: number[] = [];
  for (let k = 1; k < samples.length; k++) steps.push(samples[k]!.t - samples[k - 1]!.t);
  const maxGap = Math.max(0.5, 3 * median(steps));
  let best: [number, number] = [0, 1];
  let start = 0;
  for (let k = 1; k <= samples.length; k++) {
    if (k === samples.length || samples[k]!.t - samples[k - 1]!.t > maxGap) {
      if (k - start > best[1] - best[0]) best = [start, k];
      start = k;
    }
  }
  return samples.slice(best[0], best[1]);
}
