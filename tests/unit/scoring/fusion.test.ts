import { describe, expect, it } from 'vitest';
import type { CueReport } from '@/lib/messaging/types';
import type { CueInput } from '@/lib/scoring/features';
import { fuse as fuseWith, type CueInputs, type FusionVerdict } from '@/lib/scoring/fusion';
import {
  DEFAULT_FUSION_WEIGHTS,
  PRIOR_FUSION_WEIGHTS,
  parseFusionWeights,
  serializeFusionWeights,
  type FusionWeights,
} from '@/lib/scoring/weights';
import priorJson from '@/lib/scoring/fusion-prior.json';
import { mulberry32, uniform } from '../prng';

// Behaviour is checked against the hand-set prior; the trained file is checked in 'weights file'.
const W = PRIOR_FUSION_WEIGHTS;
const KNOWN = Object.keys(W.cues);
const fuse = (cues: CueInputs, weights: FusionWeights = W) => fuseWith(cues, weights);

function cue(score: number | null, confidence = 1, status: CueReport['status'] = 'ok'): CueReport {
  return { status, score, confidence, evidence: [] };
}

const RANK: Record<FusionVerdict, number> = {
  insufficient: -1,
  'likely-real': 0,
  uncertain: 1,
  'likely-fake': 2,
};

/** Random cue inputs, including abstentions, NaN and out-of-range values. */
function randomCues(rand: () => number, names: readonly string[]): Record<string, CueInput> {
  const out: Record<string, CueInput> = {};
  for (const name of names) {
    const r = rand();
    if (r < 0.15) continue;
    if (r < 0.2) out[name] = { status: 'insufficient', score: null, confidence: 0 };
    else if (r < 0.22) out[name] = { score: Number.NaN, confidence: 0.5 };
    else if (r < 0.25)
      out[name] = { score: uniform(rand, -0.5, 1.5), confidence: uniform(rand, 0, 1.5) };
    else out[name] = { score: rand(), confidence: rand() };
  }
  if (rand() < 0.2) out['not-a-cue'] = { score: rand(), confidence: 1 };
  return out;
}

/** Random weights file: non-negative weights, any-sign presence, thresholds in order. */
function randomWeights(rand: () => number): FusionWeights {
  const cues: FusionWeights['cues'] = {};
  for (const name of KNOWN) {
    cues[name] = { weight: rand() < 0.1 ? 0 : uniform(rand, 0, 3), presence: uniform(rand, -1, 1) };
  }
  const likelyReal = uniform(rand, 0.05, 0.5);
  return {
    ...W,
    bias: uniform(rand, -2, 2),
    cues,
    thresholds: { likelyReal, likelyFake: uniform(rand, likelyReal, 0.99) },
  };
}

describe('shipped prior', () => {
  it('is marked untrained, validates, and has non-negative weights', () => {
    expect(W.trainedOn).toBe('prior (untrained)');
    expect(parseFusionWeights(priorJson)).toEqual(W);
    for (const c of Object.values(W.cues)) expect(c.weight).toBeGreaterThanOrEqual(0);
    expect(W.thresholds.likelyFake).toBeGreaterThan(W.thresholds.likelyReal);
  });

  it('needs agreement: one cue at full strength stays uncertain, two agreeing cues flag', () => {
    const one = fuse({ boundary: cue(1) });
    expect(one.verdict).toBe('uncertain');
    expect(one.reason).toMatch(/likely-fake needs 2/);
    expect(fuse({ boundary: cue(0.95, 0.9), temporal: cue(0.95, 0.9) }).verdict).toBe(
      'likely-fake',
    );
  });

  it('calls a video with several low scores likely-real and neutral ones uncertain', () => {
    const low = { avSync: cue(0.3, 0.8), blink: cue(0.3, 0.8), headPose: cue(0.3, 0.8) };
    expect(fuse(low).verdict).toBe('likely-real');
    const neutral = { avSync: cue(0.5), blink: cue(0.5) };
    expect(fuse(neutral).verdict).toBe('uncertain');
  });
});

