/**
 * Streaming verdicts for live video: wraps `fuse` so the badge shows nothing until there is
 * enough face time, then a smoothed risk and a verdict that does not flap.
 *
 * - Publication gate: nothing is published before `firstLookSeconds` and `firstLookFrames` of
 *   face evidence and a fusion result that is not 'insufficient'. What is published before
 *   `minFaceSeconds` and `minFaceFrames` is a first look: a risk, with the verdict held at
 *   'uncertain' (issue #16: a first judgement early, refined later; no early likely-fake).
 * - Risk: an exponential moving average of the fused probability with time constant
 *   `smoothingS`, on the caller's clock (pass a monotonic clock, not media time).
 * - Verdict: a Schmitt trigger around each threshold (enter a verdict `margin` beyond its
 *   threshold, leave it only `margin` back on the other side) and, in addition, a new verdict
 *   must be the target for `confirmUpdates` consecutive updates before it is shown. The first
 *   published verdict is 'uncertain' and moves on under the same rule.
 */
import type { Verdict } from '../messaging/types';
import { fuse, type CueInputs, type FusionResult, type FusionVerdict } from './fusion';
import { DEFAULT_FUSION_WEIGHTS, type FusionThresholds, type FusionWeights } from './weights';

/** Tuning of `StreamingScore`. */
export interface StreamOptions {
  /** Seconds of face time before a first look (a risk, verdict 'uncertain') is published. */
  firstLookSeconds: number;
  /** Analysed frames with a face before a first look is published. */
  firstLookFrames: number;
  /** Seconds of face time before the verdict may leave 'uncertain'. */
  minFaceSeconds: number;
  /** Analysed frames with a face before the verdict may leave 'uncertain'. */
  minFaceFrames: number;
  /** EMA time constant of the published probability, s (0 = no smoothing). */
  smoothingS: number;
  /** Probability margin beyond a threshold needed to enter (and to leave) a verdict. */
  margin: number;
  /** Consecutive updates a new verdict must be the target before it is shown (>= 1). */
  confirmUpdates: number;
}

/**
 * Defaults: a first look after 1 s and 8 face frames; a verdict after 2 s and 12 face frames;
 * 3 s EMA, 0.05, 3 updates.
 */
export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  firstLookSeconds: 1,
  firstLookFrames: 8,
  minFaceSeconds: 2,
  minFaceFrames: 12,
  smoothingS: 3,
  margin: 0.05,
  confirmUpdates: 3,
};

/** Face evidence accumulated so far for this video (running totals, not increments). */
export interface StreamEvidence {
  faceSeconds: number;
  faceFrames: number;
}

/** One update: the time, the evidence so far and the cues' current outputs. */
export interface StreamUpdate {
  /** Caller's monotonic clock, s. */
  nowS: number;
  evidence: StreamEvidence;
  cues: CueInputs;
  /**
   * The unsmoothed result of this update when the caller scored it itself (the learned
   * classifier); without it the cues are fused with the stream's fusion weights.
   */
  result?: FusionResult;
}

/** What the verdict hysteresis needs of a scoring model. */
export interface VerdictRules {
  thresholds: FusionThresholds;
  /** Cues with data needed before likely-fake can be shown. */
  cuesForLikelyFake: number;
}

/** What the badge should show after an update. */
export interface StreamState {
  /** False until the publication gate opens; stays true afterwards (until `reset`). */
  published: boolean;
  /** 'insufficient' until published. */
  verdict: FusionVerdict;
  /** Smoothed risk, integer 0..100; null until published. */
  risk: number | null;
  /** Smoothed probability; null until published. */
  probability: number | null;
  /** Why nothing is published yet, or why the latest update was not used. */
  reason?: string;
  /** Fusion of the latest update, unsmoothed (null before the first update). */
  latest: FusionResult | null;
  /** Updates folded into the smoothed value. */
  updates: number;
}

/** The verdict the smoothed probability points to, given the verdict now shown. */
function targetVerdict(
  p: number,
  current: Verdict,
  t: FusionThresholds,
  margin: number,
  fakeAllowed: boolean,
): Verdict {
  if (fakeAllowed && p >= t.likelyFake + margin) return 'likely-fake';
  if (p < t.likelyReal - margin) return 'likely-real';
  if (fakeAllowed && current === 'likely-fake' && p >= t.likelyFake - margin) return 'likely-fake';
  if (current === 'likely-real' && p < t.likelyReal + margin) return 'likely-real';
  return 'uncertain';
}

