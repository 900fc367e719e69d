import { describe, expect, it } from 'vitest';
import { confusionAt, metricsByGroup, ratesAt, rocAuc, type Label } from '@/lib/scoring/metrics';
import { formatTable } from '@/lib/scoring/table';
import { mulberry32 } from '../prng';

/** O(n^2) definition: share of (fake, real) pairs where the fake scores higher, ties 1/2. */
function bruteAuc(scores: number[], labels: Label[]): number {
  let sum = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sn, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      sum += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return sum / pairs;
}

describe('rocAuc', () => {
  it('matches the hand-computed small case', () => {
    // Pairs (fake, real): (0.35, 0.1) win, (0.35, 0.4) loss, (0.8, 0.1) win, (0.8, 0.4) win.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auc).toBeCloseTo(0.75, 12);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([0.5, 0.5], [0, 1]).auc).toBe(0.5);
    // (0.5 vs 0.1) 1, (0.5 vs 0.5) 0.5, (0.9 vs both) 2 -> 3.5 / 4.
    expect(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1]).auc).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1]).auc).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for an inverted one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]).auc).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]).auc).toBe(0);
  });

  it('agrees with the pairwise definition on random data with many ties', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + Math.floor(rand() * 40);
      const scores = Array.from({ length: n }, () => Math.round(rand() * 10) / 10);
      const labels = Array.from({ length: n }, (_, i): Label =>
        i < 1 ? 0 : i < 2 ? 1 : rand() < 0.5 ? 0 : 1,
      );
      expect(rocAuc(scores, labels).auc).toBeCloseTo(bruteAuc(scores, labels), 12);
    }
  });

  it('handles infinite scores', () => {
    expect(rocAuc([-Infinity, Infinity, Infinity], [0, 1, 0]).auc).toBe(0.75);
  });

  it('returns null with a reason when a class is missing', () => {
    expect(rocAuc([0.1, 0.2], [0, 0])).toEqual({
      auc: null,
      reason: 'no positive (fake) examples',
    });
    expect(rocAuc([0.1, 0.2], [1, 1])).toEqual({
      auc: null,
      reason: 'no negative (real) examples',
    });
    expect(rocAuc([], [])).toEqual({ auc: null, reason: 'no examples' });
  });

  it('rejects malformed input', () => {
    expect(() => rocAuc([0.1], [0, 1])).toThrow(RangeError);
    expect(() => rocAuc([Number.NaN, 0.2], [0, 1])).toThrow(/NaN/);
    expect(() => rocAuc([0.1, 0.2], [0, 2 as Label])).toThrow(/label/);
  });
});

describe('confusionAt and ratesAt', () => {
  const scores = [0.1, 0.4, 0.35, 0.8];
  const labels: Label[] = [0, 0, 1, 1];

  it('calls a score at the threshold fake', () => {
    expect(confusionAt(scores, labels, 0.4)).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(confusionAt(scores, labels, 0.35)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(confusionAt(scores, labels, 0.9)).toEqual({ tp: 0, fp: 0, tn: 2, fn: 2 });
  });

  it('derives accuracy, FPR, TPR and precision', () => {
    const r = ratesAt(scores, labels, 0.35);
    expect(r).toMatchObject({ threshold: 0.35, n: 4, accuracy: 0.75, fpr: 0.5, tpr: 1 });
    expect(r.precision).toBeCloseTo(2 / 3, 12);
  });

  it('gives null rates when a denominator is empty', () => {
    const r = ratesAt([0.2, 0.9], [1, 1], 0.5);
    expect(r.fpr).toBeNull();
    expect(r.tpr).toBe(0.5);
    expect(ratesAt([0.2], [0], 0.5).precision).toBeNull();
    expect(ratesAt([], [], 0.5).accuracy).toBeNull();
  });
});

describe('metricsByGroup', () => {
  it('puts the overall row first and sorts groups by name', () => {
    const rows = [
      { group: 'sadtalker', score: 0.9, label: 1 as const },
      { group: 'hdtf', score: 0.2, label: 0 as const },
      { group: 'hdtf', score: 0.6, label: 0 as const },
      { group: 'fomm', score: 0.7, label: 1 as const },
    ];
    const out = metricsByGroup(rows, 0.5);
    expect(out.map((g) => g.group)).toEqual(['all', 'fomm', 'hdtf', 'sadtalker']);
    expect(out[0]).toMatchObject({ positives: 2, negatives: 2, auc: 1, fpr: 0.5, tpr: 1 });
    expect(out[2]).toMatchObject({ auc: null, aucReason: 'no positive (fake) examples', fpr: 0.5 });
    expect(metricsByGroup(rows, 0.5, null)).toHaveLength(3);
  });
});

describe('formatTable', () => {
  it('aligns text left and numbers right', () => {
    const table = formatTable(
      ['group', 'n', 'auc'],
      [
        ['all', 19, 0.8125],
        ['sadtalker', 3, null],
      ],
    );
    expect(table).toBe(
      [
        'group       n    auc',
        '---------  --  -----',
        'all        19  0.813',
        'sadtalker   3      -',
      ].join('\n'),
    );
  });

  it('honours digits, alignment and short rows', () => {
    const table = formatTable(['a', 'b'], [[1.5], ['x', 'yy']], {
      digits: 1,
      align: ['right', 'left'],
    });
    expect(table).toBe(['  a  b', '---  --', '1.5', '  x  yy'].join('\n'));
  });
});
