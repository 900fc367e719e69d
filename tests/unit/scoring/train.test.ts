import { describe, expect, it } from 'vitest';
import { fakeThresholdForFpr, realThresholdForFnr } from '@/lib/scoring/calibration';
import { cueFeatures, sigmoid } from '@/lib/scoring/features';
import { fuse } from '@/lib/scoring/fusion';
import { rocAuc, type Label } from '@/lib/scoring/metrics';
import { trainFusion, type TrainingExample } from '@/lib/scoring/train';
import {
  parseFusionWeights,
  serializeFusionWeights,
  type FusionWeights,
} from '@/lib/scoring/weights';
import { mulberry32, uniform } from '../prng';

const CREATED = '2025-06-01T00:00:00.000Z';

/**
 * 'good' separates the classes, 'noise' is uniform for both, 'backwards' scores reals higher
 * (a cue wired the wrong way round: non-negativity must pin its weight to 0).
 */
function separable(seed: number, perClass: number): TrainingExample[] {
  const rand = mulberry32(seed);
  const out: TrainingExample[] = [];
  for (let i = 0; i < 2 * perClass; i++) {
    const label: Label = i % 2 === 0 ? 0 : 1;
    out.push({
      label,
      cues: {
        good: { score: label ? uniform(rand, 0.6, 0.95) : uniform(rand, 0.05, 0.4), confidence: 1 },
        noise: { score: rand(), confidence: uniform(rand, 0.5, 1) },
        backwards: {
          score: label ? uniform(rand, 0.05, 0.4) : uniform(rand, 0.6, 0.95),
          confidence: 1,
        },
      },
    });
  }
  return out;
}

/** Overlapping classes: two weak cues, some examples missing one of them. */
function overlapping(seed: number, perClass: number): TrainingExample[] {
  const rand = mulberry32(seed);
  const noisy = (label: Label) =>
    Math.min(1, Math.max(0, (label ? 0.62 : 0.38) + uniform(rand, -0.35, 0.35)));
  const out: TrainingExample[] = [];
  for (let i = 0; i < 2 * perClass; i++) {
    const label: Label = i < perClass ? 0 : 1;
    out.push({
      label,
      cues: {
        a: { score: noisy(label), confidence: uniform(rand, 0.6, 1) },
        b: rand() < 0.2 ? null : { score: noisy(label), confidence: uniform(rand, 0.6, 1) },
        c: { status: 'insufficient', score: null, confidence: 0 },
      },
    });
  }
  return out;
}

