import { describe, expect, it } from 'vitest';
import { composeRotation, poseFromMatrix } from '@/lib/tracks/pose';
import { FaceTracker, iou, speakingActivity, type TrackInput } from '@/lib/tracks/tracker';
import { blendshapeIndex, type Box } from '@/lib/tracks/types';

/** A face with a distinctive landmark shape (`shape` shifts every point). */
function face(box: Box, shape = 0): TrackInput {
  const landmarks = new Float32Array(478 * 3);
  for (let i = 0; i < 478; i++) {
    landmarks[i * 3] = ((i * 7) % 100) / 100 + shape;
    landmarks[i * 3 + 1] = ((i * 13) % 100) / 100;
  }
  return { box, landmarks, blendshapes: new Float32Array(52), pose: null };
}

const frame = (i: number) => ({ t: i / 8, index: i, width: 640, height: 360 });

describe('FaceTracker', () => {
  it('follows two moving faces without swapping them, even when they pass close', () => {
    const tracker = new FaceTracker();
    for (let i = 0; i < 40; i++) {
      // Face A drifts right, face B drifts left; they come within 20 px of each other.
      const a = face({ x: 100 + i * 3, y: 100, width: 80, height: 100 }, 0);
      const b = face({ x: 400 - i * 3, y: 110, width: 80, height: 100 }, 0.3);
      tracker.update(frame(i), i % 2 ? [a, b] : [b, a]);
    }
    const tracks = tracker.tracks();
    expect(tracks).toHaveLength(2);
    for (const track of tracks) {
      expect(track.samples).toHaveLength(40);
      const xs = track.samples.map((s) => s.box.x);
      const direction = Math.sign((xs.at(-1) ?? 0) - (xs[0] ?? 0));
      // Monotone path: the track never jumped to the other face.
      for (let i = 1; i < xs.length; i++) {
        expect(Math.sign((xs[i] ?? 0) - (xs[i - 1] ?? 0))).toBe(direction);
      }
    }
  });

  it('starts a new track after a cut, keeps the old one for the window, forgets it after', () => {
    const tracker = new FaceTracker({ maxGapS: 1, windowS: 10 });
    for (let i = 0; i < 10; i++) {
      tracker.update(frame(i), [face({ x: 100, y: 100, width: 80, height: 100 })]);
    }
    for (let i = 10; i < 30; i++) {
      tracker.update(frame(i), [face({ x: 450, y: 150, width: 90, height: 110 })]);
    }
    expect(tracker.tracks()).toHaveLength(2);
    expect(tracker.mainTrack()?.samples[0]?.t).toBeCloseTo(10 / 8);
    for (let i = 30; i < 100; i++) {
      tracker.update(frame(i), [face({ x: 450, y: 150, width: 90, height: 110 })]);
    }
    expect(tracker.tracks()).toHaveLength(1);
  });

  it('bridges short detection gaps', () => {
    const tracker = new FaceTracker();
    for (let i = 0; i < 20; i++) {
      tracker.update(
        frame(i),
        i % 5 === 4 ? [] : [face({ x: 100 + i, y: 100, width: 80, height: 100 })],
      );
    }
    expect(tracker.tracks()).toHaveLength(1);
    expect(tracker.facesAt(18 / 8)).toBe(1);
    expect(tracker.facesAt(19 / 8)).toBe(0);
  });

  it('keeps only the window of samples (bounded memory) and computes the rate', () => {
    const tracker = new FaceTracker({ windowS: 2 });
    for (let i = 0; i < 100; i++)
      tracker.update(frame(i), [face({ x: 100, y: 100, width: 80, height: 100 })]);
    const track = tracker.tracks()[0];
    expect(track?.samples.length).toBeLessThanOrEqual(17);
    expect(track?.fps).toBeCloseTo(8, 5);
  });

  it('picks the large, persistent face as the main one over a small background face', () => {
    const tracker = new FaceTracker();
    for (let i = 0; i < 30; i++) {
      const faces = [face({ x: 50, y: 50, width: 30, height: 36 }, 0.5)];
      if (i >= 2) faces.push(face({ x: 300, y: 80, width: 160, height: 200 }));
      tracker.update(frame(i), faces);
    }
    expect(tracker.mainTrack()?.samples.at(-1)?.box.width).toBe(160);
  });

  it('prefers the face that talks over a silent one of the same size', () => {
    const tracker = new FaceTracker();
    const jaw = blendshapeIndex('jawOpen');
    for (let i = 0; i < 40; i++) {
      const listener = face({ x: 40, y: 80, width: 120, height: 150 }, 0);
      listener.blendshapes[jaw] = 0.05;
      const speaker = face({ x: 400, y: 80, width: 120, height: 150 }, 0.4);
      speaker.blendshapes[jaw] = i % 2 ? 0.35 : 0.05; // syllables: open, closed
      tracker.update(frame(i), [listener, speaker]);
    }
    expect(tracker.mainTrack()?.samples.at(-1)?.box.x).toBe(400);
    const [a, b] = tracker.tracks();
    expect(speakingActivity(a!)).toBe(0);
    expect(speakingActivity(b!)).toBe(1);
  });

  it('a large presenter still beats a small talking face in the background', () => {
    const tracker = new FaceTracker();
    const jaw = blendshapeIndex('jawOpen');
    for (let i = 0; i < 40; i++) {
      const presenter = face({ x: 300, y: 80, width: 200, height: 240 }, 0);
      const small = face({ x: 20, y: 20, width: 40, height: 48 }, 0.4);
      small.blendshapes[jaw] = i % 2 ? 0.35 : 0.05;
      tracker.update(frame(i), [presenter, small]);
    }
    expect(tracker.mainTrack()?.samples.at(-1)?.box.width).toBe(200);
  });

  it('computes IoU', () => {
    expect(
      iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 }),
    ).toBeCloseTo(1 / 3);
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 })).toBe(
      0,
    );
  });
});

describe('head pose from the facial transformation matrix', () => {
  it('recovers yaw, pitch and roll over a sweep, with scale and translation', () => {
    for (let yaw = -1.2; yaw <= 1.2; yaw += 0.3) {
      for (let pitch = -0.8; pitch <= 0.8; pitch += 0.4) {
        for (let roll = -0.6; roll <= 0.6; roll += 0.3) {
          const m = composeRotation({ yaw, pitch, roll }, 1.7, [3, -2, -40]);
          const pose = poseFromMatrix(m);
          expect(pose.yaw).toBeCloseTo(yaw, 4);
          expect(pose.pitch).toBeCloseTo(pitch, 4);
          expect(pose.roll).toBeCloseTo(roll, 4);
        }
      }
    }
  });

  it('gives zero angles for the identity', () => {
    const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const pose = poseFromMatrix(identity);
    expect(Math.abs(pose.yaw) + Math.abs(pose.pitch) + Math.abs(pose.roll)).toBeCloseTo(0, 8);
  });
});
