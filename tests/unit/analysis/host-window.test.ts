import { describe, expect, it } from 'vitest';
import type { AnalyserFactory, VideoAnalyser } from '@/lib/analysis/analyser';
import { AnalysisHost } from '@/lib/analysis/host';
import { FaceTracker } from '@/lib/tracks/tracker';

/** A factory whose analysers record the windows they are asked for. */
function windowFactory(initDelay: Promise<void>) {
  const windows: number[][] = [];
  const factory: AnalyserFactory = {
    id: 'windows',
    placeholder: false,
    init: () => initDelay,
    create(): VideoAnalyser {
      const asked: number[] = [];
      windows.push(asked);
      return {
        analyse: () => Promise.resolve(),
        outcome: () => ({ state: 'analyzing', cues: {} }),
        setWindow: (s) => asked.push(s),
        dispose: () => undefined,
      };
    },
  };
  return { factory, windows };
}

const callbacks = { report: () => undefined, lifecycle: () => undefined };

describe('deep-check judging window', () => {
  it('reaches a live analyser at once, and one created after the models load', async () => {
    let release = () => undefined as void;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    const { factory, windows } = windowFactory(loaded);
    const host = new AnalysisHost(factory, callbacks);
    const init = host.init();
    host.startVideo(1, 'vwait');
    host.setWindow(1, 'vwait', 20); // models still loading: no analyser yet
    expect(windows).toEqual([]);
    release();
    await init;
    expect(windows).toEqual([[20]]);
    host.startVideo(1, 'vlive');
    host.setWindow(1, 'vlive', 25);
    expect(windows[1]).toEqual([25]);
  });

  it('a tracker keeps samples for the window it is given', () => {
    const landmarks = new Float32Array(478 * 3);
    const input = {
      box: { x: 100, y: 100, width: 80, height: 100 },
      landmarks,
      blendshapes: new Float32Array(52),
      pose: null,
    };
    const feed = (tracker: FaceTracker) => {
      for (let i = 0; i <= 8 * 18; i++) {
        tracker.update({ t: i / 8, index: i, width: 640, height: 360 }, [input]);
      }
      return tracker.mainTrack()?.samples ?? [];
    };
    const live = feed(new FaceTracker());
    const deep = new FaceTracker();
    deep.setWindow(20);
    const long = feed(deep);
    expect((live.at(-1)?.t ?? 0) - (live[0]?.t ?? 0)).toBeLessThanOrEqual(10);
    expect((long.at(-1)?.t ?? 0) - (long[0]?.t ?? 0)).toBeCloseTo(18);
    expect(() => deep.setWindow(0)).toThrow(RangeError);
  });
});
