import { describe, expect, it, vi } from 'vitest';
import { VideoAudioAnalyser } from '@/lib/analysis/audio-analyser';
import type {
  AudioChunkResult,
  AudioModelStatus,
  AudioModels,
  AudioProcessor,
} from '@/lib/analysis/audio-processor';
import { InThreadAudioProcessor } from '@/lib/analysis/in-thread-audio';
import { chunk, fakeVisemes } from './audio-fakes';

/** An analyser whose models run on this thread. */
function inThread(models: AudioModels): VideoAudioAnalyser {
  return new VideoAudioAnalyser(new InThreadAudioProcessor(Promise.resolve(models)));
}

/** Fake models: VAD says speech when the frame is loud; one viseme per stream per push. */
function fakes(log: string[]): AudioModels {
  return {
    vad: {
      createStream: () => ({ frames: 0 }),
      process: async (_s, frame) => (Math.abs(frame[3] ?? 0) > 0.01 ? 0.9 : 0.1),
    },
    visemes: fakeVisemes(log),
  };
}

describe('VideoAudioAnalyser', () => {
  it('turns chunks into envelope, VAD speech and visemes on media time; restarts on a jump', async () => {
    const log: string[] = [];
    const audio = inThread(fakes(log));
    audio.addChunk(chunk(2));
    audio.addChunk(chunk(2.32));
    audio.addChunk(chunk(5, 0.32, 0)); // a seek: new streams, silent
    expect(audio.busy).toBe(true);
    await audio.whenIdle();
    expect(audio.busy).toBe(false);
    const track = audio.snapshot();
    expect(track.status).toBe('ok');
    expect(track.vad).toBe('silero');
    expect(track.visemes.map((v) => Math.round(v.t * 100) / 100)).toEqual([2, 2.32, 5]);
    expect(log).toEqual(['stream@2', 'stream@5']);
    const at = (t: number) => track.speech[track.times.findIndex((x) => x > t)];
    expect(at(2.1)).toBe(0.9);
    expect(at(5.1)).toBe(0.1);
    const summary = audio.summary();
    expect(summary.speechSeconds).toBeGreaterThan(0.5);
    expect(summary.visemes).toBe(3);
  });

  it('falls back to the energy gate without a VAD and keeps the no-audio state', async () => {
    const audio = inThread({ vad: null, visemes: null });
    audio.setState({ kind: 'audio-state', videoId: 'v1', state: 'none', reason: 'no audio track' });
    expect(audio.snapshot().status).toBe('none');
    audio.addChunk(chunk(0, 1));
    await audio.whenIdle();
    expect(audio.snapshot().vad).toBe('energy');
    expect(audio.snapshot().status).toBe('ok');
  });
});

describe('VideoAudioAnalyser under load', () => {
  it('skips VAD and visemes beyond the backlog, keeps the envelope, and stops when disposed', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: AudioModels = {
      vad: {
        createStream: () => ({}),
        process: async () => {
          calls++;
          await gate;
          return 0.9;
        },
      },
      visemes: null,
    };
    const audio = inThread(slow);
    for (let k = 0; k < 10; k++) audio.addChunk(chunk(k * 0.32));
    expect(audio.skipped).toBe(4);
    expect(audio.snapshot().times.length).toBe(160); // 10 chunks x 16 hops
    audio.dispose();
    release();
    await audio.whenIdle();
    // At most the frame already running finished; disposal abandoned the rest.
    expect(calls).toBeLessThanOrEqual(1);
    audio.addChunk(chunk(9));
    expect(audio.snapshot().times.length).toBe(160);
  });
});

/** A processor whose results the test settles by hand, in any order. */
function fakeProcessor(
  models: AudioModelStatus = { vad: 'silero', visemes: true, errors: [] },
  maxOutstanding = 6,
) {
  const calls: { startS: number; settle: Deferred }[] = [];
  let disposed = 0;
  const processor: AudioProcessor = {
    maxOutstanding,
    models: Promise.resolve(models),
    process(startS) {
      let settle: Deferred = { resolve: () => undefined, reject: () => undefined };
      const result = new Promise<AudioChunkResult>(
        (resolve, reject) => (settle = { resolve, reject }),
      );
      calls.push({ startS, settle });
      return result;
    },
    dispose: () => void disposed++,
  };
  return { processor, calls, disposals: () => disposed };
}

interface Deferred {
  resolve(result: AudioChunkResult): void;
  reject(error: Error): void;
}

