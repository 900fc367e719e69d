import { describe, expect, it } from 'vitest';
import {
  classifyFeatures,
  featureCue,
  parseClassifier,
  SHIPPED_CLASSIFIER,
  verdictRules,
  type ClassifierModel,
} from '@/lib/scoring/classifier';
import { CLASSIFIER_CUES } from '@/lib/scoring/fit-classifier';

const model: ClassifierModel = {
  version: 'test',
  kind: 'logistic',
  trainedOn: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
  bias: -0.5,
  scaling: {
    'temporal.jitterRatio': { lo: 0, hi: 4, mean: 1, std: 0.5 },
    'mesonet.q90': { lo: 0, hi: 1, mean: 0.4, std: 0.2 },
    'track.poseRoughness': { lo: 0, hi: 2, mean: 0.5, std: 0.25 },
  },
  terms: [
    { feature: 'temporal.jitterRatio', power: 1, weight: -1 },
    { feature: 'temporal.jitterRatio', power: 2, weight: 0.5 },
    { feature: 'mesonet.q90', power: 1, weight: 2 },
    { feature: 'track.poseRoughness', power: 1, weight: 0.3 },
  ],
  thresholds: { likelyFake: 0.8, likelyReal: 0.3 },
  minFeatures: 2,
  minCuesForLikelyFake: 2,
};

describe('classifyFeatures', () => {
  it('scores at the bias when every feature sits at its training mean', () => {
    const r = classifyFeatures(
      { 'temporal.jitterRatio': 1, 'mesonet.q90': 0.4, 'track.poseRoughness': 0.5 },
      model,
    );
    // z = 0 everywhere; the z^2 - 1 term adds -0.5 * 1.
    expect(r.logit).toBeCloseTo(-0.5 - 0.5, 10);
    expect(r.verdict).not.toBe('insufficient');
  });

  it('lets a feature count in both directions through its squared term', () => {
    const at = (jitter: number) =>
      classifyFeatures({ 'temporal.jitterRatio': jitter, 'mesonet.q90': 0.4 }, model).logit;
    // Far below and far above the mean both score above the mean itself.
    expect(at(0)).toBeGreaterThan(at(1));
    expect(at(3)).toBeGreaterThan(at(1.5));
  });

  it('winsorises values outside the training range', () => {
    const a = classifyFeatures({ 'mesonet.q90': 1, 'track.poseRoughness': 0.5 }, model);
    const b = classifyFeatures({ 'mesonet.q90': 50, 'track.poseRoughness': 0.5 }, model);
    expect(b.logit).toBe(a.logit);
  });

  it('treats missing features as neutral and says when too few are there', () => {
    const one = classifyFeatures({ 'mesonet.q90': 0.9 }, model);
    expect(one.verdict).toBe('insufficient');
    expect(one.reason).toMatch(/1 of 3 measurements/);
    expect(one.risk).toBeNull();
    const none = classifyFeatures({}, model);
    expect(none.reason).toBe('No measurement of the face yet');
  });

  it('sums contributions per cue, strongest first, and lists cues without data', () => {
    const r = classifyFeatures({ 'mesonet.q90': 1, 'track.poseRoughness': 1 }, model);
    expect(r.contributions.map((c) => c.cue)).toEqual(['mesonet', 'track']);
    expect(r.contributions[0]!.contribution).toBeCloseTo(2 * 3, 10);
    expect(r.abstained).toEqual(['temporal']);
    expect(r.contributions.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 10);
  });

  it('needs two cues for likely-fake', () => {
    const r = classifyFeatures({ 'mesonet.q90': 1 }, { ...model, minFeatures: 1 });
    expect(r.probability!).toBeGreaterThan(0.8);
    expect(r.verdict).toBe('uncertain');
  });
});

describe('parseClassifier', () => {
  it('ships a fitted model that learns only from the chosen cues', () => {
    expect(SHIPPED_CLASSIFIER.terms.length).toBeGreaterThan(0);
    for (const t of SHIPPED_CLASSIFIER.terms)
      expect(CLASSIFIER_CUES).toContain(featureCue(t.feature));
    expect(SHIPPED_CLASSIFIER.thresholds.likelyFake).toBeGreaterThanOrEqual(0.5);
    expect(verdictRules(SHIPPED_CLASSIFIER)).toEqual({
      thresholds: SHIPPED_CLASSIFIER.thresholds,
      cuesForLikelyFake: SHIPPED_CLASSIFIER.minCuesForLikelyFake,
    });
  });

  it('rejects models it cannot use', () => {
    expect(() => parseClassifier({ ...model, kind: 'forest' })).toThrow(/not a classifier/);
    expect(() => parseClassifier({ ...model, bias: NaN })).toThrow(/bias/);
    expect(() =>
      parseClassifier({ ...model, terms: [{ feature: 'x.y', power: 1, weight: 1 }] }),
    ).toThrow(/no scaling/);
    expect(() =>
      parseClassifier({ ...model, thresholds: { likelyFake: 0.2, likelyReal: 0.6 } }),
    ).toThrow(/thresholds/);
  });
});
