import { describe, expect, it } from 'vitest';
import { classify } from '@/lib/scoring/fusion';
import { StreamingScore, type StreamState } from '@/lib/scoring/stream';
import type { FusionWeights } from '@/lib/scoring/weights';
import { mulberry32, uniform } from '../prng';

/** One cue whose score is the fused probability (weight 1, bias 0), so tests set p directly. */
const WEIGHTS: FusionWeights = {
  version: 'test',
  trainedOn: 'test',
  createdAt: '2025-01-01T00:00:00.000Z',
  bias: 0,
  scoreEpsilon: 0.001,
  cues: { x: { weight: 1, presence: 0 }, y: { weight: 1, presence: 0 } },
  thresholds: { likelyFake: 0.85, likelyReal: 0.3 },
  minEvidence: { cues: 1, totalConfidence: 0.5, cuesForLikelyFake: 1 },
};

const ENOUGH = { faceSeconds: 10, faceFrames: 100 };

/** Feeds probabilities p[i] at `stepS` intervals (fake clock) and returns every state. */
function feed(
  stream: StreamingScore,
  ps: readonly number[],
  startS = 0,
  stepS = 0.5,
): StreamState[] {
  return ps.map((p, i) =>
    stream.update({
      nowS: startS + i * stepS,
      evidence: ENOUGH,
      cues: { x: { score: p, confidence: 1 } },
    }),
  );
}

function changes(verdicts: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < verdicts.length; i++) if (verdicts[i] !== verdicts[i - 1]) n++;
  return n;
}

describe('StreamingScore: publication gate', () => {
  it('publishes nothing before enough face time and face frames, however strong the cues', () => {
    const stream = new StreamingScore(WEIGHTS, {
      firstLookSeconds: 2,
      firstLookFrames: 12,
      minFaceSeconds: 2,
      minFaceFrames: 12,
    });
    const strong = { x: { score: 0.99, confidence: 1 } };
    for (let i = 0; i < 8; i++) {
      const state = stream.update({
        nowS: i * 0.25,
        evidence: { faceSeconds: i * 0.25, faceFrames: i * 2 },
        cues: strong,
      });
      expect(state).toMatchObject({ published: false, verdict: 'insufficient', risk: null });
      expect(state.reason).toMatch(/Need 2 s and 12 frames/);
      expect(state.latest?.verdict).toBe('likely-fake');
    }
    // Enough seconds but too few frames (a face seen only now and then).
    expect(
      stream.update({ nowS: 3, evidence: { faceSeconds: 3, faceFrames: 11 }, cues: strong })
        .published,
    ).toBe(false);
    const state = stream.update({
      nowS: 3.5,
      evidence: { faceSeconds: 3, faceFrames: 12 },
      cues: strong,
    });
    expect(state.published).toBe(true);
    expect(state.risk).toBe(99);
  });

  it('publishes a first look after 1 s and 8 face frames, held at uncertain until 2 s and 12', () => {
    const stream = new StreamingScore(WEIGHTS);
    const strong = { x: { score: 0.99, confidence: 1 } };
    const at = (s: number, frames: number) =>
      stream.update({ nowS: s, evidence: { faceSeconds: s, faceFrames: frames }, cues: strong });
    expect(at(0.9, 8).published).toBe(false);
    expect(at(1, 7).published).toBe(false);
    const first = at(1, 8);
    expect(first).toMatchObject({ published: true, verdict: 'uncertain', risk: 99 });
    // However strong and however often, no verdict before the full evidence gate.
    for (let i = 0; i < 6; i++) expect(at(1.1 + i * 0.1, 9 + i).verdict).toBe('uncertain');
    expect(at(1.9, 11).verdict).toBe('uncertain');
    const after = [at(2, 12), at(2.2, 13), at(2.4, 14)].map((st) => st.verdict);
    expect(after).toEqual(['uncertain', 'uncertain', 'likely-fake']);
  });

  it('stays unpublished while fusion has no data, and treats NaN evidence as none', () => {
    const stream = new StreamingScore(WEIGHTS);
    const none = stream.update({ nowS: 5, evidence: ENOUGH, cues: { x: null } });
    expect(none).toMatchObject({
      published: false,
      verdict: 'insufficient',
      reason: 'No cue has data yet',
    });
    const nan = stream.update({
      nowS: 6,
      evidence: { faceSeconds: Number.NaN, faceFrames: 100 },
      cues: { x: { score: 0.5, confidence: 1 } },
    });
    expect(nan.published).toBe(false);
  });

  it('keeps the last score when fusion later abstains, and forgets it on reset', () => {
    const stream = new StreamingScore(WEIGHTS);
    feed(stream, [0.6, 0.6]);
    const kept = stream.update({ nowS: 2, evidence: ENOUGH, cues: {} });
    expect(kept).toMatchObject({ published: true, risk: 60 });
    expect(kept.reason).toMatch(/Kept last score/);
    expect(stream.current).toBe(kept);
    stream.reset();
    expect(stream.current).toMatchObject({ published: false, risk: null, verdict: 'insufficient' });
  });
});

