/**
 * Cue `lrnet`: LRNet (Sun et al., "Improving the Efficiency and Robustness of Deepfakes
 * Detection through Precise Geometric Features", CVPR 2021; github.com/frederickszk/LRNet, MIT),
 * a two-stream GRU over 68-point landmark sequences, run on the face track.
 *
 * Method, as LRNet's own inference does it (demo/classify.py, configs/args_inference.yaml):
 * - the track's landmarks normalised as LRNet normalises them (lrnet-landmarks.ts);
 * - non-overlapping windows of BLOCK = 30 frames, starting at 0, 30, 60... while the start is
 *   below frames - 30 (Python's range(0, n - block, block): a window needs one frame after it);
 * - g1 sees the 30 rows, g2 their 29 frame-to-frame differences (row t+1 - row t);
 * - per window P(fake) = (g1 P(fake) + g2 P(fake)) / 2; LRNet's video score is the share of
 *   windows with P(fake) >= 0.5.
 * Score: the mean window P(fake) (with two or three windows per clip the vote share is too
 * coarse to rank by); measures: g1, g2 and pFake (means over windows), vote (LRNet's video score)
 * and windows. The learned classifier (lib/features) reads the measures.
 *
 * Deviations, all of which push the input out of LRNet's training distribution (hence the low
 * confidence cap):
 * - Frame rate: LRNet was trained on every frame of 25-30 fps video (a window is ~1 s); the
 *   extension samples ~8 fps, so a window spans ~4 s and the frame differences g2 sees are those
 *   of frames ~3x further apart. The sequence goes in as sampled: interpolating up to 25 fps
 *   would invent exactly the smooth motion between samples whose irregularity LRNet looks for,
 *   and sampling at LRNet's rate is not something the analyser can afford.
 * - The classifier read LRNet's outputs on tracks at LRNET_SEQUENCE_FPS (`npm run eval:cv`,
 *   fps 8), and they depend on the rate (g2 sees frame differences). A track analysed faster
 *   (the live sampler at 16 fps) is thinned to that rate first (`atSequenceRate`), so a faster
 *   sampler feeds LRNet the sequences the classifier was fitted on, not denser ones.
 * - Landmarks: MediaPipe's mesh mapped to 68 points, not FAN's 68; no optical-flow calibration.
 */
import type { CueReport } from '../messaging/types';
import type { FaceSample, FaceTrack } from '../tracks/types';
import { lrnetSequence } from './lrnet-landmarks';
import { LRNET_INPUT, lrnetForward, type LrnetModel } from './lrnet-network';
import { evidence, insufficient, scored } from './report';

export type { LrnetModel } from './lrnet-network';

/** Why the weights are not there (setup could not install them, or loading failed). */
export interface LrnetUnavailable {
  unavailable: string;
}

export interface LrnetOptions {
  /** Frames per window (LRNet's BLOCK_SIZE). */
  block: number;
  /** Confidence ceiling: the input is off LRNet's training distribution (see above). */
  maxConfidence: number;
  /** Windows for full confidence (below the ceiling). */
  fullConfidenceWindows: number;
  /** Label of the weight set in the evidence. */
  trainedOn: Record<string, string>;
}

export const LRNET_DEFAULTS: LrnetOptions = {
  block: 30,
  maxConfidence: 0.3,
  fullConfidenceWindows: 3,
  trainedOn: { dfo: 'DeeperForensics-1.0', ffpp: 'FaceForensics++' },
};

/** Per-window results, for the cue and for diagnostics. */
export interface LrnetWindow {
  /** Media time of the window's first frame, s. */
  t: number;
  g1: number;
  g2: number;
  pFake: number;
}

/** Rate of the tracks the classifier's LRNet features were fitted on (npm run eval:cv --fps). */
export const LRNET_SEQUENCE_FPS = 8;

