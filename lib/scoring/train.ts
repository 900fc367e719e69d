/**
 * Fitting the fusion weights from labelled examples (e.g. the scan over the fixture videos).
 *
 * Model: the logistic regression that `fuse` evaluates, with per-cue parameters
 * `weight` (on confidence x logit(score), constrained >= 0 so fusion stays monotone) and
 * `presence` (on confidence, any sign), plus an unpenalised bias. Objective: mean log loss
 * (optionally class-balanced) + l2/2 * (sum weight^2 + sum presence^2), minimised by
 * accelerated projected gradient descent (FISTA with gradient restart) from zero: deterministic.
 *
 * Thresholds are then read off the training probabilities (lib/scoring/calibration.ts):
 * likelyFake for FPR <= fprTarget on the reals, likelyReal for at most fnrTarget of the fakes
 * below it; with too few examples of a class, conservative defaults win. Training-set rates
 * are optimistic: evaluate on held-out videos.
 */
import { cueFeatures, DEFAULT_SCORE_EPSILON, sigmoid } from './features';
import { fakeThresholdForFpr, realThresholdForFnr } from './calibration';
import { fuse } from './fusion';
import { rocAuc, ratesAt, type Label } from './metrics';
import {
  DEFAULT_MIN_EVIDENCE,
  type CueWeight,
  type FusionWeights,
  type MinEvidence,
  type TrainingSummary,
} from './weights';

/** One cue's output in a training example; null (or absent) when the cue gave nothing. */
export interface TrainingCue {
  score: number | null;
  confidence: number;
  status?: 'ok' | 'insufficient';
}

/** One labelled video. */
export interface TrainingExample {
  /** 1 = fake, 0 = real. */
  label: Label;
  cues: Readonly<Record<string, TrainingCue | null | undefined>>;
}

/** Options of `trainFusion`; only `trainedOn` is required. */
export interface TrainOptions {
  /** What the examples were, e.g. "fixtures/media 19 videos + 40 synthetic, scan v3". */
  trainedOn: string;
  /** Defaults to "trained-" + a hash of the fitted parameters and thresholds. */
  version?: string;
  /** ISO 8601; defaults to now. Pass one for byte-identical output. */
  createdAt?: string;
  notes?: string;
  /** Cue names to fit; default: every name with data in some example. */
  cues?: readonly string[];
  /** L2 penalty on cue parameters (default 0.01). */
  l2?: number;
  /** Weight the two classes equally (default true). */
  balanced?: boolean;
  /**
   * Fit the per-cue presence terms (default false). Whether a cue speaks depends on clip length,
   * face size and lighting as much as on authenticity, so on small training sets presence
   * mostly learns the data set; it is left at 0 unless asked for.
   */
  fitPresence?: boolean;
  /** Highest share of reals called likely-fake on the training set (default 0.05). */
  fprTarget?: number;
  /** Highest share of fakes called likely-real on the training set (default 0.05). */
  fnrTarget?: number;
  /** Reals needed to fit likelyFake, else the fallback is used (default 20). */
  minRealsForThreshold?: number;
  /** Fakes needed to fit likelyReal, else the fallback is used (default 20). */
  minFakesForThreshold?: number;
  /** Conservative likelyFake with too few reals; never lowered (default 0.85). */
  fallbackLikelyFake?: number;
  /** Conservative likelyReal with too few fakes; never raised (default 0.3). */
  fallbackLikelyReal?: number;
  /** likelyFake is never set below this, however clean the training set (default 0.7). */
  minLikelyFake?: number;
  /** likelyReal is never set above this (default 0.5). */
  maxLikelyReal?: number;
  /** Smallest uncertain band likelyFake - likelyReal (default 0.1). */
  minBand?: number;
  scoreEpsilon?: number;
  minEvidence?: MinEvidence;
  /** Iteration cap of the optimiser (default 20000). */
  maxIterations?: number;
  /** Stop when no parameter moves more than this in one step (default 1e-10). */
  tolerance?: number;
}

/** What `trainFusion` returns: the weights file and the per-example training probabilities. */
export interface TrainResult {
  /** Ready for `serializeFusionWeights` and `fuse`. */
  weights: FusionWeights;
  /** `fuse(example.cues, weights)` probability per example, null where fusion abstains. */
  probabilities: (number | null)[];
}

const MAX_THRESHOLD = 0.9999;
const MIN_THRESHOLD = 0.0001;