function finiteOr0(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/**
 * Per-video streaming score. Pure: no timers, no clock of its own; feed it `update` calls.
 *
 * @example
 * const stream = new StreamingScore();
 * const state = stream.update({ nowS: performance.now() / 1000, evidence, cues });
 * if (state.published) badge.show(state.risk, state.verdict);
 */
export class StreamingScore {
  private readonly weights: FusionWeights;
  private readonly rules: VerdictRules;
  private readonly options: StreamOptions;
  private state: StreamState;
  private lastT = 0;
  private pending: Verdict | null = null;
  private pendingCount = 0;
  /** The verdict may leave 'uncertain' (the full evidence gate was passed). */
  private decided = false;

  constructor(
    weights: FusionWeights = DEFAULT_FUSION_WEIGHTS,
    options: Partial<StreamOptions> = {},
    rules?: VerdictRules,
  ) {
    this.weights = weights;
    this.rules = rules ?? {
      thresholds: weights.thresholds,
      cuesForLikelyFake: weights.minEvidence.cuesForLikelyFake,
    };
    this.options = { ...DEFAULT_STREAM_OPTIONS, ...options };
    if (!(this.options.confirmUpdates >= 1)) throw new RangeError('confirmUpdates must be >= 1');
    if (!(this.options.smoothingS >= 0)) throw new RangeError('smoothingS must be >= 0');
    if (!(this.options.margin >= 0)) throw new RangeError('margin must be >= 0');
    this.state = this.initial();
  }

  /** The state after the latest update. */
  get current(): StreamState {
    return this.state;
  }

  /** Forgets everything (new video, or the page swapped the video's source). */
  reset(): void {
    this.state = this.initial();
    this.lastT = 0;
    this.pending = null;
    this.pendingCount = 0;
    this.decided = false;
  }

  /** Folds in one update and returns the new state. */
  update({ nowS, evidence, cues, result }: StreamUpdate): StreamState {
    const latest = result ?? fuse(cues, this.weights);
    const o = this.options;
    const seconds = finiteOr0(evidence.faceSeconds);
    const frames = finiteOr0(evidence.faceFrames);
    this.decided ||= seconds >= o.minFaceSeconds && frames >= o.minFaceFrames;
    if (!this.state.published) {
      const needS = Math.min(o.firstLookSeconds, o.minFaceSeconds);
      const needFrames = Math.min(o.firstLookFrames, o.minFaceFrames);
      if (seconds < needS || frames < needFrames) {
        const reason = `Need ${needS} s and ${needFrames} frames of face (have ${seconds.toFixed(1)} s, ${frames})`;
        this.state = { ...this.initial(), latest, reason };
        return this.state;
      }
      if (latest.verdict === 'insufficient') {
        this.state = { ...this.initial(), latest, reason: latest.reason };
        return this.state;
      }
      this.lastT = finiteOr0(nowS);
      this.state = {
        published: true,
        verdict: 'uncertain',
        risk: null,
        probability: latest.probability,
        latest,
        updates: 0,
      };
      return this.advance(latest);
    }
    if (latest.verdict === 'insufficient') {
      this.state = { ...this.state, latest, reason: `Kept last score: ${latest.reason}` };
      return this.state;
    }
    const now = Number.isFinite(nowS) ? nowS : this.lastT;
    const dt = Math.max(0, now - this.lastT);
    this.lastT = now;
    const alpha = o.smoothingS > 0 ? 1 - Math.exp(-dt / o.smoothingS) : 1;
    const previous = this.state.probability ?? latest.probability;
    this.state = { ...this.state, probability: previous + alpha * (latest.probability - previous) };
    return this.advance(latest);
  }

  /** Applies the verdict hysteresis to the smoothed probability. */
  private advance(latest: FusionResult): StreamState {
    const p = this.state.probability ?? 0;
    const current = this.state.verdict === 'insufficient' ? 'uncertain' : this.state.verdict;
    const fakeAllowed = latest.evidence.cues >= this.rules.cuesForLikelyFake;
    // A first look (before the full evidence gate) keeps the verdict at 'uncertain'.
    const target = this.decided
      ? targetVerdict(p, current, this.rules.thresholds, this.options.margin, fakeAllowed)
      : current;
    let verdict = current;
    if (target === current) {
      this.pending = null;
      this.pendingCount = 0;
    } else {
      this.pendingCount = this.pending === target ? this.pendingCount + 1 : 1;
      this.pending = target;
      if (this.pendingCount >= this.options.confirmUpdates) {
        verdict = target;
        this.pending = null;
        this.pendingCount = 0;
      }
    }
    this.state = {
      published: true,
      verdict,
      risk: Math.round(100 * p),
      probability: p,
      latest,
      updates: this.state.updates + 1,
    };
    return this.state;
  }

  private initial(): StreamState {
    return {
      published: false,
      verdict: 'insufficient',
      risk: null,
      probability: null,
      latest: null,
      updates: 0,
    };
  }
}