/**
 * The track at most `fps` frames per second: a track analysed faster than 1.25x `fps` keeps a
 * sample once at least 0.75 / fps s have passed since the last kept one (a 25 fps video sampled
 * at 15 fps keeps gaps of 0.12-0.16 s, as 8 fps sampling gives), and the kept samples are
 * renumbered so that a gap in time stays a gap in frames (lrnetSequence fills short gaps).
 * Slower tracks come back unchanged.
 */
export function atSequenceRate(track: FaceTrack, fps = LRNET_SEQUENCE_FPS): FaceTrack {
  if (!(track.fps > 1.25 * fps) || track.samples.length === 0) return track;
  const minGap = 0.75 / fps;
  const samples: FaceSample[] = [];
  let last: FaceSample | null = null;
  let frame = 0;
  for (const sample of track.samples) {
    if (last) {
      const dt = sample.t - last.t;
      if (dt < minGap) continue;
      frame += Math.max(1, Math.round(dt * fps));
    }
    samples.push({ ...sample, frame });
    last = sample;
  }
  return { ...track, samples, fps };
}

/** LRNet's windows over a track (empty when the track is too short). */
export function lrnetWindows(
  track: FaceTrack,
  model: LrnetModel,
  block = LRNET_DEFAULTS.block,
): LrnetWindow[] {
  const seq = lrnetSequence(atSequenceRate(track));
  const out: LrnetWindow[] = [];
  const diff = new Float32Array((block - 1) * LRNET_INPUT);
  for (let start = 0; start < seq.frames - block; start += block) {
    const rows = seq.data.subarray(start * LRNET_INPUT, (start + block) * LRNET_INPUT);
    for (let t = 0; t < block - 1; t++) {
      for (let k = 0; k < LRNET_INPUT; k++) {
        diff[t * LRNET_INPUT + k] =
          (rows[(t + 1) * LRNET_INPUT + k] as number) - (rows[t * LRNET_INPUT + k] as number);
      }
    }
    const g1 = lrnetForward(model.g1, rows, block)[1];
    const g2 = lrnetForward(model.g2, diff, block - 1)[1];
    out.push({ t: seq.times[start] ?? 0, g1, g2, pFake: (g1 + g2) / 2 });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export function lrnetCue(
  track: FaceTrack,
  weights: LrnetModel | LrnetUnavailable,
  options: Partial<LrnetOptions> = {},
): CueReport {
  const o = { ...LRNET_DEFAULTS, ...options };
  if ('unavailable' in weights) {
    return insufficient(`LRNet model unavailable: ${weights.unavailable}`);
  }
  // Thinned once here; lrnetWindows returns a track already at the rate as it is.
  const atRate = atSequenceRate(track);
  const windows = lrnetWindows(atRate, weights, o.block);
  if (windows.length === 0) {
    return insufficient(
      `not enough data: ${atRate.samples.length} frame(s) of face at up to ${LRNET_SEQUENCE_FPS} fps, LRNet needs more than ${o.block} (one ${o.block}-frame window)`,
    );
  }
  const g1 = mean(windows.map((w) => w.g1));
  const g2 = mean(windows.map((w) => w.g2));
  const pFake = mean(windows.map((w) => w.pFake));
  const flagged = windows.filter((w) => w.pFake >= 0.5);
  const vote = flagged.length / windows.length;
  const trainedOn = o.trainedOn[weights.name] ?? weights.name;
  return scored(
    pFake,
    o.maxConfidence * Math.min(1, windows.length / o.fullConfidenceWindows),
    `LRNet mean P(fake) ${pFake.toFixed(2)} over ${windows.length} window(s) of ${o.block} frames`,
    [
      evidence(
        `Landmark-motion model (LRNet, trained on ${trainedOn}) rated ${flagged.length} of ${windows.length} stretches of face movement as manipulated`,
        { value: pFake, unit: 'mean P(fake)', times: flagged.map((w) => w.t) },
      ),
    ],
    { g1, g2, pFake, vote, windows: windows.length },
  );
}
