import { describe, expect, it } from 'vitest';
import { ReportStore, tabKey, toolbarBadge, type SessionArea } from '@/lib/background/report-store';
import { EMPTY_STAT, type VideoReport } from '@/lib/messaging/types';

class MemoryArea implements SessionArea {
  data = new Map<string, unknown>();
  async get(key: string) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return this.data.has(key) ? { [key]: structuredClone(this.data.get(key)) } : {};
  }
  async set(items: Record<string, unknown>) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(key: string) {
    this.data.delete(key);
  }
}

function report(videoId: string, patch: Partial<VideoReport> = {}): VideoReport {
  return {
    videoId,
    state: 'analyzing',
    cues: {},
    frames: { sampled: 0, analysed: 0, dropped: 0 },
    timingsMs: { capture: EMPTY_STAT, transportRtt: EMPTY_STAT, analyse: EMPTY_STAT },
    analyser: { id: 'x', placeholder: true },
    updatedAt: 0,
    ...patch,
  };
}

describe('ReportStore', () => {
  it('keeps every video when updates race', async () => {
    const store = new ReportStore(new MemoryArea());
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(7, report(`v${i}`))));
    expect(Object.keys(await store.forTab(7))).toHaveLength(20);
  });

  it('keeps the page context and makes unsupported final', async () => {
    const area = new MemoryArea();
    const store = new ReportStore(area);
    await store.put(1, report('a', { page: { url: 'https://x.test/' } }));
    const { report: merged } = await store.put(1, report('a', { state: 'insufficient' }));
    expect(merged.page?.url).toBe('https://x.test/');
    await store.put(1, report('b', { state: 'unsupported', reason: 'cross-origin' }));
    const { report: kept } = await store.put(1, report('b', { state: 'analyzing' }));
    expect(kept.state).toBe('unsupported');
    await store.clearTab(1);
    expect(area.data.has(tabKey(1))).toBe(false);
  });

  it('counts only likely-fake scored videos on the toolbar badge', () => {
    const badge = toolbarBadge({
      a: report('a', { state: 'scored', risk: 90, verdict: 'likely-fake' }),
      b: report('b', { state: 'scored', risk: 50, verdict: 'uncertain' }),
      c: report('c', { state: 'unsupported' }),
    });
    expect(badge.text).toBe('1');
    expect(badge.title).toContain('2 video(s) checked');
    expect(toolbarBadge({}).text).toBe('');
    const match = {
      label: 'Known clip',
      listName: 'List',
      distance: 4,
      matchedFrames: 3,
      hashedFrames: 4,
    };
    const withMatch = toolbarBadge({
      a: report('a', { state: 'scored', risk: 90, verdict: 'likely-fake' }),
      d: { ...report('d', { state: 'insufficient' }), match },
    });
    expect(withMatch.text).toBe('2');
  });
});