describe('trainFusion: separable toy problem', () => {
  const examples = separable(1, 60);
  const { weights, probabilities } = trainFusion(examples, {
    trainedOn: 'toy',
    createdAt: CREATED,
  });

  it('ranks every fake above every real (AUC 1)', () => {
    const auc = rocAuc(
      probabilities.map((p) => p ?? 0),
      examples.map((e) => e.label),
    );
    expect(auc.auc).toBe(1);
    expect(weights.training?.trainAuc).toBe(1);
    expect(weights.training?.converged).toBe(true);
  });

  it('learns sensible, non-negative weights', () => {
    const { good, noise, backwards } = weights.cues;
    expect(good?.weight).toBeGreaterThan(1);
    expect(good?.weight).toBeGreaterThan(5 * (noise?.weight ?? 0));
    // The data wants a negative weight here; the constraint holds it at exactly 0.
    expect(backwards?.weight).toBe(0);
    for (const c of Object.values(weights.cues)) expect(c.weight).toBeGreaterThanOrEqual(0);
  });

  it('classifies the training set with the fitted thresholds', () => {
    const verdicts = examples.map((e) => fuse(e.cues, weights).verdict);
    examples.forEach((e, i) => {
      if (e.label === 0) expect(verdicts[i]).toBe('likely-real');
      else expect(verdicts[i]).toBe('likely-fake');
    });
  });

  it('produces a file that validates, round-trips, and fuses to the same probabilities', () => {
    const text = serializeFusionWeights(weights);
    const reparsed = parseFusionWeights(JSON.parse(text));
    expect(reparsed).toEqual(weights);
    expect(examples.map((e) => fuse(e.cues, reparsed).probability)).toEqual(probabilities);
    expect(weights).toMatchObject({ trainedOn: 'toy', createdAt: CREATED });
    expect(weights.version).toMatch(/^trained-[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    const again = trainFusion(separable(1, 60), { trainedOn: 'toy', createdAt: CREATED });
    expect(again).toEqual({ weights, probabilities });
    const other = trainFusion(separable(2, 60), { trainedOn: 'toy', createdAt: CREATED });
    expect(other.weights.version).not.toBe(weights.version);
  });
});

describe('trainFusion: thresholds', () => {
  const examples = overlapping(3, 150);
  const { weights, probabilities } = trainFusion(examples, {
    trainedOn: 'overlap',
    createdAt: CREATED,
    fprTarget: 0.05,
    fnrTarget: 0.05,
    minEvidence: { cues: 1, totalConfidence: 0.5, cuesForLikelyFake: 1 },
  });
  const { likelyFake, likelyReal } = weights.thresholds;
  const reals = probabilities.filter((p, i): p is number => p !== null && examples[i]?.label === 0);
  const fakes = probabilities.filter((p, i): p is number => p !== null && examples[i]?.label === 1);
  const share = (ps: number[], test: (p: number) => boolean) => ps.filter(test).length / ps.length;

  it('is a real, overlapping problem fitted on both cues, ignoring the silent one', () => {
    expect(weights.training?.trainAuc).toBeGreaterThan(0.8);
    expect(weights.training?.trainAuc).toBeLessThan(0.99);
    expect(Object.keys(weights.cues)).toEqual(['a', 'b']);
    expect(weights.training?.thresholdSource).toEqual({
      likelyFake: 'fitted',
      likelyReal: 'fitted',
    });
  });

  it('keeps the training FPR at or below the target, and is the lowest such threshold', () => {
    expect(share(reals, (p) => p >= likelyFake)).toBeLessThanOrEqual(0.05);
    expect(weights.training?.trainFpr).toBeLessThanOrEqual(0.05);
    // Above the 0.7 floor, so the FPR target (not the floor) set it.
    expect(likelyFake).toBeGreaterThan(0.7001);
    expect(share(reals, (p) => p >= likelyFake - 1e-4)).toBeGreaterThan(0.05);
    const verdictFpr = share(
      examples
        .filter((e) => e.label === 0)
        .map((e) => (fuse(e.cues, weights).verdict === 'likely-fake' ? 1 : 0)),
      (x) => x === 1,
    );
    expect(verdictFpr).toBeLessThanOrEqual(0.05);
  });

  it('calls at most the target share of fakes likely-real, with an uncertain band', () => {
    expect(share(fakes, (p) => p < likelyReal)).toBeLessThanOrEqual(0.05);
    expect(likelyReal).toBeLessThanOrEqual(likelyFake - 0.1 + 1e-12);
    expect(likelyReal).toBeGreaterThan(0);
  });

  it('falls back to conservative thresholds with too few examples', () => {
    const few = trainFusion(separable(4, 5), { trainedOn: 'few', createdAt: CREATED });
    expect(few.weights.training?.thresholdSource).toEqual({
      likelyFake: 'fallback',
      likelyReal: 'fallback',
    });
    expect(few.weights.thresholds.likelyFake).toBeGreaterThanOrEqual(0.85);
    expect(few.weights.thresholds.likelyReal).toBeLessThanOrEqual(0.3);
  });
});

/** The training objective, written out independently: balanced mean log loss + l2 penalty. */
function objective(w: FusionWeights, examples: TrainingExample[], l2: number): number {
  const fakes = examples.filter((e) => e.label === 1).length;
  const reals = examples.length - fakes;
  let loss = 0;
  for (const e of examples) {
    let z = w.bias;
    for (const [name, c] of Object.entries(w.cues)) {
      const f = cueFeatures(e.cues[name], w.scoreEpsilon);
      if (f) z += c.weight * f.evidence + c.presence * f.presence;
    }
    const p = sigmoid(z);
    const sampleWeight = examples.length / (2 * (e.label === 1 ? fakes : reals));
    loss += -sampleWeight * Math.log(e.label === 1 ? p : 1 - p);
  }
  let penalty = 0;
  for (const c of Object.values(w.cues)) penalty += c.weight ** 2 + c.presence ** 2;
  return loss / examples.length + (l2 / 2) * penalty;
}

describe('trainFusion: optimum', () => {
  it('no feasible nudge of any parameter lowers the objective', () => {
    const examples = overlapping(9, 60);
    const l2 = 0.05;
    const { weights } = trainFusion(examples, {
      trainedOn: 'x',
      createdAt: CREATED,
      l2,
      fitPresence: true,
    });
    const best = objective(weights, examples, l2);
    const nudges: FusionWeights[] = [];
    for (const delta of [-1e-2, 1e-2]) {
      nudges.push({ ...weights, bias: weights.bias + delta });
      for (const [name, c] of Object.entries(weights.cues)) {
        const weight = Math.max(0, c.weight + delta);
        nudges.push({ ...weights, cues: { ...weights.cues, [name]: { ...c, weight } } });
        const presence = c.presence + delta;
        nudges.push({ ...weights, cues: { ...weights.cues, [name]: { ...c, presence } } });
      }
    }
    for (const n of nudges) expect(objective(n, examples, l2)).toBeGreaterThanOrEqual(best - 1e-9);
  });
});

describe('trainFusion: inputs', () => {
  it('needs both classes and a positive penalty', () => {
    const reals = separable(5, 10).filter((e) => e.label === 0);
    expect(() => trainFusion(reals, { trainedOn: 'x' })).toThrow(/real and fake/);
    expect(() => trainFusion(separable(5, 10), { trainedOn: 'x', l2: 0 })).toThrow(/l2/);
  });

  it('fits only the requested cues, giving a listed cue without data zero parameters', () => {
    const { weights } = trainFusion(separable(6, 20), {
      trainedOn: 'x',
      createdAt: CREATED,
      cues: ['good', 'never-seen'],
    });
    expect(Object.keys(weights.cues)).toEqual(['good', 'never-seen']);
    expect(weights.cues['never-seen']).toEqual({ weight: 0, presence: 0 });
  });

  it('shrinks weights as the penalty grows', () => {
    const data = separable(7, 30);
    const weak = trainFusion(data, { trainedOn: 'x', createdAt: CREATED, l2: 0.001 });
    const strong = trainFusion(data, { trainedOn: 'x', createdAt: CREATED, l2: 1 });
    expect(strong.weights.cues.good?.weight).toBeLessThan(weak.weights.cues.good?.weight ?? 0);
  });
});

describe('calibration helpers', () => {
  it('picks the lowest threshold with FPR <= target, strictly above the boundary real', () => {
    const reals = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    // 10% of 10 reals: one false positive allowed, so t must sit just above 0.9.
    expect(fakeThresholdForFpr(reals, 0.1)).toBe(0.9001);
    expect(fakeThresholdForFpr(reals, 0)).toBe(0.9501);
    expect(fakeThresholdForFpr([], 0.05)).toBe(0);
  });

  it('picks the highest likely-real threshold with at most the target share of fakes below', () => {
    const fakes = [0.2, 0.55, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.95, 0.99];
    expect(realThresholdForFnr(fakes, 0.1)).toBe(0.55);
    expect(realThresholdForFnr(fakes, 0)).toBe(0.2);
    expect(realThresholdForFnr([], 0.05)).toBe(1);
  });
});