describe('StreamingScore: smoothing', () => {
  it('moves the risk by 1 - exp(-dt / tau) of the gap, on the caller clock', () => {
    const stream = new StreamingScore(WEIGHTS, { smoothingS: 2 });
    feed(stream, [0.2]);
    // Same timestamp: no time has passed, nothing moves.
    expect(
      stream.update({ nowS: 0, evidence: ENOUGH, cues: { x: { score: 0.9, confidence: 1 } } })
        .probability,
    ).toBeCloseTo(0.2, 9);
    const after = stream.update({
      nowS: 2,
      evidence: ENOUGH,
      cues: { x: { score: 0.9, confidence: 1 } },
    });
    expect(after.probability).toBeCloseTo(0.2 + 0.7 * (1 - Math.exp(-1)), 9);
    expect(after.risk).toBe(Math.round(100 * (after.probability ?? 0)));
  });

  it('does not smooth with smoothingS 0', () => {
    const stream = new StreamingScore(WEIGHTS, { smoothingS: 0 });
    const states = feed(stream, [0.2, 0.7]);
    expect(states[1]?.probability).toBeCloseTo(0.7, 9);
  });
});

describe('StreamingScore: verdict hysteresis', () => {
  it('does not flap on a noisy sequence around the likely-fake threshold', () => {
    const rand = mulberry32(3);
    const ps = Array.from({ length: 300 }, () => 0.85 + uniform(rand, -0.1, 0.1));
    const raw = ps.map((p) => classify(p, WEIGHTS.thresholds));
    // The test is meaningful: without the stream the verdict flaps constantly.
    expect(changes(raw)).toBeGreaterThan(50);
    const verdicts = feed(new StreamingScore(WEIGHTS), ps).map((s) => s.verdict);
    expect(changes(verdicts)).toBeLessThanOrEqual(1);
  });

  it('does not flap around the likely-real threshold either', () => {
    const rand = mulberry32(4);
    const ps = Array.from({ length: 300 }, () => 0.3 + uniform(rand, -0.12, 0.12));
    const verdicts = feed(new StreamingScore(WEIGHTS), ps).map((s) => s.verdict);
    expect(changes(verdicts)).toBeLessThanOrEqual(1);
  });

  it('ignores a one-update spike even without smoothing', () => {
    const stream = new StreamingScore(WEIGHTS, { smoothingS: 0, confirmUpdates: 3 });
    const verdicts = feed(stream, [0.5, 0.5, 0.5, 0.5, 0.99, 0.5, 0.5, 0.99, 0.99, 0.5]).map(
      (s) => s.verdict,
    );
    expect(new Set(verdicts)).toEqual(new Set(['uncertain']));
  });

  it('needs the margin to enter a verdict: sitting just above the threshold is not enough', () => {
    const stream = new StreamingScore(WEIGHTS, { smoothingS: 0, margin: 0.05 });
    const states = feed(
      stream,
      Array.from({ length: 20 }, () => 0.88),
    );
    expect(states.every((s) => s.verdict === 'uncertain')).toBe(true);
    expect(states.at(-1)?.risk).toBe(88);
  });

  it('follows a real change: real, then fake, then real again', () => {
    const stream = new StreamingScore(WEIGHTS);
    const states = feed(stream, [
      ...Array.from({ length: 30 }, () => 0.1),
      ...Array.from({ length: 40 }, () => 0.99),
      ...Array.from({ length: 40 }, () => 0.05),
    ]);
    const v = states.map((s) => s.verdict);
    // First published verdict is uncertain, confirmed into likely-real within a few updates.
    expect(v[0]).toBe('uncertain');
    expect(v[29]).toBe('likely-real');
    // 0.5 s updates, 3 s time constant: fake within 10 s of the change, and it stays.
    const fakeAt = v.indexOf('likely-fake');
    expect(fakeAt).toBeGreaterThan(30);
    expect(fakeAt - 30).toBeLessThanOrEqual(20);
    expect(v.slice(fakeAt, 70).every((x) => x === 'likely-fake')).toBe(true);
    expect(states[69]?.risk).toBeGreaterThanOrEqual(95);
    expect(v[109]).toBe('likely-real');
    // Each change passes through uncertain once, and nothing else happens.
    const runs = v.filter((x, i) => i === 0 || x !== v[i - 1]);
    expect(runs).toEqual([
      'uncertain',
      'likely-real',
      'uncertain',
      'likely-fake',
      'uncertain',
      'likely-real',
    ]);
  });

  it('never reaches likely-fake with fewer cues than the weights require', () => {
    const stream = new StreamingScore({
      ...WEIGHTS,
      minEvidence: { ...WEIGHTS.minEvidence, cuesForLikelyFake: 2 },
    });
    const states = feed(
      stream,
      Array.from({ length: 40 }, () => 0.99),
    );
    expect(states.some((s) => s.verdict === 'likely-fake')).toBe(false);
    const both = stream.update({
      nowS: 21,
      evidence: ENOUGH,
      cues: { x: { score: 0.99, confidence: 1 }, y: { score: 0.99, confidence: 1 } },
    });
    expect(both.verdict).toBe('uncertain');
    for (let i = 0; i < 3; i++) {
      stream.update({
        nowS: 22 + i,
        evidence: ENOUGH,
        cues: { x: { score: 0.99, confidence: 1 }, y: { score: 0.99, confidence: 1 } },
      });
    }
    expect(stream.current.verdict).toBe('likely-fake');
  });

  it('is deterministic', () => {
    const rand = mulberry32(8);
    const ps = Array.from({ length: 100 }, () => rand());
    expect(feed(new StreamingScore(WEIGHTS), ps)).toEqual(feed(new StreamingScore(WEIGHTS), ps));
  });

  it('rejects nonsensical options', () => {
    expect(() => new StreamingScore(WEIGHTS, { confirmUpdates: 0 })).toThrow(RangeError);
    expect(() => new StreamingScore(WEIGHTS, { smoothingS: -1 })).toThrow(RangeError);
    expect(() => new StreamingScore(WEIGHTS, { margin: Number.NaN })).toThrow(RangeError);
  });
});
