/**
 * The learned video classifier (issue #15): a logistic regression over named features
 * (lib/features/video-features.ts), each winsorised to its training range and standardised.
 * Unlike the old monotone fusion, weights may have either sign, so "too smooth" and "too
 * jittery" can both count. Fitted by `npm run eval:cv` (lib/scoring/fit-classifier.ts), stored
 * as JSON (lib/scoring/classifier.json), inspectable by hand.
 *
 * It returns the same `FusionResult` shape as `fuse`, so streaming, reports and the badge read
 * it unchanged; contributions are summed per cue (the part of a feature name before the dot).
 */
import type { FeatureVector } from '../features/video-features';
import { sigmoid } from './features';
import { classify, type CueContribution, type FusionResult } from './fusion';
import type { VerdictRules } from './stream';
import type { FusionThresholds } from './weights';
import shippedJson from './classifier.json';

/** One input term of the model. */
export interface ClassifierTerm {
  /** Feature name, e.g. "temporal.jitterRatio". */
  feature: string;
  /** 1: the standardised value z; 2: z^2 - 1 (a "too far either way" term). */
  power: 1 | 2;
  weight: number;
}

/** Per-feature preprocessing fitted on the training set. */
export interface FeatureScaling {
  /** Winsorising range: the training set's 2nd and 98th percentiles. */
  lo: number;
  hi: number;
  /** Mean and standard deviation after winsorising. */
  mean: number;
  std: number;
}

/** The whole model file. */
export interface ClassifierModel {
  version: string;
  kind: 'logistic';
  trainedOn: string;
  createdAt: string;
  notes?: string;
  bias: number;
  scaling: Record<string, FeatureScaling>;
  terms: ClassifierTerm[];
  thresholds: FusionThresholds;
  /** Features (of those the model uses) a video needs for any verdict. */
  minFeatures: number;
  /** Cues with features needed for likely-fake; fewer caps the verdict at uncertain. */
  minCuesForLikelyFake: number;
  /** Cross-validation figures recorded at fit time (for people reading the file). */
  validation?: Record<string, unknown>;
}

/** Parses and checks a model file; throws on anything malformed. */
export function parseClassifier(value: unknown): ClassifierModel {
  const m = value as ClassifierModel;
  if (!m || typeof m !== 'object' || m.kind !== 'logistic') throw new Error('not a classifier');
  if (!Number.isFinite(m.bias)) throw new Error('classifier bias is not finite');
  if (!Array.isArray(m.terms)) throw new Error('classifier terms missing');
  for (const t of m.terms) {
    if (typeof t.feature !== 'string' || !Number.isFinite(t.weight)) {
      throw new Error(`bad classifier term ${JSON.stringify(t)}`);
    }
    if (t.power !== 1 && t.power !== 2) throw new Error(`bad power in ${t.feature}`);
    const s = m.scaling?.[t.feature];
    if (!s || !(s.std > 0) || !Number.isFinite(s.mean) || !(s.hi >= s.lo)) {
      throw new Error(`no scaling for ${t.feature}`);
    }
  }
  const th = m.thresholds;
  if (!th || !(th.likelyReal <= th.likelyFake)) throw new Error('bad classifier thresholds');
  return m;
}

/** The shipped model. */
export const SHIPPED_CLASSIFIER: ClassifierModel = parseClassifier(shippedJson);

/** What the verdict hysteresis and the sensitivity presets need of a model. */
export function verdictRules(model: ClassifierModel): VerdictRules {
  return { thresholds: model.thresholds, cuesForLikelyFake: model.minCuesForLikelyFake };
}

/** z-score of one feature after winsorising; 0 (the mean) when the feature is absent. */
export function standardise(value: number | undefined, s: FeatureScaling): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  const clipped = Math.min(s.hi, Math.max(s.lo, value));
  return (clipped - s.mean) / s.std;
}

/** The value a term adds to the logit for a given z (before its weight). */
export function termValue(z: number, power: 1 | 2): number {
  return power === 1 ? z : z * z - 1;
}

/** The cue a feature belongs to: "temporal.jitterRatio" -> "temporal". */
export function featureCue(feature: string): string {
  const dot = feature.indexOf('.');
  return dot > 0 ? feature.slice(0, dot) : feature;
}

/** Scores one video's features. */
export function classifyFeatures(
  features: FeatureVector,
  model: ClassifierModel = SHIPPED_CLASSIFIER,
): FusionResult {
  const perCue = new Map<string, number>();
  const used = new Set<string>();
  let sum = 0;
  for (const term of model.terms) {
    const z = standardise(features[term.feature], model.scaling[term.feature]!);
    if (z === null) continue;
    used.add(term.feature);
    const c = term.weight * termValue(z, term.power);
    sum += c;
    const cue = featureCue(term.feature);
    perCue.set(cue, (perCue.get(cue) ?? 0) + c);
  }
  const known = new Set(model.terms.map((t) => featureCue(t.feature)));
  const contributions: CueContribution[] = [...perCue.entries()].map(([cue, contribution]) => ({
    cue,
    contribution,
    share: 0,
    score: sigmoid(contribution),
    confidence: 1,
  }));
  const absTotal = contributions.reduce((a, c) => a + Math.abs(c.contribution), 0);
  for (const c of contributions) c.share = absTotal > 0 ? Math.abs(c.contribution) / absTotal : 0;
  contributions.sort(
    (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.cue < b.cue ? -1 : 1),
  );
  const abstained = [...known].filter((cue) => !perCue.has(cue)).sort();
  const ignored = [...new Set(Object.keys(features).map(featureCue))]
    .filter((cue) => !known.has(cue))
    .sort();
  const logit = model.bias + sum;
  const common = {
    logit,
    bias: model.bias,
    contributions,
    abstained,
    ignored,
    evidence: { cues: contributions.length, totalConfidence: contributions.length },
    version: model.version,
  };
  const totalFeatures = new Set(model.terms.map((t) => t.feature)).size;
  if (used.size < Math.min(model.minFeatures, totalFeatures)) {
    const reason =
      used.size === 0
        ? 'No measurement of the face yet'
        : `Only ${used.size} of ${totalFeatures} measurements available; ${model.minFeatures} needed`;
    return { ...common, verdict: 'insufficient', risk: null, probability: null, reason };
  }
  const probability = sigmoid(logit);
  const risk = Math.round(100 * probability);
  const verdict = classify(probability, model.thresholds);
  if (verdict === 'likely-fake' && contributions.length < model.minCuesForLikelyFake) {
    const reason = `Only ${contributions.length} cue(s) with data; likely-fake needs ${model.minCuesForLikelyFake}`;
    return { ...common, verdict: 'uncertain', risk, probability, reason };
  }
  return { ...common, verdict, risk, probability };
}
