/**
 * Decides when the next frame is sampled. Pure and clock-free (callers pass `now`), so it is
 * tested with a fake clock. The rate starts at `targetFps` and backs off multiplicatively when
 * the tab is busy (main-thread capture cost over budget, long tasks, a growing backlog in the
 * offscreen queue), then recovers one step per healthy window.
 */
export interface SchedulerOptions {
  /** Default 8 fps (Foundation issue). */
  targetFps: number;
  /** Never go below this. */
  minFps: number;
  /** Main-thread budget per sampled frame, ms (moving average). */
  frameBudgetMs: number;
  /** Long-task time per second above which the tab counts as busy, ms. */
  busyMsPerSecond: number;
  /** Offscreen queue depth above which the host is falling behind. */
  maxBacklog: number;
  /** How often the rate is reconsidered, ms. */
  adaptEveryMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  targetFps: 8,
  minFps: 1,
  frameBudgetMs: 8,
  busyMsPerSecond: 250,
  maxBacklog: 4,
  adaptEveryMs: 1000,
};

/** Samples whose cost is ignored: the first draws pay one-off set-up. */
const WARMUP_SAMPLES = 3;

export class SampleScheduler {
  readonly options: SchedulerOptions;
  private currentFps: number;
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  private windowStart: number | null = null;
  private costEwma = 0;
  /** Samples taken so far; the first few (JIT, canvas set-up) do not count toward cost. */
  private samples = 0;
  private busyMs = 0;
  private backlog = 0;

  constructor(options: Partial<SchedulerOptions> = {}) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
    this.currentFps = this.options.targetFps;
  }

  /** The rate in force now. */
  get fps(): number {
    return this.currentFps;
  }

  /**
   * True when a frame presented at `now` should be sampled. Frames arrive at the video's own
   * rate, so a frame is taken when at least 90% of the interval has passed (a 30 fps video then
   * yields the target rate instead of rounding down to the next frame boundary).
   */
  shouldSample(now: number): boolean {
    this.adapt(now);
    return now - this.lastSampleAt >= (1000 / this.currentFps) * 0.9;
  }

  /** Records a sample taken at `now` that cost `costMs` on the main thread. */
  recordSample(now: number, costMs: number): void {
    this.lastSampleAt = now;
    this.samples++;
    if (this.samples <= WARMUP_SAMPLES) return;
    this.costEwma = this.costEwma === 0 ? costMs : this.costEwma * 0.8 + costMs * 0.2;
  }

  /** Records main-thread long-task time observed in the page. */
  recordBusy(ms: number): void {
    this.busyMs += ms;
  }

  /** Records the offscreen queue depth reported by the latest ack. */
  recordBacklog(depth: number): void {
    this.backlog = depth;
  }

  /** Changes the target rate (a deep check samples faster); takes effect at once. */
  setTargetFps(fps: number): void {
    if (!(fps > 0)) throw new RangeError('fps must be > 0');
    this.options.targetFps = fps;
    this.currentFps = Math.max(this.options.minFps, fps);
  }

  /** Forgets timing after a pause so that a resumed video samples at once. */
  reset(): void {
    this.lastSampleAt = Number.NEGATIVE_INFINITY;
    this.windowStart = null;
    this.busyMs = 0;
  }

  private adapt(now: number): void {
    if (this.windowStart === null) {
      this.windowStart = now;
      return;
    }
    const elapsed = now - this.windowStart;
    if (elapsed < this.options.adaptEveryMs) return;
    const o = this.options;
    const busy =
      this.costEwma > o.frameBudgetMs ||
      (this.busyMs * 1000) / elapsed > o.busyMsPerSecond ||
      this.backlog > o.maxBacklog;
    if (busy) this.currentFps = Math.max(o.minFps, Math.floor(this.currentFps * 0.75));
    else if (this.currentFps < o.targetFps) this.currentFps += 1;
    this.windowStart = now;
    this.busyMs = 0;
  }
}
