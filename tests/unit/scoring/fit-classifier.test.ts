import { describe, expect, it } from 'vitest';
import {
  chooseThresholds,
  DEFAULT_FIT_OPTIONS,
  exampleWeights,
  fitClassifier,
  fitLogistic,
  groupedFolds,
  leaveOneMethodOut,
  outOfFold,
  type Example,
} from '@/lib/scoring/fit-classifier';
import { classifyFeatures } from '@/lib/scoring/classifier';

/** The shipped options on this test's own feature names (every cue). */
const OPTIONS = { ...DEFAULT_FIT_OPTIONS, cues: undefined, l2: 0.3 };
import { rocAuc } from '@/lib/scoring/metrics';
import { mulberry32 } from '../prng';

/** Reals and fakes of three methods; fakes are too smooth (a.x low) or flagged by b.y. */
function dataset(seed = 1): Example[] {
  const rand = mulberry32(seed);
  const gauss = () =>
    Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const out: Example[] = [];
  for (let g = 0; g < 12; g++) {
    for (let k = 0; k < 2; k++) {
      out.push({
        name: `real-${g}-${k}`,
        label: 0,
        group: `p${g}`,
        method: '',
        features: { 'a.x': 1 + 0.3 * gauss(), 'b.y': 0.3 * gauss(), 'c.noise': gauss() },
      });
    }
  }
  const methods = ['M1', 'M2', 'M3'];
  methods.forEach((method, m) => {
    for (let k = 0; k < 8; k++) {
      out.push({
        name: `${method}-${k}`,
        label: 1,
        group: `f${m}-${k % 4}`,
        method,
        features: {
          'a.x': (m === 0 ? 0.2 : 1) + 0.3 * gauss(),
          'b.y': (m === 0 ? 0 : 1.2) + 0.3 * gauss(),
          'c.noise': gauss(),
          ...(k % 2 ? {} : { 'd.sparse': gauss() }),
        },
      });
    }
  });
  return out;
}

describe('fitLogistic', () => {
  it('recovers the direction of a separating feature', () => {
    const rows = [[-2], [-1], [-0.5], [0.5], [1], [2]];
    const { coef } = fitLogistic(rows, [0, 0, 0, 1, 1, 1], [1, 1, 1, 1, 1, 1], 0.01);
    expect(coef[0]).toBeGreaterThan(1);
  });

  it('shrinks weights as the penalty grows', () => {
    const rows = [[-2], [-1], [1], [0.5], [1], [2]];
    const labels = [0, 0, 0, 1, 1, 1] as const;
    const w = [1, 1, 1, 1, 1, 1];
    expect(Math.abs(fitLogistic(rows, labels, w, 10).coef[0]!)).toBeLessThan(
      Math.abs(fitLogistic(rows, labels, w, 0.01).coef[0]!),
    );
  });
});

