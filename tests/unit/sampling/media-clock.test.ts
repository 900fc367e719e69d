import { describe, expect, it } from 'vitest';
import { MediaClock } from '@/lib/sampling/media-clock';
import { mulberry32 } from '../prng';

describe('MediaClock', () => {
  it('settles on the media time of the first sample despite jittery currentTime', () => {
    const rand = mulberry32(3);
    const clock = new MediaClock();
    let moved = false;
    for (let k = 1; k <= 40; k++) {
      const captured = k * 0.085;
      // Playback started at media time 2.0; currentTime jitters by +-20 ms.
      moved ||= clock.observe(captured, 2.0 + captured + 0.04 * (rand() - 0.5));
    }
    expect(moved).toBe(false);
    expect(clock.anchor).not.toBeNull();
    expect(Math.abs((clock.anchor ?? 0) - 2.0)).toBeLessThan(0.015);
  });

  it('re-anchors after a jump and resets on demand', () => {
    const clock = new MediaClock();
    for (let k = 1; k <= 10; k++) clock.observe(k * 0.1, 5 + k * 0.1);
    expect(clock.anchor).toBeCloseTo(5, 6);
    let moved = false;
    for (let k = 11; k <= 20; k++) moved ||= clock.observe(k * 0.1, 5.5 + k * 0.1);
    expect(moved).toBe(true);
    expect(clock.anchor).toBeCloseTo(5.5, 6);
    clock.reset();
    expect(clock.anchor).toBeNull();
  });
});
