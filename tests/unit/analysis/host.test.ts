import { describe, expect, it } from 'vitest';
import type { AnalyserFactory, AnalyserOutcome, VideoAnalyser } from '@/lib/analysis/analyser';
import { FrameQueue } from '@/lib/analysis/frame-queue';
import { AnalysisHost } from '@/lib/analysis/host';
import { placeholderAnalyserFactory } from '@/lib/analysis/placeholder-analyser';
import { summarise } from '@/lib/analysis/stats';
import type { AckMessage, FrameMessage } from '@/lib/messaging/frame-protocol';
import type { VideoReport } from '@/lib/messaging/types';
import { KnownIndexBuilder, type KnownHashIndex } from '@/lib/hashing/known-index';
import { PdqHasher } from '@/lib/hashing/pdq';

function frame(videoId: string, seq: number): FrameMessage {
  return {
    kind: 'frame',
    videoId,
    seq,
    mediaTimeS: seq / 8,
    captureTs: 1000 + seq,
    captureMs: 1,
    width: 2,
    height: 2,
    pixels: new ArrayBuffer(16),
  };
}

/** An analyser whose frames finish only when the test releases them. */
function gatedFactory() {
  const gates: (() => void)[] = [];
  const factory: AnalyserFactory = {
    id: 'gated',
    placeholder: false,
    init: () => Promise.resolve(),
    create(): VideoAnalyser {
      let n = 0;
      return {
        analyse: () =>
          new Promise<void>((resolve) => {
            gates.push(() => {
              n++;
              resolve();
            });
          }),
        outcome: (): AnalyserOutcome =>
          n >= 3
            ? { state: 'scored', risk: 71.6, verdict: 'likely-fake', cues: {} }
            : { state: 'analyzing', cues: {} },
        dispose: () => undefined,
      };
    },
  };
  return { factory, gates };
}

