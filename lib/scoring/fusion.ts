/**
 * Fusion: turns whatever cues produced into a risk (0-100), a verdict and the per-cue
 * contributions behind it. A logistic regression over per-cue features (lib/scoring/features.ts):
 *
 *   logit = bias + sum over cues with data of (weight * evidence + presence * confidence)
 *
 * Properties the tests hold it to:
 * - Monotone: weights are >= 0 (enforced by parseFusionWeights), so raising a cue's score at
 *   fixed confidence never lowers the logit, the risk or the verdict.
 * - Missing data is neutral: a cue that abstains contributes 0, which leaves the prior.
 * - Unknown cue names are ignored; NaN inputs count as missing; out-of-range inputs are clamped.
 * - Deterministic: contributions are summed in sorted cue order.
 */
import type { Verdict } from '../messaging/types';
import { cueFeatures, sigmoid, type CueInput } from './features';
import { DEFAULT_FUSION_WEIGHTS, type FusionThresholds, type FusionWeights } from './weights';

/** A verdict, or 'insufficient' when there is too little data for one. */
export type FusionVerdict = Verdict | 'insufficient';

/** One cue's share of the log-odds. */
export interface CueContribution {
  cue: string;
  /** Log-odds added to the bias; > 0 pushes toward fake. */
  contribution: number;
  /** |contribution| / sum of |contribution| over all cues (0..1; 0 when all are 0). */
  share: number;
  /** The score as fusion used it (clamped to [eps, 1 - eps]). */
  score: number;
  /** The confidence as fusion used it (clamped to at most 1). */
  confidence: number;
}

interface FusionCommon {
  /** bias + sum of contributions (computed even when insufficient, for inspection). */
  logit: number;
  bias: number;
  /** Cues with data, by |contribution| descending, then by name. */
  contributions: CueContribution[];
  /** Cues the weights know that had no data (missing, abstained, NaN), sorted. */
  abstained: string[];
  /** Cue names the weights do not know, sorted; they never affect the result. */
  ignored: string[];
  /** How much data fusion had. */
  evidence: { cues: number; totalConfidence: number };
  /** Version of the weights that produced this. */
  version: string;
}

/** A result with a verdict. */
export interface ScoredFusion extends FusionCommon {
  verdict: Verdict;
  /** round(100 * probability), integer 0..100. */
  risk: number;
  /** P(fake) under the model, 0..1. */
  probability: number;
  /** Set when the verdict was held back (too few cues for likely-fake). */
  reason?: string;
}

/** A result without a verdict: no risk number is given, so none can be shown by mistake. */
export interface InsufficientFusion extends FusionCommon {
  verdict: 'insufficient';
  risk: null;
  probability: null;
  reason: string;
}

/** What `fuse` returns. */
export type FusionResult = ScoredFusion | InsufficientFusion;

/** Cue inputs by cue name; `CueReport`s fit, and null/undefined mean "no data". */
export type CueInputs = Readonly<Record<string, CueInput | null | undefined>>;

/**
 * Maps a probability to a verdict with the plain thresholds: likely-fake at or above
 * `likelyFake`, likely-real strictly below `likelyReal`, uncertain between.
 */
export function classify(probability: number, thresholds: FusionThresholds): Verdict {
  if (probability >= thresholds.likelyFake) return 'likely-fake';
  if (probability < thresholds.likelyReal) return 'likely-real';
  return 'uncertain';
}

/**
 * Fuses cue outputs into a risk and verdict with the given weights (default: the shipped file).
 * The verdict is 'insufficient' when fewer than `minEvidence.cues` known cues have data or their
 * confidences sum below `minEvidence.totalConfidence`; 'likely-fake' additionally needs
 * `minEvidence.cuesForLikelyFake` cues with data, else it is capped at 'uncertain'.
 */
export function fuse(
  cues: CueInputs,
  weights: FusionWeights = DEFAULT_FUSION_WEIGHTS,
): FusionResult {
  const names = Object.keys(cues).sort();
  const ignored = names.filter((name) => !Object.hasOwn(weights.cues, name));
  const abstained: string[] = [];
  const contributions: CueContribution[] = [];
  let sum = 0;
  let totalConfidence = 0;
  for (const name of Object.keys(weights.cues).sort()) {
    const w = weights.cues[name];
    const f = Object.hasOwn(cues, name) ? cueFeatures(cues[name], weights.scoreEpsilon) : null;
    if (!w || !f) {
      abstained.push(name);
      continue;
    }
    const contribution = w.weight * f.evidence + w.presence * f.presence;
    sum += contribution;
    totalConfidence += f.presence;
    contributions.push({
      cue: name,
      contribution,
      share: 0,
      score: f.score,
      confidence: f.presence,
    });
  }
  const absTotal = contributions.reduce((acc, c) => acc + Math.abs(c.contribution), 0);
  for (const c of contributions) c.share = absTotal > 0 ? Math.abs(c.contribution) / absTotal : 0;
  contributions.sort(
    (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.cue < b.cue ? -1 : 1),
  );

  const logit = weights.bias + sum;
  const common: FusionCommon = {
    logit,
    bias: weights.bias,
    contributions,
    abstained,
    ignored,
    evidence: { cues: contributions.length, totalConfidence },
    version: weights.version,
  };
  const min = weights.minEvidence;
  if (contributions.length === 0 || contributions.length < min.cues) {
    const reason =
      contributions.length === 0
        ? 'No cue has data yet'
        : `${contributions.length} cue(s) with data; ${min.cues} needed`;
    return { ...common, verdict: 'insufficient', risk: null, probability: null, reason };
  }
  if (totalConfidence < min.totalConfidence) {
    const reason = `Cue confidence ${totalConfidence.toFixed(2)} below ${min.totalConfidence}`;
    return { ...common, verdict: 'insufficient', risk: null, probability: null, reason };
  }
  const probability = sigmoid(logit);
  const risk = Math.round(100 * probability);
  const verdict = classify(probability, weights.thresholds);
  if (verdict === 'likely-fake' && contributions.length < min.cuesForLikelyFake) {
    const reason = `Only ${contributions.length} cue(s) with data; likely-fake needs ${min.cuesForLikelyFake}`;
    return { ...common, verdict: 'uncertain', risk, probability, reason };
  }
  return { ...common, verdict, risk, probability };
}