/** Parameters rounded to 1e-6 so the file reads well; applied before thresholds are chosen. */
function round6(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

/** FNV-1a 32-bit, hex: a short content hash for the default version. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function cueNamesOf(examples: readonly TrainingExample[], eps: number): string[] {
  const names = new Set<string>();
  for (const ex of examples) {
    for (const [name, cue] of Object.entries(ex.cues)) {
      if (cueFeatures(cue, eps)) names.add(name);
    }
  }
  return [...names].sort();
}

interface Fit {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  logLoss: number;
}

/**
 * Minimises weighted mean log loss + l2/2 * |theta[1..]|^2 over rows x (x[0] = 1 for the bias)
 * subject to theta[j] >= 0 for j in `nonNegative`.
 */
function fitLogistic(
  rows: readonly Float64Array[],
  labels: readonly Label[],
  sampleWeights: readonly number[],
  nonNegative: readonly number[],
  l2: number,
  maxIterations: number,
  tolerance: number,
): Fit {
  const d = rows[0]?.length ?? 1;
  const totalWeight = sampleWeights.reduce((a, b) => a + b, 0);
  let maxNorm = 0;
  for (const x of rows)
    maxNorm = Math.max(
      maxNorm,
      x.reduce((a, v) => a + v * v, 0),
    );
  // Lipschitz constant of the gradient: the log-loss Hessian is <= 0.25 * mean x x^T.
  const step = 1 / (0.25 * maxNorm + l2);

  const gradient = (theta: Float64Array): Float64Array => {
    const g = new Float64Array(d);
    rows.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += (theta[j] ?? 0) * (x[j] ?? 0);
      const r = ((sigmoid(z) - (labels[i] ?? 0)) * (sampleWeights[i] ?? 0)) / totalWeight;
      for (let j = 0; j < d; j++) g[j] = (g[j] ?? 0) + r * (x[j] ?? 0);
    });
    for (let j = 1; j < d; j++) g[j] = (g[j] ?? 0) + l2 * (theta[j] ?? 0);
    return g;
  };

  let theta = new Float64Array(d);
  let y = new Float64Array(d);
  let t = 1;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const g = gradient(y);
    const next = new Float64Array(d);
    for (let j = 0; j < d; j++) next[j] = (y[j] ?? 0) - step * (g[j] ?? 0);
    for (const j of nonNegative) next[j] = Math.max(0, next[j] ?? 0);
    let moved = 0;
    let restartDot = 0;
    for (let j = 0; j < d; j++) {
      const delta = (next[j] ?? 0) - (theta[j] ?? 0);
      moved = Math.max(moved, Math.abs(delta));
      restartDot += ((y[j] ?? 0) - (next[j] ?? 0)) * delta;
    }
    if (moved <= tolerance) {
      theta = next;
      converged = true;
      break;
    }
    // Gradient restart (O'Donoghue & Candes 2015): drop momentum when it points uphill.
    const tNext = restartDot > 0 ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const momentum = restartDot > 0 ? 0 : (t - 1) / tNext;
    y = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      y[j] = (next[j] ?? 0) + momentum * ((next[j] ?? 0) - (theta[j] ?? 0));
    }
    theta = next;
    t = tNext;
  }

  let loss = 0;
  rows.forEach((x, i) => {
    let z = 0;
    for (let j = 0; j < d; j++) z += (theta[j] ?? 0) * (x[j] ?? 0);
    // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed stably.
    const m = labels[i] === 1 ? -z : z;
    const l = m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    loss += (sampleWeights[i] ?? 0) * l;
  });
  return { theta, iterations, converged, logLoss: loss / totalWeight };
}

/**
 * Fits fusion weights and thresholds to labelled examples. Throws RangeError unless there is
 * at least one real and one fake example. Deterministic for the same examples and options
 * (except `createdAt`, which defaults to now).
 */
