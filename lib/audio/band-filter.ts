/**
 * The speech band the lips shape most: 1-3 kHz (second formant and above). Lip opening follows
 * the loudness in this band far better than the broadband loudness, which voicing dominates
 * and which stays high while the lips are shut on 'm', 'b' or 'n' (measured on the fixtures:
 * correlation with lip opening 0.42-0.63 against 0.14-0.46 broadband, `npm run eval:lipsync`).
 * Two RBJ biquads (Butterworth high-pass at 1 kHz, low-pass at 3 kHz); state carries across
 * contiguous chunks.
 */
import { AUDIO_SAMPLE_RATE } from './types';

export const BAND_HZ = { low: 1000, high: 3000 } as const;

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function butterworth(kind: 'high' | 'low', hz: number, rate: number): Biquad {
  const w = (2 * Math.PI * hz) / rate;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b1 = kind === 'low' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'low' ? (1 - cos) / 2 : (1 + cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

export class BandFilter {
  private readonly stages: Biquad[];
  /** Per stage: x[n-1], x[n-2], y[n-1], y[n-2]. */
  private state: Float64Array[];

  constructor(rate: number = AUDIO_SAMPLE_RATE) {
    this.stages = [butterworth('high', BAND_HZ.low, rate), butterworth('low', BAND_HZ.high, rate)];
    this.state = this.stages.map(() => new Float64Array(4));
  }

  /** Forgets the past (audio that does not follow on from the last chunk). */
  reset(): void {
    this.state = this.stages.map(() => new Float64Array(4));
  }

  /** Filters `input` as the continuation of everything filtered since the last reset. */
  process(input: Float32Array): Float32Array {
    const out = Float32Array.from(input);
    this.stages.forEach((f, k) => {
      const s = this.state[k] as Float64Array;
      let [x1, x2, y1, y2] = s as unknown as [number, number, number, number];
      for (let i = 0; i < out.length; i++) {
        const x = out[i] as number;
        const y = f.b0 * x + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        out[i] = y;
      }
      s.set([x1, x2, y1, y2]);
    });
    return out;
  }
}
