/**
 * Puts captured audio on the video's media clock. The capture graph delivers samples with no
 * media time; at each callback the element's currentTime says roughly where playback is, so
 * (currentTime - seconds captured so far) estimates the media time of the first captured
 * sample. The anchor is the median of the first estimates and then stays fixed (so chunks stay
 * exactly contiguous) until the estimates drift away from it (a stall, a seek without events).
 */

/** Median of a small list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export class MediaClock {
  private estimates: number[] = [];
  private recent: number[] = [];
  private anchorS: number | null = null;

  constructor(
    /** Estimates needed before the anchor is fixed. */
    private readonly settle = 6,
    /** Drift that forces a re-anchor once every recent estimate shows it, s. */
    private readonly maxDriftS = 0.08,
  ) {}

  /** Forget everything (play after pause, seek, rate change). */
  reset(): void {
    this.estimates = [];
    this.recent = [];
    this.anchorS = null;
  }

  /**
   * One observation: `capturedS` seconds of audio captured since the last reset, with the
   * element at `currentTimeS`. Returns true when the anchor moved (a discontinuity).
   */
  observe(capturedS: number, currentTimeS: number): boolean {
    const estimate = currentTimeS - capturedS;
    if (this.anchorS === null) {
      this.estimates.push(estimate);
      if (this.estimates.length >= this.settle) this.anchorS = median(this.estimates);
      return false;
    }
    this.recent.push(estimate);
    if (this.recent.length > this.settle) this.recent.shift();
    const anchor = this.anchorS;
    const off = this.recent.filter((e) => Math.abs(e - anchor) > this.maxDriftS).length;
    if (this.recent.length === this.settle && off === this.settle) {
      this.anchorS = median(this.recent);
      this.recent = [];
      return true;
    }
    return false;
  }

  /** Media time of the first captured sample; null until settled. */
  get anchor(): number | null {
    return this.anchorS;
  }
}