describe('fitting the classifier', () => {
  it('ships with the cues chosen for the classifier, and learns only from them', () => {
    const model = fitClassifier(
      dataset().map((e) => ({ ...e, features: { ...e.features, 'lrnet.pFake': e.label } })),
      DEFAULT_FIT_OPTIONS,
    );
    expect(Object.keys(model.scaling)).toEqual(['lrnet.pFake']);
  });

  const examples = dataset();

  it('weighs every group once within its class and both classes the same', () => {
    const w = exampleWeights(examples);
    const sum = (label: 0 | 1) =>
      examples.reduce((a, e, i) => a + (e.label === label ? w[i]! : 0), 0);
    expect(sum(0)).toBeCloseTo(sum(1), 10);
    expect(w[0]).toBeCloseTo(w[1]!, 10); // two clips of one person share its weight
  });

  it('never splits a group across folds', () => {
    const folds = groupedFolds(examples, 5);
    const foldOf = new Map<string, number>();
    examples.forEach((e, i) => {
      if (foldOf.has(e.group)) expect(folds[i]).toBe(foldOf.get(e.group));
      foldOf.set(e.group, folds[i]!);
    });
    expect(new Set(folds).size).toBe(5);
  });

  it('learns a feature that points either way and ignores noise', () => {
    const model = fitClassifier(examples, OPTIONS);
    const weight = (f: string) => model.terms.find((t) => t.feature === f)!.weight;
    expect(weight('a.x')).toBeLessThan(0); // fakes are too smooth
    expect(weight('b.y')).toBeGreaterThan(0);
    expect(Math.abs(weight('c.noise'))).toBeLessThan(Math.abs(weight('b.y')));
    expect(model.scaling['d.sparse']).toBeUndefined(); // present in too few videos
  });

  it('separates held-out groups and methods', () => {
    const folds = groupedFolds(examples, 5);
    const oof = outOfFold(examples, folds, OPTIONS);
    expect(oof.every((p) => p !== null)).toBe(true);
    expect(
      rocAuc(
        oof as number[],
        examples.map((e) => e.label),
      ).auc!,
    ).toBeGreaterThan(0.85);
    const lomo = leaveOneMethodOut(examples, OPTIONS, 4);
    expect([...lomo.keys()]).toEqual(['M1', 'M2', 'M3']);
    const m2 = lomo.get('M2')!;
    expect(m2.labels.filter((l) => l === 1).length).toBe(8);
    expect(m2.labels.filter((l) => l === 0).length).toBe(24);
    expect(rocAuc(m2.probabilities, m2.labels).auc!).toBeGreaterThan(0.8);
  });

  it('trains on training-only renderings but never scores them', () => {
    // Each video again with its features shifted (another encoder's copy, say).
    const copies = examples.map((e) => ({
      ...e,
      features: { ...e.features, 'a.x': (e.features['a.x'] ?? 0) + 0.1 },
      trainOnly: true,
    }));
    const all = [...examples, ...copies];
    const folds = groupedFolds(all, 5);
    const oof = outOfFold(all, folds, OPTIONS);
    expect(oof.slice(0, examples.length).every((p) => p !== null)).toBe(true);
    expect(oof.slice(examples.length).every((p) => p === null)).toBe(true);
    // A copy is held out with its video (same group), never in a fold that trains on it.
    copies.forEach((c, i) => expect(folds[examples.length + i]).toBe(folds[i]));
    const lomo = leaveOneMethodOut(all, OPTIONS, 4);
    const m2 = lomo.get('M2')!;
    expect(m2.labels.length).toBe(32); // the 8 fakes and 24 reals, once each
    expect(new Set(m2.names).size).toBe(32);
    // The copies do train: the fitted model differs from the one without them.
    const withCopies = fitClassifier(all, OPTIONS).terms.find((t) => t.feature === 'a.x')!;
    const without = fitClassifier(examples, OPTIONS).terms.find((t) => t.feature === 'a.x')!;
    expect(withCopies.weight).not.toBe(without.weight);
  });

  it('sets likely-fake so that at most 5% of the reals reach it', () => {
    const folds = groupedFolds(examples, 5);
    const oof = outOfFold(examples, folds, OPTIONS) as number[];
    const labels = examples.map((e) => e.label);
    const { realMargin: _margin, ...fprOnly } = OPTIONS;
    const t = chooseThresholds(oof, labels, fprOnly);
    const realsOver = oof.filter((p, i) => labels[i] === 0 && p >= t.likelyFake).length;
    expect(realsOver).toBeLessThanOrEqual(Math.floor(0.05 * 24));
    // With a margin, no real comes within it of the line.
    const strict = chooseThresholds(oof, labels, { ...OPTIONS, realMargin: 0.02 });
    const highestReal = Math.max(...oof.filter((_, i) => labels[i] === 0));
    expect(strict.likelyFake).toBeGreaterThanOrEqual(Math.min(0.99, highestReal + 0.02));
    expect(strict.likelyFake).toBeGreaterThanOrEqual(t.likelyFake);
    expect(t.likelyFake).toBeGreaterThanOrEqual(0.5);
    expect(t.likelyReal).toBeLessThanOrEqual(t.likelyFake);
    const model = fitClassifier(examples, OPTIONS, undefined, t);
    expect(classifyFeatures({ 'a.x': 1, 'b.y': 0, 'c.noise': 0 }, model).verdict).toBe(
      'likely-real',
    );
  });
});
