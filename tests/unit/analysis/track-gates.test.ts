import { describe, expect, it } from 'vitest';
import { isFrozen, profileShare, unjudgeable } from '@/lib/analysis/track-gates';
import { synthTrack } from '../cues/synthetic';

describe('track gates', () => {
  it('lets a moving, frontal face through', () => {
    const track = synthTrack({ durationS: 6, fps: 8, seed: 2 });
    expect(isFrozen(track)).toBe(false);
    expect(profileShare(track)).toBe(0);
    expect(unjudgeable(track)).toBeNull();
  });

  it('calls a track whose picture never changes frozen', () => {
    const track = synthTrack({ durationS: 6, fps: 8, seed: 2 });
    const first = track.samples[0]!;
    const frozen = { ...track, samples: track.samples.map((s) => ({ ...first, t: s.t })) };
    expect(isFrozen(frozen)).toBe(true);
    expect(unjudgeable(frozen)).toMatch(/frozen frames/);
    // Tracker noise on a still picture (a tenth of a pixel of box wobble) is still frozen.
    const wobbly = {
      ...frozen,
      samples: frozen.samples.map((s, k) => ({
        ...s,
        box: { ...s.box, x: s.box.x + (k % 2 ? 0.1 : -0.1) },
      })),
    };
    expect(isFrozen(wobbly)).toBe(true);
  });

  it('calls a face turned away most of the time a profile', () => {
    const track = synthTrack({ durationS: 6, fps: 8, seed: 2 });
    const turned = {
      ...track,
      samples: track.samples.map((s) => ({ ...s, pose: { yaw: 1.2, pitch: 0, roll: 0 } })),
    };
    expect(profileShare(turned)).toBe(1);
    expect(unjudgeable(turned)).toMatch(/profile/);
  });
});
