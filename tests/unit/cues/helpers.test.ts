import { describe, expect, it } from 'vitest';
import {
  alignTrack,
  applySimilarity,
  fitSimilarity,
  multiplyTransposed,
  rotationAngle,
  rotationVector,
} from '@/lib/cues/geometry';
import {
  FACE_OVAL,
  LEFT_EYE_EAR,
  RIGHT_EYE_EAR,
  eyeAspectRatio,
  framePoints,
} from '@/lib/cues/landmarks';
import {
  detrendLinear,
  dftAt,
  fisherG,
  frequencyGrid,
  median,
  quantile,
  ratioScore,
  resampleUniform,
  robustStd,
  selectInPlace,
} from '@/lib/cues/signal';
import { CANONICAL, gaussian, rng, rotation, synthTrack } from './synthetic';

describe('geometry', () => {
  it('recovers a known similarity transform', () => {
    const R = rotation(0.4, -0.2, 0.1);
    const dst = new Float64Array(CANONICAL.length);
    for (let i = 0; i < CANONICAL.length / 3; i++) {
      const [x, y, z] = [CANONICAL[i * 3]!, CANONICAL[i * 3 + 1]!, CANONICAL[i * 3 + 2]!];
      dst[i * 3] = 2.5 * (R[0]! * x + R[1]! * y + R[2]! * z) + 100;
      dst[i * 3 + 1] = 2.5 * (R[3]! * x + R[4]! * y + R[5]! * z) - 40;
      dst[i * 3 + 2] = 2.5 * (R[6]! * x + R[7]! * y + R[8]! * z) + 7;
    }
    const tf = fitSimilarity(CANONICAL, dst, [...FACE_OVAL, 1, 33, 263, 61, 291]);
    expect(tf.scale).toBeCloseTo(2.5, 6);
    expect(rotationAngle(multiplyTransposed(tf.R, R))).toBeLessThan(1e-6);
    const out = applySimilarity(tf, CANONICAL, [1], new Float64Array(CANONICAL.length));
    expect(out[3]).toBeCloseTo(dst[3]!, 6);
    expect(out[5]).toBeCloseTo(dst[5]!, 6);
  });

  it('never returns a reflection', () => {
    const mirrored = Float64Array.from(CANONICAL, (v, i) => (i % 3 === 0 ? -v : v));
    const tf = fitSimilarity(CANONICAL, mirrored, [...FACE_OVAL, 1, 33, 263]);
    const r = tf.R;
    const det =
      r[0]! * (r[4]! * r[8]! - r[5]! * r[7]!) -
      r[1]! * (r[3]! * r[8]! - r[5]! * r[6]!) +
      r[2]! * (r[3]! * r[7]! - r[4]! * r[6]!);
    expect(det).toBeCloseTo(1, 9);
  });

  it('rotation vectors have the rotation angle as length', () => {
    const v = rotationVector(rotation(0, 0.3, 0));
    expect(Math.hypot(...v)).toBeCloseTo(0.3, 9);
    expect(Math.abs(v[0])).toBeCloseTo(0.3, 9);
  });

  it('aligns a moving track onto one reference', () => {
    const track = synthTrack({ landmarkNoise: 0, speech: false });
    const pts = track.samples.map((s) => framePoints(s));
    const idx = [...FACE_OVAL] as number[];
    const { reference, toReference } = alignTrack(pts, idx);
    const rms = (p: Float64Array) =>
      Math.sqrt(idx.reduce((s, i) => s + dist3Between(p, reference, i) ** 2, 0) / idx.length);
    const tmp = new Float64Array(pts[0]!.length);
    for (const k of [0, 15, 65, 80]) {
      // Unaligned frames are tens of pixels off; aligned ones keep only the 0.3 px noise.
      expect(rms(pts[k]!)).toBeGreaterThan(5);
      expect(rms(applySimilarity(toReference[k]!, pts[k]!, idx, tmp))).toBeLessThan(1);
    }
  });
});