describe('fuse: missing data', () => {
  it('is insufficient when nothing has data, with no risk to show', () => {
    const cases: CueInputs[] = [
      {},
      { blink: cue(null, 0, 'insufficient'), pulse: cue(null, 0, 'insufficient') },
      { blink: cue(Number.NaN) },
      { blink: cue(0.9, Number.NaN) },
      { blink: cue(0.9, 0) },
      { blink: cue(0.9, -1) },
      { blink: null, pulse: undefined },
      { 'not-a-cue': cue(0.99) },
    ];
    for (const cues of cases) {
      const r = fuse(cues);
      expect(r.verdict).toBe('insufficient');
      expect(r.risk).toBeNull();
      expect(r.probability).toBeNull();
      expect(r.contributions).toEqual([]);
      expect(r.abstained).toEqual([...KNOWN].sort());
    }
    expect(fuse({ 'not-a-cue': cue(0.99) }).ignored).toEqual(['not-a-cue']);
  });

  it('ignores a score on a cue that abstained', () => {
    expect(fuse({ blink: cue(0.99, 1, 'insufficient') }).verdict).toBe('insufficient');
  });

  it('is insufficient when total confidence is too low', () => {
    const r = fuse({ blink: cue(0.9, 0.2), pulse: cue(0.9, 0.2) });
    expect(r.verdict).toBe('insufficient');
    expect(r.reason).toMatch(/confidence/);
  });

  it('treats a missing cue exactly like a neutral one: no pull toward fake', () => {
    const base = { avSync: cue(0.8), blink: cue(0.7) };
    const withAbstainer = { ...base, pulse: cue(null, 0, 'insufficient'), mesonet: cue(0.5, 1) };
    expect(fuse(withAbstainer).logit).toBeCloseTo(fuse(base).logit, 12);
    expect(fuse({ ...base, 'not-a-cue': cue(1) }).logit).toBe(fuse(base).logit);
  });
});

describe('fuse: inputs out of range', () => {
  it('clamps scores and confidences', () => {
    const at = (score: number, confidence = 1) =>
      fuse({ blink: cue(score, confidence), pulse: cue(0.5) }).logit;
    expect(at(1.7)).toBe(at(1));
    expect(at(Infinity)).toBe(at(1));
    expect(at(-3)).toBe(at(0));
    expect(at(-Infinity)).toBe(at(0));
    expect(at(0.8, 5)).toBe(at(0.8, 1));
    expect(Number.isFinite(at(1))).toBe(true);
  });

  it('keeps every risk an integer in 0..100 and every probability in (0, 1)', () => {
    const rand = mulberry32(11);
    for (let i = 0; i < 300; i++) {
      const r = fuse(randomCues(rand, KNOWN), randomWeights(rand));
      if (r.verdict === 'insufficient') continue;
      expect(Number.isInteger(r.risk)).toBe(true);
      expect(r.risk).toBeGreaterThanOrEqual(0);
      expect(r.risk).toBeLessThanOrEqual(100);
      expect(r.probability).toBeGreaterThan(0);
      expect(r.probability).toBeLessThan(1);
    }
  });
});

describe('fuse: monotone in every cue score', () => {
  it('never lowers logit, risk or verdict when one score rises (seeded property test)', () => {
    const rand = mulberry32(20240611);
    let checked = 0;
    let strictlyRose = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const weights = trial % 2 === 0 ? W : randomWeights(rand);
      const cues = randomCues(rand, KNOWN);
      const name = KNOWN[Math.floor(rand() * KNOWN.length)] ?? 'blink';
      const confidence = rand() < 0.1 ? uniform(rand, 1, 2) : rand();
      const s1 = uniform(rand, -0.2, 1.2);
      const s2 = s1 + uniform(rand, 0, 0.8);
      const lo = fuse({ ...cues, [name]: { score: s1, confidence } }, weights);
      const hi = fuse({ ...cues, [name]: { score: s2, confidence } }, weights);
      expect(hi.logit).toBeGreaterThanOrEqual(lo.logit);
      expect(RANK[hi.verdict]).toBeGreaterThanOrEqual(RANK[lo.verdict]);
      if (lo.risk !== null && hi.risk !== null) {
        expect(hi.risk).toBeGreaterThanOrEqual(lo.risk);
        checked++;
        if (hi.logit > lo.logit) strictlyRose++;
      }
    }
    // The property was exercised on scored results, not only on abstentions.
    expect(checked).toBeGreaterThan(1000);
    expect(strictlyRose).toBeGreaterThan(500);
  });

  it('rejects weights files with negative weights (they would break monotonicity)', () => {
    const bad = JSON.parse(JSON.stringify(priorJson)) as {
      cues: Record<string, { weight: number }>;
    };
    const first = Object.keys(bad.cues)[0] ?? '';
    bad.cues[first] = { weight: -0.1 };
    expect(() => parseFusionWeights(bad)).toThrow(/must be >= 0/);
  });
});