function resultAt(t: number, costMs = 10): AudioChunkResult {
  return {
    speech: [{ start: t, end: t + 0.32, p: 0.8 }],
    visemes: [{ t, viseme: 5, d: 0.016 }],
    costMs,
    audioS: 0.32,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('VideoAudioAnalyser with an asynchronous processor (the audio worker)', () => {
  it('applies results in chunk order whatever order they settle in; cost is the processor’s', async () => {
    const fake = fakeProcessor();
    const audio = new VideoAudioAnalyser(fake.processor);
    for (const t of [0, 0.32, 0.64]) audio.addChunk(chunk(t));
    expect(fake.calls.map((c) => c.startS)).toEqual([0, 0.32, 0.64]);
    fake.calls[2]?.settle.resolve(resultAt(0.64, 100));
    await tick();
    expect(audio.snapshot().visemes).toEqual([]); // waits for the first two
    fake.calls[0]?.settle.resolve(resultAt(0, 50));
    await tick();
    expect(audio.snapshot().visemes.map((v) => v.t)).toEqual([0]);
    expect(audio.busy).toBe(true);
    fake.calls[1]?.settle.resolve(resultAt(0.32, 90));
    await audio.whenIdle();
    expect(audio.busy).toBe(false);
    expect(audio.snapshot().visemes.map((v) => v.t)).toEqual([0, 0.32, 0.64]);
    expect(audio.snapshot().vad).toBe('silero');
    expect(audio.msPerAudioSecond).toBeCloseTo(240 / 0.96, 6);
    expect(audio.summary().msPerAudioSecond).toBe(250);
  });

  it('skips chunks beyond the backlog, keeps their envelope, and ignores results after dispose', async () => {
    const fake = fakeProcessor();
    const audio = new VideoAudioAnalyser(fake.processor);
    for (let k = 0; k < 10; k++) audio.addChunk(chunk(k * 0.32));
    expect(fake.calls).toHaveLength(6);
    expect(audio.skipped).toBe(4);
    expect(audio.summary().skippedChunks).toBe(4);
    expect(audio.snapshot().times.length).toBe(160);
    audio.dispose();
    expect(fake.disposals()).toBe(1);
    for (const [k, call] of fake.calls.entries()) call.settle.resolve(resultAt(k * 0.32));
    await audio.whenIdle();
    expect(audio.busy).toBe(false);
    expect(audio.snapshot().visemes).toEqual([]);
    expect(audio.msPerAudioSecond).toBe(0);
    audio.addChunk(chunk(9));
    expect(fake.calls).toHaveLength(6);
    expect(audio.snapshot().times.length).toBe(160);
  });

  it('frees a backlog slot as each result is applied', async () => {
    const fake = fakeProcessor();
    const audio = new VideoAudioAnalyser(fake.processor);
    for (let k = 0; k < 6; k++) audio.addChunk(chunk(k * 0.32));
    fake.calls[0]?.settle.resolve(resultAt(0));
    await tick();
    audio.addChunk(chunk(6 * 0.32));
    audio.addChunk(chunk(7 * 0.32));
    expect(fake.calls).toHaveLength(7);
    expect(audio.skipped).toBe(1);
  });

  it('lets the processor hold more chunks, and counts the ones it skipped itself', async () => {
    const fake = fakeProcessor(undefined, 24);
    const audio = new VideoAudioAnalyser(fake.processor);
    for (let k = 0; k < 10; k++) audio.addChunk(chunk(k * 0.32));
    expect(fake.calls).toHaveLength(10);
    expect(audio.skipped).toBe(0);
    for (const [k, call] of fake.calls.entries()) {
      if (k < 6) call.settle.resolve(resultAt(k * 0.32, 100));
      else call.settle.resolve({ speech: [], visemes: [], costMs: 0, audioS: 0, skipped: true });
    }
    await audio.whenIdle();
    expect(audio.skipped).toBe(4);
    expect(audio.summary().skippedChunks).toBe(4);
    expect(audio.snapshot().visemes).toHaveLength(6);
    expect(audio.snapshot().times.length).toBe(160);
    expect(audio.msPerAudioSecond).toBeCloseTo(600 / 1.92, 6);
  });

  it('logs a failed chunk and goes on with the next', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fake = fakeProcessor();
    const audio = new VideoAudioAnalyser(fake.processor);
    audio.addChunk(chunk(0));
    audio.addChunk(chunk(0.32));
    fake.calls[0]?.settle.reject(new Error('worker failed'));
    fake.calls[1]?.settle.resolve(resultAt(0.32));
    await audio.whenIdle();
    expect(warn).toHaveBeenCalledWith('[telltale] audio processing failed', expect.any(Error));
    expect(audio.snapshot().visemes.map((v) => v.t)).toEqual([0.32]);
    warn.mockRestore();
  });

  it('uses the energy gate when the processor says the VAD did not load', async () => {
    const fake = fakeProcessor({ vad: null, visemes: false, errors: ['VAD unavailable'] });
    const audio = new VideoAudioAnalyser(fake.processor);
    audio.addChunk(chunk(0));
    fake.calls[0]?.settle.resolve({ ...resultAt(0), visemes: [] });
    await audio.whenIdle();
    expect(audio.snapshot().vad).toBe('energy');
    expect(audio.summary().visemes).toBe(0);
  });

  it('keeps 12 s of sound live and the deep check’s stretch once its window is set', async () => {
    const feed = async (audio: VideoAudioAnalyser) => {
      for (let k = 0; k < 30; k++) audio.addChunk(chunk(k, 1));
      await audio.whenIdle();
      return audio.summary().seconds;
    };
    expect(await feed(inThread({ vad: null, visemes: null }))).toBeCloseTo(12, 0);
    const deep = inThread({ vad: null, visemes: null });
    deep.setWindow(20);
    expect(await feed(deep)).toBeCloseTo(22, 0);
  });
});
