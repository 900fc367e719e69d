/**
 * The fusion model's parameters: a versioned JSON file (lib/scoring/fusion-weights.json) that
 * is either the hand-set prior or the output of `trainFusion` (lib/scoring/train.ts).
 */
import priorJson from './fusion-prior.json';
import shippedJson from './fusion-weights.json';
import { DEFAULT_SCORE_EPSILON } from './features';

/** One cue's parameters. */
export interface CueWeight {
  /**
   * Multiplies the cue's evidence feature (confidence x logit of the score). Must be >= 0:
   * that is what makes risk non-decreasing in every cue's score.
   */
  weight: number;
  /**
   * Multiplies the cue's confidence whenever it has data (any sign). Re-centres a cue whose
   * typical score on real video is not 0.5; 0 in the prior.
   */
  presence: number;
  /** Free text for people reading the file. */
  note?: string;
}

/** Probability cut-offs for the verdict. */
export interface FusionThresholds {
  /** likely-fake when probability >= this. Chosen for a low false-positive rate. */
  likelyFake: number;
  /** likely-real when probability < this. Between the two: uncertain. */
  likelyReal: number;
}

/** How much data fusion needs before it states a verdict. */
export interface MinEvidence {
  /** Cues with data needed for any verdict; fewer gives 'insufficient'. */
  cues: number;
  /** Sum of the confidences of the cues with data needed for any verdict. */
  totalConfidence: number;
  /** Cues with data needed for 'likely-fake'; with fewer the verdict stops at 'uncertain'. */
  cuesForLikelyFake: number;
}

/** What training recorded about itself (absent in the prior). */
export interface TrainingSummary {
  examples: number;
  reals: number;
  fakes: number;
  l2: number;
  balanced: boolean;
  iterations: number;
  converged: boolean;
  /** Mean (weighted) log loss at the solution, without the penalty. */
  logLoss: number;
  /** On the training set, so optimistic; evaluate on held-out data. */
  trainAuc: number | null;
  /**
   * Shares of scored training reals / fakes with probability >= likelyFake. They ignore the
   * `cuesForLikelyFake` cap, so the FPR is an upper bound of what the verdict does.
   */
  trainFpr: number | null;
  trainTpr: number | null;
  fprTarget: number;
  fnrTarget: number;
  /** How each threshold was chosen: 'fitted' or 'fallback' (too few examples). */
  thresholdSource: { likelyFake: 'fitted' | 'fallback'; likelyReal: 'fitted' | 'fallback' };
}

/** The whole weights file. */
export interface FusionWeights {
  /** Copied into every fusion result, so a score can be traced to the model that made it. */
  version: string;
  /** What the weights were fitted on; "prior (untrained)" for the hand-set file. */
  trainedOn: string;
  /** ISO 8601. */
  createdAt: string;
  notes?: string;
  /** Log-odds of fake when every cue is neutral. */
  bias: number;
  /** Scores are clamped to [eps, 1 - eps] before the logit. */
  scoreEpsilon: number;
  /** Per cue name; cues not listed here are ignored by fusion. */
  cues: Record<string, CueWeight>;
  thresholds: FusionThresholds;
  minEvidence: MinEvidence;
  training?: TrainingSummary;
}

/** Minimum evidence used when a weights file does not say. */
export const DEFAULT_MIN_EVIDENCE: MinEvidence = {
  cues: 1,
  totalConfidence: 0.5,
  cuesForLikelyFake: 2,
};

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(obj: Json, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '') throw new Error(`${path}.${key}: expected a string`);
  return v;
}

function num(obj: Json, key: string, path: string, fallback?: number): number {
  const v = obj[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`${path}.${key}: expected a finite number`);
  }
  return v;
}

