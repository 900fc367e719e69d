/** Realistic triage records and reports for the unit tests. */
import { EMPTY_STAT, type VideoReport } from '@/lib/messaging/types';
import { applyReport } from '@/lib/storage/item-from-report';
import type { StoredMedia } from '@/lib/storage/types';

export function report(videoId: string, patch: Partial<VideoReport> = {}): VideoReport {
  return {
    videoId,
    state: 'scored',
    risk: 42,
    verdict: 'uncertain',
    cues: {
      blink: {
        status: 'ok',
        score: 0.4,
        confidence: 0.7,
        evidence: [
          { text: 'blinks 3 times a minute, "rarely"', times: [1.5], value: 3, unit: '/min' },
          {
            text: 'where the frame model saw fakery',
            times: [2],
            image: 'data:image/jpeg;base64,/9j/AA==',
          },
        ],
        measures: { perMin: 3, closedShare: 0.02 },
      },
      pulse: {
        status: 'insufficient',
        score: null,
        confidence: 0,
        reason: 'too short',
        evidence: [],
      },
    },
    frames: { sampled: 40, analysed: 40, dropped: 0 },
    timingsMs: { capture: EMPTY_STAT, transportRtt: EMPTY_STAT, analyse: EMPTY_STAT },
    analyser: { id: 'face-landmarker-1', placeholder: false },
    fusion: {
      version: 'prior-2',
      probability: 0.42,
      drivers: [{ cue: 'blink', contribution: 0.3, share: 1 }],
    },
    face: {
      framesAnalysed: 40,
      framesWithFace: 40,
      framesWithSeveral: 0,
      meanFaceSizePx: 180,
      landmarksPerFace: 478,
      tracks: 1,
      mainTrackId: 1,
      delegate: 'CPU',
      warmupMs: { CPU: 60 },
      landmarksIn: 'worker',
      modelLoadMs: { landmarker: 3602, onnx: 2469 },
    },
    page: {
      url: 'https://www.youtube.com/watch?v=abc',
      title: 'A clip, with "quotes"',
      site: 'youtube',
      mediaId: 'youtube:abc',
    },
    mediaTimeS: 3,
    updatedAt: 0,
    ...patch,
  };
}

/** A stored item built the way the background builds it. */
export function media(
  key: string,
  patch: Partial<StoredMedia['item']> = {},
  now = 1_700_000_000_000,
): StoredMedia {
  const m = applyReport(
    undefined,
    report('v1', { page: { url: `https://example.com/${key}`, mediaId: `x:${key}` } }),
    now,
  );
  if (!m) throw new Error('no media');
  return { item: { ...m.item, key, ...patch }, detail: { ...m.detail, key } };
}