export function trainFusion(
  examples: readonly TrainingExample[],
  options: TrainOptions,
): TrainResult {
  const eps = options.scoreEpsilon ?? DEFAULT_SCORE_EPSILON;
  const l2 = options.l2 ?? 0.01;
  const balanced = options.balanced ?? true;
  const fprTarget = options.fprTarget ?? 0.05;
  const fnrTarget = options.fnrTarget ?? 0.05;
  const minEvidence = options.minEvidence ?? DEFAULT_MIN_EVIDENCE;
  if (!(l2 > 0)) throw new RangeError('l2 must be > 0 (it keeps separable data finite)');

  const labels = examples.map((ex) => ex.label);
  const fakes = labels.filter((l) => l === 1).length;
  const reals = labels.length - fakes;
  if (fakes === 0 || reals === 0) {
    throw new RangeError(`need real and fake examples (have ${reals} real, ${fakes} fake)`);
  }

  // Layout: [bias, weight per cue..., presence per cue...].
  const names = options.cues ? [...new Set(options.cues)].sort() : cueNamesOf(examples, eps);
  const m = names.length;
  const rows = examples.map((ex) => {
    const x = new Float64Array(1 + 2 * m);
    x[0] = 1;
    names.forEach((name, j) => {
      const f = Object.hasOwn(ex.cues, name) ? cueFeatures(ex.cues[name], eps) : null;
      if (f) {
        x[1 + j] = f.evidence;
        if (options.fitPresence) x[1 + m + j] = f.presence;
      }
    });
    return x;
  });
  const sampleWeights = labels.map((l) =>
    balanced ? labels.length / (2 * (l === 1 ? fakes : reals)) : 1,
  );
  const fit = fitLogistic(
    rows,
    labels,
    sampleWeights,
    names.map((_, j) => 1 + j),
    l2,
    options.maxIterations ?? 20_000,
    options.tolerance ?? 1e-10,
  );

  const cues: Record<string, CueWeight> = {};
  names.forEach((name, j) => {
    cues[name] = {
      weight: Math.max(0, round6(fit.theta[1 + j] ?? 0)),
      presence: round6(fit.theta[1 + m + j] ?? 0),
    };
  });
  const draft: FusionWeights = {
    version: 'draft',
    trainedOn: options.trainedOn,
    createdAt: options.createdAt ?? new Date().toISOString(),
    bias: round6(fit.theta[0] ?? 0),
    scoreEpsilon: eps,
    cues,
    thresholds: { likelyFake: MAX_THRESHOLD, likelyReal: MIN_THRESHOLD },
    minEvidence,
  };
  if (options.notes !== undefined) draft.notes = options.notes;

  // Thresholds from what fusion itself computes, over the examples it would score.
  const fused = examples.map((ex) => fuse(ex.cues, draft));
  const scored: { p: number; label: Label }[] = [];
  fused.forEach((r, i) => {
    if (r.verdict !== 'insufficient') scored.push({ p: sigmoid(r.logit), label: labels[i] ?? 0 });
  });
  const realP = scored.filter((s) => s.label === 0).map((s) => s.p);
  const fakeP = scored.filter((s) => s.label === 1).map((s) => s.p);

  const clamp = (x: number): number => Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, x));
  const fakeFitted = realP.length >= (options.minRealsForThreshold ?? 20);
  const likelyFake = clamp(
    Math.max(
      options.minLikelyFake ?? 0.7,
      fakeFitted
        ? fakeThresholdForFpr(realP, fprTarget)
        : Math.max(options.fallbackLikelyFake ?? 0.85, fakeThresholdForFpr(realP, 0)),
    ),
  );
  const realFitted = fakeP.length >= (options.minFakesForThreshold ?? 20);
  const likelyReal = clamp(
    Math.min(
      options.maxLikelyReal ?? 0.5,
      Math.round((likelyFake - (options.minBand ?? 0.1)) * 1e4) / 1e4,
      realFitted
        ? realThresholdForFnr(fakeP, fnrTarget)
        : Math.min(options.fallbackLikelyReal ?? 0.3, realThresholdForFnr(fakeP, 0)),
    ),
  );

  const auc = rocAuc(
    scored.map((s) => s.p),
    scored.map((s) => s.label),
  );
  const rates = ratesAt(
    scored.map((s) => s.p),
    scored.map((s) => s.label),
    likelyFake,
  );
  const training: TrainingSummary = {
    examples: examples.length,
    reals,
    fakes,
    l2,
    balanced,
    iterations: fit.iterations,
    converged: fit.converged,
    logLoss: round6(fit.logLoss),
    trainAuc: auc.auc,
    trainFpr: rates.fpr,
    trainTpr: rates.tpr,
    fprTarget,
    fnrTarget,
    thresholdSource: {
      likelyFake: fakeFitted ? 'fitted' : 'fallback',
      likelyReal: realFitted ? 'fitted' : 'fallback',
    },
  };
  const thresholds = { likelyFake, likelyReal };
  const version =
    options.version ??
    `trained-${fnv1a(JSON.stringify([draft.bias, eps, names.map((n) => cues[n]), thresholds]))}`;
  const weights: FusionWeights = { ...draft, version, thresholds, training };
  const probabilities = examples.map((ex) => fuse(ex.cues, weights).probability);
  return { weights, probabilities };
}