function int(obj: Json, key: string, path: string, fallback: number): number {
  const v = num(obj, key, path, fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${path}.${key}: expected an integer >= 1`);
  return v;
}

/**
 * Validates a parsed weights file and returns it typed, filling documented defaults
 * (`presence` 0, `scoreEpsilon`, `minEvidence`). Throws an Error naming the bad field.
 * Rejects negative cue weights: fusion's monotonicity depends on them being >= 0.
 */
export function parseFusionWeights(json: unknown): FusionWeights {
  if (!isObject(json)) throw new Error('weights: expected an object');
  const p = 'weights';
  const cuesIn = json.cues;
  if (!isObject(cuesIn)) throw new Error(`${p}.cues: expected an object`);
  const cues: Record<string, CueWeight> = {};
  for (const name of Object.keys(cuesIn).sort()) {
    const c = cuesIn[name];
    const cp = `${p}.cues.${name}`;
    if (!isObject(c)) throw new Error(`${cp}: expected an object`);
    const weight = num(c, 'weight', cp);
    if (weight < 0) throw new Error(`${cp}.weight: must be >= 0 (keeps risk monotone)`);
    const cue: CueWeight = { weight, presence: num(c, 'presence', cp, 0) };
    if (typeof c.note === 'string') cue.note = c.note;
    cues[name] = cue;
  }
  const t = json.thresholds;
  if (!isObject(t)) throw new Error(`${p}.thresholds: expected an object`);
  const thresholds: FusionThresholds = {
    likelyFake: num(t, 'likelyFake', `${p}.thresholds`),
    likelyReal: num(t, 'likelyReal', `${p}.thresholds`),
  };
  if (!(thresholds.likelyReal > 0 && thresholds.likelyFake < 1)) {
    throw new Error(`${p}.thresholds: must lie strictly between 0 and 1`);
  }
  if (thresholds.likelyReal > thresholds.likelyFake) {
    throw new Error(`${p}.thresholds: likelyReal must not exceed likelyFake`);
  }
  const m = json.minEvidence ?? {};
  if (!isObject(m)) throw new Error(`${p}.minEvidence: expected an object`);
  const mp = `${p}.minEvidence`;
  const minEvidence: MinEvidence = {
    cues: int(m, 'cues', mp, DEFAULT_MIN_EVIDENCE.cues),
    totalConfidence: num(m, 'totalConfidence', mp, DEFAULT_MIN_EVIDENCE.totalConfidence),
    cuesForLikelyFake: int(m, 'cuesForLikelyFake', mp, DEFAULT_MIN_EVIDENCE.cuesForLikelyFake),
  };
  if (minEvidence.totalConfidence < 0) throw new Error(`${mp}.totalConfidence: must be >= 0`);
  const scoreEpsilon = num(json, 'scoreEpsilon', p, DEFAULT_SCORE_EPSILON);
  if (!(scoreEpsilon > 0 && scoreEpsilon < 0.5)) {
    throw new Error(`${p}.scoreEpsilon: must lie strictly between 0 and 0.5`);
  }
  const out: FusionWeights = {
    version: str(json, 'version', p),
    trainedOn: str(json, 'trainedOn', p),
    createdAt: str(json, 'createdAt', p),
    bias: num(json, 'bias', p),
    scoreEpsilon,
    cues,
    thresholds,
    minEvidence,
  };
  if (typeof json.notes === 'string') out.notes = json.notes;
  if (isObject(json.training)) out.training = json.training as unknown as TrainingSummary;
  return out;
}

/**
 * Serialises weights as the file stores them: two-space JSON with a trailing newline, keys in
 * a fixed order, so the same model always produces the same bytes.
 */
export function serializeFusionWeights(weights: FusionWeights): string {
  const ordered: Json = {
    version: weights.version,
    trainedOn: weights.trainedOn,
    createdAt: weights.createdAt,
  };
  if (weights.notes !== undefined) ordered.notes = weights.notes;
  ordered.bias = weights.bias;
  ordered.scoreEpsilon = weights.scoreEpsilon;
  const cues: Json = {};
  for (const name of Object.keys(weights.cues).sort()) cues[name] = weights.cues[name];
  ordered.cues = cues;
  ordered.thresholds = weights.thresholds;
  ordered.minEvidence = weights.minEvidence;
  if (weights.training !== undefined) ordered.training = weights.training;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * The hand-set prior (fusion-prior.json): conservative weights for every cue, kept as the
 * reference for fusion's behaviour and as the fallback when no trained file fits.
 */
export const PRIOR_FUSION_WEIGHTS: FusionWeights = parseFusionWeights(priorJson);

/**
 * `trained` plus the prior's weight for every cue the training never saw (absent from the
 * file, as opposed to fitted to 0): a cue added after the weights were fitted (or one that had
 * no data in the training set) enters fusion with its modest prior weight instead of none.
 */
export function withPriorFallback(trained: FusionWeights, prior: FusionWeights): FusionWeights {
  const cues: Record<string, CueWeight> = { ...trained.cues };
  for (const [name, weight] of Object.entries(prior.cues)) {
    if (!Object.hasOwn(cues, name)) cues[name] = { ...weight, presence: 0 };
  }
  return { ...trained, cues };
}

/**
 * The shipped weights (fusion-weights.json, written by `npm run train`), validated at load,
 * with the prior's weights for cues the file does not list (`withPriorFallback`).
 */
export const DEFAULT_FUSION_WEIGHTS: FusionWeights = withPriorFallback(
  parseFusionWeights(shippedJson),
  PRIOR_FUSION_WEIGHTS,
);
