/**
 * Per-cue features shared by fusion (lib/scoring/fusion.ts) and training (lib/scoring/train.ts),
 * so a trained model sees at run time exactly what it was fitted on.
 *
 * For a cue with score s and confidence q the features are
 *   evidence = q * logit(clamp(s, eps, 1 - eps))   (signed: > 0 says fake, < 0 says real)
 *   presence = q                                   (lets training re-centre a cue's score)
 * A cue that abstains, or whose input is unusable, has both features 0: it adds nothing to the
 * log-odds, so missing data leaves the result at the prior instead of pushing it either way.
 */

/** The part of a `CueReport` fusion reads; a whole `CueReport` fits. */
export interface CueInput {
  /** 'insufficient' means the cue abstained; absent means 'ok'. */
  status?: 'ok' | 'insufficient';
  /** 0..1, higher is more fake-like; null when the cue abstained. */
  score: number | null;
  /** 0..1, how much the cue trusts its score. */
  confidence: number;
}

/** A cue's features after cleaning its input. */
export interface CueFeatures {
  /** Confidence-weighted logit of the clamped score. */
  evidence: number;
  /** The cleaned confidence (0 < presence <= 1). */
  presence: number;
  /** The clamped score the evidence was computed from. */
  score: number;
}

/** Default distance of the score clamp from 0 and 1: caps one cue's logit at about +-3.9. */
export const DEFAULT_SCORE_EPSILON = 0.02;

/** Logistic function, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Inverse of `sigmoid` for p in (0, 1). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Cleans one cue's input and returns its features, or null when the cue contributes nothing:
 * missing, abstained, a null/NaN score, or a NaN/zero/negative confidence. Finite values out of
 * range (and +-Infinity) are clamped: score to [eps, 1 - eps], confidence to at most 1.
 */
export function cueFeatures(
  input: CueInput | null | undefined,
  epsilon: number = DEFAULT_SCORE_EPSILON,
): CueFeatures | null {
  if (!input || input.status === 'insufficient') return null;
  const { score, confidence } = input;
  if (typeof score !== 'number' || Number.isNaN(score)) return null;
  if (typeof confidence !== 'number' || Number.isNaN(confidence) || confidence <= 0) return null;
  const q = Math.min(1, confidence);
  const s = clamp(score, epsilon, 1 - epsilon);
  return { evidence: q * logit(s), presence: q, score: s };
}