describe('fuse: contributions', () => {
  it('sum to the logit minus the bias, with shares summing to 1, sorted by size', () => {
    const rand = mulberry32(5);
    for (let i = 0; i < 200; i++) {
      const weights = randomWeights(rand);
      const r = fuse(randomCues(rand, KNOWN), weights);
      const sum = r.contributions.reduce((a, c) => a + c.contribution, 0);
      expect(sum).toBeCloseTo(r.logit - weights.bias, 10);
      expect(r.bias).toBe(weights.bias);
      if (r.contributions.some((c) => c.contribution !== 0)) {
        expect(r.contributions.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 12);
      }
      for (let k = 1; k < r.contributions.length; k++) {
        const prev = Math.abs(r.contributions[k - 1]?.contribution ?? 0);
        expect(prev).toBeGreaterThanOrEqual(Math.abs(r.contributions[k]?.contribution ?? 0));
      }
      expect(r.contributions.length + r.abstained.length).toBe(KNOWN.length);
    }
  });

  it('names the cue that drove the score first, and carries the weights version', () => {
    const r = fuse({ boundary: cue(0.95), blink: cue(0.55), mesonet: cue(0.45, 0.3) });
    expect(r.contributions[0]?.cue).toBe('boundary');
    expect(r.contributions[0]?.contribution).toBeGreaterThan(0);
    expect(r.contributions.find((c) => c.cue === 'mesonet')?.contribution).toBeLessThan(0);
    expect(r.version).toBe(W.version);
  });
});

describe('fuse: determinism', () => {
  it('gives identical results for identical inputs in any key order', () => {
    const rand = mulberry32(99);
    for (let i = 0; i < 100; i++) {
      const cues = randomCues(rand, KNOWN);
      const reversed = Object.fromEntries(Object.entries(cues).reverse());
      expect(fuse(reversed)).toEqual(fuse(cues));
      expect(fuse(cues)).toEqual(fuse(cues));
    }
  });
});

describe('weights file', () => {
  it('ships weights that validate, are non-negative, keep likely-fake conservative, and know the cues', () => {
    const shipped = DEFAULT_FUSION_WEIGHTS;
    expect(shipped.version).toMatch(/^(prior|trained)-/);
    for (const c of Object.values(shipped.cues)) expect(c.weight).toBeGreaterThanOrEqual(0);
    expect(shipped.thresholds.likelyFake).toBeGreaterThanOrEqual(0.7);
    expect(shipped.minEvidence.cuesForLikelyFake).toBeGreaterThanOrEqual(2);
    // Every weighted cue is one the analyser reports (lib/analysis/judge.ts keys).
    const reported = [
      'temporal',
      'blink',
      'headPose',
      'boundary',
      'eyeReflection',
      'pulse',
      'mesonet',
      'avSync',
      'phonemeViseme',
    ];
    for (const name of Object.keys(shipped.cues)) expect(reported).toContain(name);
  });

  it('round-trips through serialize and parse', () => {
    const text = serializeFusionWeights(W);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseFusionWeights(JSON.parse(text))).toEqual(W);
  });

  it('fills documented defaults and rejects bad files with the field named', () => {
    const minimal = {
      version: 'v',
      trainedOn: 't',
      createdAt: 'c',
      bias: 0,
      cues: { a: { weight: 1 } },
      thresholds: { likelyFake: 0.9, likelyReal: 0.2 },
    };
    const parsed = parseFusionWeights(minimal);
    expect(parsed.cues.a).toEqual({ weight: 1, presence: 0 });
    expect(parsed.minEvidence).toEqual({ cues: 1, totalConfidence: 0.5, cuesForLikelyFake: 2 });
    expect(parsed.scoreEpsilon).toBe(0.02);
    expect(() => parseFusionWeights(null)).toThrow(/object/);
    expect(() => parseFusionWeights({ ...minimal, bias: 'x' })).toThrow(/weights\.bias/);
    expect(() =>
      parseFusionWeights({ ...minimal, thresholds: { likelyFake: 0.2, likelyReal: 0.9 } }),
    ).toThrow(/likelyReal/);
    expect(() =>
      parseFusionWeights({ ...minimal, thresholds: { likelyFake: 1, likelyReal: 0.2 } }),
    ).toThrow(/between 0 and 1/);
    expect(() => parseFusionWeights({ ...minimal, minEvidence: { cues: 0 } })).toThrow(
      /minEvidence\.cues/,
    );
    expect(() => parseFusionWeights({ ...minimal, version: '' })).toThrow(/version/);
  });
});
