import { describe, expect, it } from 'vitest';
import { MAX_KEYFRAMES, MAX_POINTS, applyReport, itemKey } from '@/lib/storage/item-from-report';
import { report } from '../triage/fixtures';

describe('itemKey', () => {
  it('keys by media id, else by url and video id, and skips reports without a page', () => {
    expect(itemKey(report('v1'))).toBe('youtube:abc');
    expect(itemKey(report('v1', { page: { url: 'https://a.test/p' } }))).toBe(
      'https://a.test/p#v1',
    );
    expect(itemKey({ videoId: 'v1' })).toBeNull();
  });
});

describe('applyReport', () => {
  it('keeps moderator fields and first-seen, and appends one point per media time', () => {
    const first = applyReport(undefined, report('v1', { mediaTimeS: 1 }), 1000)!;
    const reviewed = {
      ...first,
      item: {
        ...first.item,
        modVerdict: 'fake' as const,
        reviewedAt: 1500,
        notes: 'n',
        tags: ['t'],
      },
    };
    const second = applyReport(reviewed, report('v1', { mediaTimeS: 2, risk: 80 }), 2000)!;
    expect(second.item).toMatchObject({
      firstSeen: 1000,
      lastSeen: 2000,
      modVerdict: 'fake',
      notes: 'n',
      tags: ['t'],
      risk: 80,
    });
    expect(second.detail.series.t).toEqual([1, 2]);
    expect(second.detail.series.risk).toEqual([42, 80]);
    expect(second.detail.series.cues.blink).toEqual([0.4, 0.4]);
    expect(second.detail.series.cues.pulse).toEqual([null, null]);
    // Same media time again: the point is replaced, not duplicated.
    const third = applyReport(second, report('v1', { mediaTimeS: 2, risk: 81 }), 2100)!;
    expect(third.detail.series.risk).toEqual([42, 81]);
  });

  it('stores only the frame counts of the export schema (an import would drop others)', () => {
    const stored = applyReport(
      undefined,
      report('v1', {
        frames: { sampled: 10, analysed: 9, dropped: 1, ignored: 2, planar: 10 },
      }),
      1000,
    )!;
    expect(stored.detail.frames).toEqual({ sampled: 10, analysed: 9, dropped: 1 });
  });

  it('restarts the series for a new video element and drops risk when not scored', () => {
    const first = applyReport(undefined, report('v1', { mediaTimeS: 5 }), 1000)!;
    const next = applyReport(
      first,
      report('v2', { mediaTimeS: 0.5, state: 'insufficient' }),
      2000,
    )!;
    expect(next.detail.series.t).toEqual([0.5]);
    expect(next.item.risk).toBeNull();
    expect(next.item.verdict).toBeNull();
  });

  it('keeps new keyframes from the reports, once each and bounded', () => {
    let m = applyReport(undefined, report('v1', { keyframe: 'data:image/jpeg;base64,AA' }), 0)!;
    m = applyReport(m, report('v1', { keyframe: 'data:image/jpeg;base64,AA' }), 1)!;
    m = applyReport(m, report('v1', { keyframe: 'data:image/jpeg;base64,BB' }), 2)!;
    expect(m.detail.keyframes).toEqual(['data:image/jpeg;base64,AA', 'data:image/jpeg;base64,BB']);
    for (let i = 0; i < 20; i++)
      m = applyReport(m, report('v1', { keyframe: `data:image/jpeg;base64,C${i}` }), 3 + i)!;
    expect(m.detail.keyframes).toHaveLength(MAX_KEYFRAMES);
    expect(m.detail.keyframes.at(-1)).toBe('data:image/jpeg;base64,C19');
  });

  it('bounds the series while keeping its first and last points', () => {
    let m = applyReport(undefined, report('v1', { mediaTimeS: 0 }), 0)!;
    for (let i = 1; i <= 3 * MAX_POINTS; i++)
      m = applyReport(m, report('v1', { mediaTimeS: i / 8 }), i)!;
    expect(m.detail.series.t.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(m.detail.series.t[0]).toBe(0);
    expect(m.detail.series.t.at(-1)).toBe((3 * MAX_POINTS) / 8);
    expect(m.detail.series.cues.blink?.length).toBe(m.detail.series.t.length);
  });
});