function dist3Between(a: Float64Array, b: Float64Array, i: number): number {
  return Math.hypot(
    a[i * 3]! - b[i * 3]!,
    a[i * 3 + 1]! - b[i * 3 + 1]!,
    a[i * 3 + 2]! - b[i * 3 + 2]!,
  );
}

describe('landmarks', () => {
  it('the synthetic face has MediaPipe index semantics', () => {
    const x = (i: number) => CANONICAL[i * 3]!;
    // The subject's right eye (33..133) is on the image's left.
    expect(x(33)).toBeLessThan(x(133));
    expect(x(133)).toBeLessThan(x(362));
    expect(x(362)).toBeLessThan(x(263));
    expect(x(234)).toBeLessThan(x(454));
    expect(CANONICAL[10 * 3 + 1]!).toBeLessThan(CANONICAL[152 * 3 + 1]!);
    expect(eyeAspectRatio(CANONICAL, RIGHT_EYE_EAR)).toBeCloseTo(0.277, 2);
    expect(eyeAspectRatio(CANONICAL, LEFT_EYE_EAR)).toBeCloseTo(0.277, 2);
  });

  it('undoes the face box aspect ratio, including z', () => {
    const landmarks = new Float32Array(478 * 3);
    landmarks.set([0.5, 0.25, 0.1], 0);
    const p = framePoints({
      t: 0,
      frame: 0,
      frameWidth: 640,
      frameHeight: 480,
      box: { x: 100, y: 50, width: 200, height: 300 },
      landmarks,
      blendshapes: new Float32Array(0),
      pose: null,
    });
    expect([p[0], p[1], p[2]]).toEqual([200, 125, expect.closeTo(20, 4)]);
  });
});

describe('signal', () => {
  it('robust statistics ignore a minority of outliers', () => {
    const g = gaussian(rng(4));
    const xs = Array.from({ length: 2000 }, () => 3 * g());
    for (let i = 0; i < 100; i++) xs[i] = 1000;
    expect(robustStd(xs)).toBeGreaterThan(2.6);
    expect(robustStd(xs)).toBeLessThan(3.6);
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });

  it('quickselect agrees with sorting', () => {
    const r = rng(9);
    const a = Float32Array.from({ length: 301 }, () => r());
    const sorted = Float32Array.from(a).sort();
    for (const k of [0, 17, 150, 300])
      expect(selectInPlace(Float32Array.from(a), k)).toBe(sorted[k]);
  });

  it('resamples on measured times', () => {
    const t = [0, 0.1, 0.35, 0.5];
    const v = t.map((x) => 2 * x + 1);
    const out = resampleUniform(t, v, 10);
    expect(out.length).toBe(6);
    out.forEach((y, k) => expect(y).toBeCloseTo(2 * (k / 10) + 1, 9));
  });

  it('finds a sinusoid in a periodogram and Fisher g flags it', () => {
    const fs = 8;
    const g = gaussian(rng(2));
    const sine = Float64Array.from(
      { length: 96 },
      (_, i) => Math.sin(2 * Math.PI * 1.25 * (i / fs)) + 0.5 * g(),
    );
    const noise = Float64Array.from({ length: 96 }, () => g());
    const grid = frequencyGrid(0.7, 3.6, fs / 96);
    const spec = dftAt(detrendLinear(sine), fs, grid);
    const peak = grid[spec.power.indexOf(Math.max(...spec.power))]!;
    expect(peak).toBeCloseTo(1.25, 6);
    expect(fisherG(spec.power).p).toBeLessThan(1e-6);
    expect(fisherG(dftAt(detrendLinear(noise), fs, grid).power).p).toBeGreaterThan(0.01);
  });

  it('ratio scores are 0.5 at the natural upper bound and monotone', () => {
    expect(ratioScore(2, 2)).toBeCloseTo(0.5, 9);
    expect(ratioScore(1, 2)).toBeCloseTo(0.2, 2);
    expect(ratioScore(4, 2)).toBeCloseTo(0.8, 2);
    expect(ratioScore(0, 2)).toBe(0);
  });
});
