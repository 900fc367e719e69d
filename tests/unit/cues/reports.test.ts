import { describe, expect, it } from 'vitest';
import { VISUAL_CUES, runVisualCues } from '@/lib/cues';
import type { CueReport } from '@/lib/messaging/types';
import { synthTrack } from './synthetic';

function expectWellFormed(report: CueReport): void {
  expect(report.confidence).toBeGreaterThanOrEqual(0);
  expect(report.confidence).toBeLessThanOrEqual(1);
  if (report.status === 'insufficient') {
    expect(report.score).toBeNull();
    expect(report.confidence).toBe(0);
    expect(report.reason).toBeTruthy();
  } else {
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.score).toBeLessThanOrEqual(1);
    expect(report.evidence.length).toBeGreaterThan(0);
  }
  for (const e of report.evidence) {
    expect(e.text.length).toBeGreaterThan(10);
    if (e.value !== undefined) expect(Number.isFinite(e.value)).toBe(true);
    for (const t of e.times ?? []) expect(Number.isFinite(t)).toBe(true);
  }
  // Reports cross the messaging boundary: plain JSON only.
  expect(JSON.parse(JSON.stringify(report))).toEqual(report);
}

describe('visual cues', () => {
  it('all six report well-formed results on a full track', () => {
    const track = synthTrack({
      durationS: 12,
      blinkTimes: [1.5, 4.2, 6.1, 9.8],
      skin: { pulseHz: 1.1 },
      faceCrops: { every: 8, size: 128 },
      eyeCrops: { every: 4 },
    });
    const reports = runVisualCues(track);
    expect(Object.keys(reports).sort()).toEqual(Object.keys(VISUAL_CUES).sort());
    for (const [name, report] of Object.entries(reports)) {
      expect(report.status, name).toBe('ok');
      expectWellFormed(report);
    }
  });

  it('all six abstain on an empty or one-frame track', () => {
    const one = synthTrack({ durationS: 0, skin: { pulseHz: 1 }, faceCrops: {}, eyeCrops: {} });
    for (const track of [{ id: 0, fps: 8, samples: [] }, one]) {
      for (const cue of Object.values(VISUAL_CUES)) {
        const report = cue(track);
        expect(report.status).toBe('insufficient');
        expectWellFormed(report);
      }
    }
  });
});
