import { describe, expect, it } from 'vitest';
import { DeepRun, pickDeepTarget } from '@/entrypoints/video.content/deep-check';
import { decide } from '@/entrypoints/video.content/settings-gate';
import { DEFAULT_SETTINGS, mergeSettings } from '@/lib/storage/settings';

describe('settings gate', () => {
  it('auto mode samples and badges; a site switched off gets neither, deep check or not', () => {
    expect(decide(DEFAULT_SETTINGS, 'generic', 'none')).toEqual({
      sample: true,
      badge: true,
      quiet: true,
    });
    const off = mergeSettings(DEFAULT_SETTINGS, { sites: { youtube: false } });
    for (const deep of ['none', 'running', 'done'] as const) {
      expect(decide(off, 'youtube', deep)).toMatchObject({ sample: false, badge: false });
    }
    expect(decide(off, 'generic', 'none').sample).toBe(true);
  });

  it('on-request: nothing until a deep check; after it, the verdict stays without sampling', () => {
    const s = mergeSettings(DEFAULT_SETTINGS, { mode: 'on-request', showScores: 'all' });
    expect(decide(s, 'x', 'none')).toEqual({ sample: false, badge: false, quiet: false });
    expect(decide(s, 'x', 'running')).toEqual({ sample: true, badge: true, quiet: false });
    expect(decide(s, 'x', 'finishing')).toMatchObject({ sample: false, badge: true });
    expect(decide(s, 'x', 'done')).toMatchObject({ sample: false, badge: true });
  });
});

describe('deep run', () => {
  it('counts media time covered by frames; seeks and loops add nothing', () => {
    const run = new DeepRun(10);
    for (let t = 0; t <= 5; t += 0.1) expect(run.onFrame(t)).toBe(true);
    expect(run.progress).toBeCloseTo(0.5, 1);
    run.onFrame(0); // a seek back (the video is 60 s long): nothing added, go on
    for (let t = 0.1; t <= 5.2; t += 0.1) run.onFrame(t, 60);
    expect(run.complete).toBe(true);
    expect(run.progress).toBe(1);
    const seek = new DeepRun(10);
    seek.onFrame(0);
    seek.onFrame(8); // a seek forward
    expect(seek.progress).toBe(0);
  });

  it('a short looping video ends the check when it starts over, without that frame', () => {
    const run = new DeepRun(20);
    for (let t = 0; t < 7.95; t += 0.125) run.onFrame(t, 8);
    expect(run.complete).toBe(false);
    expect(run.onFrame(0.05, 8)).toBe(false);
    expect(run.complete).toBe(true);
    expect(run.progress).toBe(1);
    // Started mid-video: the first start-over comes before a whole pass; the next one ends it.
    const late = new DeepRun(20);
    for (let t = 4; t < 7.95; t += 0.125) late.onFrame(t, 8);
    expect(late.onFrame(0.05, 8)).toBe(true);
    expect(late.complete).toBe(false);
    for (let t = 0.175; t < 7.95; t += 0.125) late.onFrame(t, 8);
    expect(late.onFrame(0.05, 8)).toBe(false);
    expect(late.complete).toBe(true);
  });
});

function fakeVideo(opts: {
  src?: string;
  rect?: [number, number, number, number];
  paused?: boolean;
}): HTMLVideoElement {
  const [left, top, width, height] = opts.rect ?? [0, 0, 0, 0];
  return {
    currentSrc: opts.src ?? '',
    src: opts.src ?? '',
    paused: opts.paused ?? false,
    ended: false,
    querySelectorAll: () => [],
    getBoundingClientRect: () => ({ left, top, right: left + width, bottom: top + height }),
  } as unknown as HTMLVideoElement;
}

describe('deep-check target', () => {
  const viewport = { width: 1000, height: 800 };
  const small = {
    videoId: 'a',
    video: fakeVideo({ src: 'https://s/a.mp4', rect: [0, 0, 200, 100] }),
  };
  const big = {
    videoId: 'b',
    video: fakeVideo({ src: 'https://s/b.mp4', rect: [0, 200, 800, 450], paused: true }),
  };
  const hidden = { videoId: 'c', video: fakeVideo({ src: 'blob:x', rect: [0, 900, 800, 450] }) };
  const all = [small, big, hidden];

  it('by id, then by source URL', () => {
    expect(pickDeepTarget(all, { videoId: 'c' }, viewport)).toBe(hidden);
    expect(pickDeepTarget(all, { videoId: 'zz' }, viewport)).toBeUndefined();
    expect(pickDeepTarget(all, { srcUrl: 'https://s/b.mp4' }, viewport)).toBe(big);
  });

  it('else the largest visible playing video, else the largest visible one', () => {
    expect(pickDeepTarget(all, {}, viewport)).toBe(small);
    expect(pickDeepTarget([big, hidden], { srcUrl: 'https://nope' }, viewport)).toBe(big);
    expect(pickDeepTarget([hidden], {}, viewport)).toBeUndefined();
  });
});