function recorder() {
  const reports: VideoReport[] = [];
  const lifecycle: string[] = [];
  return {
    reports,
    lifecycle,
    callbacks: {
      report: (_tab: number, r: VideoReport) => reports.push(r),
      lifecycle: (state: string) => lifecycle.push(state),
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Releases the gated analyser's frames one by one until none waits. */
async function drain(gates: (() => void)[]): Promise<void> {
  while (gates.length > 0) {
    gates.shift()?.();
    await flush();
  }
}

describe('FrameQueue', () => {
  it('drops the oldest when full and counts drops', () => {
    const dropped: number[] = [];
    const queue = new FrameQueue<number>(2, (n) => dropped.push(n));
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    expect(queue.shift()).toBe(3);
    expect(queue.dropped).toBe(2);
    expect(dropped).toEqual([1, 2]);
  });
});

describe('AnalysisHost', () => {
  it('goes loading -> ready and labels the placeholder', async () => {
    const rec = recorder();
    const host = new AnalysisHost(placeholderAnalyserFactory, rec.callbacks, { reportEveryMs: 0 });
    expect(host.state.host).toBe('loading');
    await host.init();
    expect(rec.lifecycle).toEqual(['loading', 'ready']);
    host.onFrame(1, frame('v1', 0), () => undefined);
    await flush();
    const last = rec.reports.at(-1);
    expect(last?.state).toBe('insufficient');
    expect(last?.risk).toBeUndefined();
    expect(last?.analyser).toEqual({ id: 'placeholder-0', placeholder: true });
  });

  it('reports provenance beside the risk, for known videos only, and keeps it', async () => {
    const rec = recorder();
    const host = new AnalysisHost(placeholderAnalyserFactory, rec.callbacks, { reportEveryMs: 0 });
    await host.init();
    const provenance = {
      status: 'valid' as const,
      aiGenerated: true,
      actions: [],
      notChecked: [],
    };
    host.setProvenance(1, 'unknown', provenance);
    expect(rec.reports).toHaveLength(0);
    host.startVideo(1, 'v1');
    host.setProvenance(1, 'v1', provenance);
    expect(rec.reports.at(-1)?.provenance).toEqual(provenance);
    host.onFrame(1, frame('v1', 0), () => undefined);
    await flush();
    const last = rec.reports.at(-1);
    expect(last?.provenance).toEqual(provenance);
    // Beside the risk, never inside it: the placeholder still gives no score.
    expect(last?.risk).toBeUndefined();
  });

  it('reports a model failure as an error state, never a score', async () => {
    const rec = recorder();
    const failing: AnalyserFactory = {
      ...placeholderAnalyserFactory,
      init: () => Promise.reject(new Error('face_landmarker.task: 404')),
    };
    const host = new AnalysisHost(failing, rec.callbacks);
    host.startVideo(3, 'v1');
    await host.init();
    expect(host.state).toEqual({ host: 'error', error: expect.stringContaining('404') });
    const last = rec.reports.at(-1);
    expect(last?.state).toBe('error');
    expect(last?.reason).toContain('Models failed to load');
  });

  it("acks carry the main face's box, so the page can crop it at full resolution", async () => {
    const rec = recorder();
    let face: { x: number; y: number; width: number; height: number } | null = null;
    const factory: AnalyserFactory = {
      ...placeholderAnalyserFactory,
      create: () => Object.assign(placeholderAnalyserFactory.create(), { faceBox: () => face }),
    };
    const host = new AnalysisHost(factory, rec.callbacks, { reportEveryMs: 0 });
    await host.init();
    const acks: AckMessage[] = [];
    host.onFrame(1, frame('v1', 0), (ack) => acks.push(ack));
    face = { x: 0.4, y: 0.3, width: 0.1, height: 0.15 };
    host.onFrame(1, frame('v1', 1), (ack) => acks.push(ack));
    expect(acks[0]?.face).toBeUndefined();
    expect(acks[1]?.face).toEqual(face);
  });

  it('applies back-pressure: bounded queue, drops counted, acks carry depth', async () => {
    const { factory, gates } = gatedFactory();
    const rec = recorder();
    const host = new AnalysisHost(factory, rec.callbacks, { queueCapacity: 3, reportEveryMs: 0 });
    await host.init();
    const acks: AckMessage[] = [];
    for (let i = 0; i < 10; i++) host.onFrame(1, frame('v1', i), (ack) => acks.push(ack));
    // Frame 0 is being analysed; 1..9 arrived while the queue holds 3.
    expect(acks.at(-1)?.queueDepth).toBe(3);
    expect(acks.at(-1)?.dropped).toBe(6);
    await drain(gates);
    const last = rec.reports.at(-1);
    expect(last?.frames).toEqual({ sampled: 10, analysed: 4, dropped: 6 });
    expect(last?.state).toBe('scored');
    expect(last?.risk).toBe(72);
    expect(last?.verdict).toBe('likely-fake');
  });

  it('keeps two frames in the analysers (a pipeline) and is final only once both are done', async () => {
    const { factory, gates } = gatedFactory();
    const rec = recorder();
    const host = new AnalysisHost(factory, rec.callbacks, { queueCapacity: 8, reportEveryMs: 0 });
    await host.init();
    for (let i = 0; i < 4; i++) host.onFrame(1, frame('v1', i), () => undefined);
    await flush();
    // Frames 0 and 1 are in the analyser at once; 2 and 3 wait for a free slot.
    expect(gates.length).toBe(2);
    host.stopVideo(1, 'v1', 'ended');
    gates.shift()?.();
    await flush();
    expect(gates.length).toBe(2);
    expect(rec.reports.at(-1)?.final).toBeUndefined();
    await drain(gates);
    expect(rec.reports.at(-1)).toMatchObject({ final: true, frames: { analysed: 4 } });
  });

  it('ignores and counts duplicated and out-of-order frames, and still acks them', async () => {
    const { factory, gates } = gatedFactory();
    const rec = recorder();
    const host = new AnalysisHost(factory, rec.callbacks, { queueCapacity: 8, reportEveryMs: 0 });
    await host.init();
    const acks: AckMessage[] = [];
    for (const seq of [0, 1, 1, 3, 2, 0, 4]) {
      host.onFrame(1, frame('v1', seq), (ack) => acks.push(ack));
    }
    expect(acks.map((a) => a.seq)).toEqual([0, 1, 1, 3, 2, 0, 4]);
    await drain(gates);
    const last = rec.reports.at(-1);
    // 1 (again), 2 (after 3) and 0 (again) are ignored; 0, 1, 3, 4 analysed in order.
    expect(last?.frames).toEqual({ sampled: 5, analysed: 4, dropped: 0, ignored: 3 });
  });

  it('serves videos fairly and forgets removed videos and closed tabs', async () => {
    const { factory, gates } = gatedFactory();
    const rec = recorder();
    const host = new AnalysisHost(factory, rec.callbacks, { reportEveryMs: 0 });
    await host.init();
    for (let i = 0; i < 3; i++) {
      host.onFrame(1, frame('a', i), () => undefined);
      host.onFrame(1, frame('b', i), () => undefined);
    }
    const order: string[] = [];
    while (gates.length > 0) {
      gates.shift()?.();
      await flush();
      order.push(rec.reports.at(-1)?.videoId ?? '');
    }
    expect(order.slice(0, 4)).toEqual(['a', 'b', 'a', 'b']);
    expect(host.sessionCount).toBe(2);
    host.stopVideo(1, 'a', 'removed');
    expect(host.sessionCount).toBe(1);
    host.onFrame(2, frame('c', 0), () => undefined);
    host.closeTab(1);
    expect(host.sessionCount).toBe(1);
  });

  it('stays ended when a late frame arrives after the stop, but not when the video replays', async () => {
    const rec = recorder();
    const host = new AnalysisHost(placeholderAnalyserFactory, rec.callbacks, { reportEveryMs: 0 });
    await host.init();
    for (let i = 0; i < 20; i++) host.onFrame(1, frame('a', i), () => undefined);
    host.stopVideo(1, 'a', 'ended');
    host.onFrame(1, frame('a', 20), () => undefined); // sampled before the end, delivered after
    for (let i = 0; i < 10; i++) await flush();
    expect(rec.reports.at(-1)?.final).toBe(true);
    // played again from the start (sequence numbers go on: the sampler never reuses one)
    host.onFrame(1, { ...frame('a', 21), mediaTimeS: 0 }, () => undefined);
    for (let i = 0; i < 10; i++) await flush();
    expect(rec.reports.at(-1)?.final).toBeUndefined();
  });

  it('gives a final report to a video whose end arrived before its start', async () => {
    const rec = recorder();
    const host = new AnalysisHost(placeholderAnalyserFactory, rec.callbacks, { reportEveryMs: 0 });
    await host.init();
    host.stopVideo(1, 'short', 'ended'); // a 2 s clip over a slow transport
    host.startVideo(1, 'short');
    for (let i = 0; i < 5; i++) await flush();
    expect(rec.reports.at(-1)).toMatchObject({ videoId: 'short', final: true });
    // Only that video and that tab: another start is not ended.
    host.startVideo(2, 'short');
    await flush();
    expect(rec.reports.at(-1)?.final).toBeUndefined();
  });

  it('does not bring back a removed video or a closed tab with its late frames and audio', async () => {
    const rec = recorder();
    const host = new AnalysisHost(placeholderAnalyserFactory, rec.callbacks, { reportEveryMs: 0 });
    await host.init();
    host.startVideo(1, 'a');
    host.startVideo(1, 'b');
    host.onFrame(1, frame('a', 0), () => undefined);
    host.stopVideo(1, 'a', 'navigated'); // SPA navigation: the element plays something else
    host.closeTab(1); // a full navigation: the background says so before the new page loads
    expect(host.sessionCount).toBe(0);
    // Sent by the old page before it went, delivered after (frames and control messages travel
    // different paths): a session made from them would live, and report, until the tab closed.
    const acks: AckMessage[] = [];
    host.onFrame(1, frame('a', 1), (ack) => acks.push(ack));
    host.onFrame(1, frame('b', 0), (ack) => acks.push(ack));
    host.onAudioState(1, { kind: 'audio-state', videoId: 'b', state: 'none', reason: 'x' });
    host.setWindow(1, 'a', 30);
    // A stop that overtook the video's frames counts too.
    host.stopVideo(1, 'c', 'removed');
    host.onFrame(1, frame('c', 0), (ack) => acks.push(ack));
    for (let i = 0; i < 5; i++) await flush();
    expect(host.sessionCount).toBe(0);
    expect(acks).toEqual([]);
    expect(rec.reports.filter((r) => r.frames.sampled > 1)).toEqual([]);
    // The same tab's new page, and a video that starts again, are analysed as usual.
    host.onFrame(1, frame('d', 0), () => undefined);
    host.startVideo(1, 'c');
    expect(host.sessionCount).toBe(2);
  });

  it('bounds sessions per tab against a page that mints endless video ids', async () => {
    const host = new AnalysisHost(placeholderAnalyserFactory, recorder().callbacks, {
      maxSessionsPerTab: 4,
    });
    await host.init();
    for (let i = 0; i < 50; i++) host.onFrame(9, frame(`v${i}`, 0), () => undefined);
    expect(host.sessionCount).toBe(4);
  });

  it('summarises timings with nearest-rank quantiles', () => {
    expect(summarise([5, 1, 4, 2, 3])).toEqual({ count: 5, median: 3, p90: 5 });
    expect(summarise([])).toEqual({ count: 0, median: 0, p90: 0 });
  });

  it('lets waiting messages in between two analysed frames', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const host = new AnalysisHost(placeholderAnalyserFactory, recorder().callbacks, {
      reportEveryMs: 0,
      yieldToTasks: () => {
        order.push('yield');
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await host.init();
    host.onFrame(1, frame('v1', 0), () => order.push('ack 0'));
    host.onFrame(1, frame('v1', 1), () => order.push('ack 1'));
    await flush();
    // Frame 0 was analysed; the host waits for the task queue before frame 1.
    expect(order).toEqual(['ack 0', 'ack 1', 'yield']);
    host.onFrame(1, frame('v1', 2), () => order.push('ack 2'));
    release();
    await flush();
    release();
    await flush();
    release();
    await flush();
    expect(order).toEqual(['ack 0', 'ack 1', 'yield', 'ack 2', 'yield', 'yield']);
  });
});

describe('AnalysisHost hash matching', () => {
  /** A 64x64 frame with structure (quality 100), the same picture at every time. */
  function picture(videoId: string, seq: number): FrameMessage {
    const data = new Uint8Array(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) {
      const v = ((i * 2654435761) >>> 24) & 255; // fixed pseudo-random texture
      data.set([v, v, v, 255], i * 4);
    }
    return {
      ...frame(videoId, seq),
      mediaTimeS: seq / 2,
      width: 64,
      height: 64,
      pixels: data.buffer,
    };
  }

  it('loads the lists when a video starts, matches and refreshes when they load', async () => {
    const rec = recorder();
    let index: KnownHashIndex | null = null;
    let ensured = 0;
    const host = new AnalysisHost(placeholderAnalyserFactory, rec.callbacks, {
      reportEveryMs: 0,
      knownHashes: { current: () => index, ensure: () => void ensured++ },
    });
    await host.init();
    host.startVideo(1, 'v1');
    expect(ensured).toBe(1);
    for (let i = 0; i < 4; i++) host.onFrame(1, picture('v1', i), () => undefined);
    await flush();
    expect(rec.reports.at(-1)?.hashes).toMatchObject({ hashed: 4, usable: 4, listHashes: 0 });
    expect(rec.reports.at(-1)?.match).toBeUndefined();
    const hash = new PdqHasher().hash({
      width: 64,
      height: 64,
      data: new Uint8Array(picture('v1', 0).pixels),
    }).hash;
    index = new KnownIndexBuilder()
      .addList({ id: 'l', name: 'Known' }, [{ hash, label: 'Clip' }])
      .build();
    host.refreshReports();
    expect(rec.reports.at(-1)?.match).toEqual({
      label: 'Clip',
      listName: 'Known',
      distance: 0,
      matchedFrames: 4,
      hashedFrames: 4,
    });
    expect(rec.reports.at(-1)?.state).toBe('insufficient'); // the risk path is untouched
  });
});
