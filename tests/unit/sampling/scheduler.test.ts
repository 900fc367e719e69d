import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULER_OPTIONS, SampleScheduler } from '@/lib/sampling/scheduler';

const TARGET = DEFAULT_SCHEDULER_OPTIONS.targetFps;

/** Drives the scheduler with video frames presented every `frameMs` on a fake clock. */
function run(
  scheduler: SampleScheduler,
  { from, to, frameMs, costMs = 1 }: { from: number; to: number; frameMs: number; costMs?: number },
): number {
  let sampled = 0;
  for (let now = from; now < to; now += frameMs) {
    if (scheduler.shouldSample(now)) {
      scheduler.recordSample(now, costMs);
      sampled++;
    }
  }
  return sampled;
}

describe('SampleScheduler', () => {
  it('samples a 30 fps video at the default 16 fps', () => {
    const scheduler = new SampleScheduler();
    const sampled = run(scheduler, { from: 0, to: 10_000, frameMs: 1000 / 30 });
    expect(scheduler.fps).toBe(16);
    expect(sampled).toBeGreaterThanOrEqual(155);
    expect(sampled).toBeLessThanOrEqual(162);
  });

  it('samples a 30 fps video at 8 fps when asked (8 fps, not 7.5)', () => {
    const scheduler = new SampleScheduler({ targetFps: 8 });
    const sampled = run(scheduler, { from: 0, to: 10_000, frameMs: 1000 / 30 });
    expect(scheduler.fps).toBe(8);
    expect(sampled).toBeGreaterThanOrEqual(77);
    expect(sampled).toBeLessThanOrEqual(82);
  });

  it('keeps the target rate on a video whose frame rate is not a multiple of it', () => {
    // 25 fps frames at a 15 fps target: gaps of one and two frames, not always two (12.5 fps).
    const scheduler = new SampleScheduler({ targetFps: 15 });
    const sampled = run(scheduler, { from: 0, to: 10_000, frameMs: 40 });
    expect(sampled).toBeGreaterThanOrEqual(145);
    expect(sampled).toBeLessThanOrEqual(152);
  });

  it('does not catch up in a burst after a stretch without frames', () => {
    const scheduler = new SampleScheduler({ targetFps: 15 });
    run(scheduler, { from: 0, to: 1000, frameMs: 1000 / 30 });
    // No frame for 2 s (a stall), then frames again: the rate stays the target's.
    expect(run(scheduler, { from: 3000, to: 4000, frameMs: 1000 / 30 })).toBeLessThanOrEqual(16);
  });

  it('never samples faster than the video presents frames', () => {
    const scheduler = new SampleScheduler({ targetFps: 30 });
    expect(run(scheduler, { from: 0, to: 1000, frameMs: 100 })).toBeLessThanOrEqual(10);
  });

  it('backs off when each frame costs more than the budget, and recovers', () => {
    const scheduler = new SampleScheduler();
    run(scheduler, { from: 0, to: 3000, frameMs: 1000 / 30, costMs: 20 });
    const slowed = scheduler.fps;
    expect(slowed).toBeLessThan(TARGET);
    run(scheduler, { from: 3000, to: 30_000, frameMs: 1000 / 30, costMs: 0.5 });
    expect(scheduler.fps).toBe(TARGET);
  });

  it('backs off when the tab reports long tasks', () => {
    const scheduler = new SampleScheduler();
    run(scheduler, { from: 0, to: 1000, frameMs: 1000 / 30 });
    scheduler.recordBusy(600);
    run(scheduler, { from: 1000, to: 2100, frameMs: 1000 / 30 });
    expect(scheduler.fps).toBeLessThan(TARGET);
  });

  it('backs off when the offscreen queue falls behind (a full queue of 4), not at 2 waiting', () => {
    const full = new SampleScheduler();
    full.recordBacklog(4); // the host's queue capacity: the most an ack can report
    run(full, { from: 0, to: 2100, frameMs: 1000 / 30 });
    expect(full.fps).toBeLessThan(TARGET);
    const keeping = new SampleScheduler();
    keeping.recordBacklog(2);
    run(keeping, { from: 0, to: 2100, frameMs: 1000 / 30 });
    expect(keeping.fps).toBe(TARGET);
  });

  it('never goes below minFps', () => {
    const scheduler = new SampleScheduler({ minFps: 2 });
    scheduler.recordBacklog(100);
    run(scheduler, { from: 0, to: 20_000, frameMs: 1000 / 30, costMs: 50 });
    expect(scheduler.fps).toBe(2);
  });

  it('samples the first frame after a reset at once', () => {
    const scheduler = new SampleScheduler();
    expect(scheduler.shouldSample(1000)).toBe(true);
    scheduler.recordSample(1000, 1);
    expect(scheduler.shouldSample(1010)).toBe(false);
    scheduler.reset();
    expect(scheduler.shouldSample(1020)).toBe(true);
  });

  it('a deep check raises the target rate at once and can lower it again', () => {
    const scheduler = new SampleScheduler({ targetFps: 8 });
    expect(run(scheduler, { from: 0, to: 2000, frameMs: 1000 / 30 })).toBeLessThanOrEqual(17);
    scheduler.setTargetFps(15);
    const fast = run(scheduler, { from: 2000, to: 4000, frameMs: 1000 / 30 });
    expect(fast).toBeGreaterThanOrEqual(28);
    expect(scheduler.fps).toBe(15);
    scheduler.setTargetFps(8);
    expect(scheduler.fps).toBe(8);
    expect(() => scheduler.setTargetFps(0)).toThrow(RangeError);
  });

  it('dense sampling ignores a few slow frames, recovers fast, and restores the live profile', () => {
    const live = new SampleScheduler();
    const dense = new SampleScheduler();
    dense.setDense({ targetFps: 15, frameBudgetMs: 12 });
    expect(dense.dense).toBe(true);
    expect(dense.fps).toBe(15);
    // Mostly 5 ms frames with every 4th preempted to 40 ms: the live EWMA backs off, the dense
    // median does not.
    for (const scheduler of [live, dense]) {
      let i = 0;
      for (let now = 0; now < 10_000; now += 1000 / 30) {
        if (!scheduler.shouldSample(now)) continue;
        scheduler.recordSample(now, i++ % 4 === 3 ? 40 : 5);
      }
    }
    expect(live.fps).toBeLessThan(15);
    expect(dense.fps).toBe(15);
    // Over budget, dense backs off too; then it returns to 15 fps within a few seconds.
    run(dense, { from: 10_000, to: 14_000, frameMs: 1000 / 30, costMs: 30 });
    expect(dense.fps).toBeLessThan(8);
    run(dense, { from: 14_000, to: 20_000, frameMs: 1000 / 30, costMs: 2 });
    expect(dense.fps).toBe(15);
    dense.setDense(null);
    expect(dense.dense).toBe(false);
    expect(dense.fps).toBe(DEFAULT_SCHEDULER_OPTIONS.targetFps);
    expect(dense.options.frameBudgetMs).toBe(8);
    expect(() => dense.setDense({ targetFps: 15, frameBudgetMs: 0 })).toThrow(RangeError);
  });
});
