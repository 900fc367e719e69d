/**
 * The audio worker's two halves (the document's client and the worker's handler) joined by a
 * real MessageChannel (structured clone, buffers transferred), with fake models: what crosses,
 * in what order, and what happens when the worker fails or cannot start.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VideoAudioAnalyser } from '@/lib/analysis/audio-analyser';
import type { AudioModelUrls } from '@/lib/analysis/audio-models';
import type { AudioModels } from '@/lib/analysis/audio-processor';
import {
  AudioWorkerClient,
  audioProcessors,
  type AudioWorkerPort,
} from '@/lib/analysis/audio-worker-client';
import { AudioWorkerHandler, LOADING_BACKLOG } from '@/lib/analysis/audio-worker-handler';
import type { FromAudioWorker } from '@/lib/analysis/audio-worker-protocol';
import { chunk, fakeVisemes } from './audio-fakes';

const URLS: AudioModelUrls = {
  vad: 'chrome-extension://abc/models/vad/silero_vad_v5.onnx',
  worklet: 'chrome-extension://abc/models/headaudio/headworklet.min.mjs',
  visemeModel: 'chrome-extension://abc/models/headaudio/model-en-mixed.bin',
};

/** Fake models: speech when the frame is loud; one viseme per push; streams logged. */
function fakes(log: string[], gate?: Promise<void>): AudioModels {
  return {
    vad: {
      createStream: () => ({}),
      process: async (_s, frame) => {
        log.push('vad');
        await gate;
        return Math.abs(frame[3] ?? 0) > 0.01 ? 0.9 : 0.1;
      },
    },
    visemes: fakeVisemes(log),
    errors: [],
  };
}

const open: MessagePort[] = [];
afterEach(() => {
  for (const port of open.splice(0)) port.close();
  vi.restoreAllMocks();
});

/** A worker made of a MessageChannel and an AudioWorkerHandler; `sent` is what it posted. */
function channelWorker(load: (urls: AudioModelUrls) => Promise<AudioModels>) {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  const sent: FromAudioWorker[] = [];
  const loads: AudioModelUrls[] = [];
  const handler = new AudioWorkerHandler(
    (message) => {
      sent.push(message);
      port2.postMessage(message);
    },
    (urls) => {
      loads.push(urls);
      return load(urls);
    },
  );
  port2.onmessage = (event) => handler.onMessage(event.data);
  let terminated = false;
  const worker: AudioWorkerPort = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: (message, transfer) => port1.postMessage(message, transfer),
    terminate: () => {
      terminated = true;
      port1.close();
    },
  };
  port1.onmessage = (event) => worker.onmessage?.(event);
  return { worker, sent, loads, terminated: () => terminated };
}

/** What a Worker's onerror receives (Node has no ErrorEvent). */
function errorEvent(message: string): ErrorEvent {
  return Object.assign(new Event('error', { cancelable: true }), { message }) as ErrorEvent;
}

const noLocalModels = () => Promise.reject(new Error('no models on this thread in this test'));

describe('audio worker client and handler', () => {
  it('runs a video through the worker: transferred PCM, silero speech and visemes in order', async () => {
    const log: string[] = [];
    const w = channelWorker(async () => fakes(log));
    const client = new AudioWorkerClient(w.worker, URLS, noLocalModels);
    const audio = new VideoAudioAnalyser(client.createProcessor());
    const first = chunk(2);
    audio.addChunk(first);
    expect(first.samples.byteLength).toBe(0); // transferred to the worker
    audio.addChunk(chunk(2.32));
    audio.addChunk(chunk(5, 0.32, 0)); // a seek: new streams, silent
    expect(audio.busy).toBe(true);
    await audio.whenIdle();
    expect(w.loads).toEqual([URLS]);
    expect(await client.createProcessor().models).toEqual({
      vad: 'silero',
      visemes: true,
      errors: [],
    });
    const track = audio.snapshot();
    expect(track.vad).toBe('silero');
    expect(track.visemes.map((v) => Math.round(v.t * 100) / 100)).toEqual([2, 2.32, 5]);
    expect(log.filter((l) => l.startsWith('stream'))).toEqual(['stream@2', 'stream@5']);
    const at = (t: number) => track.speech[track.times.findIndex((x) => x > t)];
    expect(at(2.1)).toBe(0.9);
    expect(at(5.1)).toBe(0.1);
    expect(w.sent.filter((m) => m.type === 'result')).toHaveLength(3);
    const audioS = w.sent.reduce((s, m) => s + (m.type === 'result' ? m.audioS : 0), 0);
    expect(audioS).toBeCloseTo(0.96, 6);
    expect(audio.msPerAudioSecond).toBeGreaterThanOrEqual(0);
  });

  it('keeps videos apart: each has its own streams', async () => {
    const log: string[] = [];
    const w = channelWorker(async () => fakes(log));
    const client = new AudioWorkerClient(w.worker, URLS, noLocalModels);
    const a = new VideoAudioAnalyser(client.createProcessor());
    const b = new VideoAudioAnalyser(client.createProcessor());
    a.addChunk(chunk(1));
    b.addChunk(chunk(7));
    a.addChunk(chunk(1.32));
    b.addChunk(chunk(7.32));
    await Promise.all([a.whenIdle(), b.whenIdle()]);
    expect(log.filter((l) => l.startsWith('stream'))).toEqual(['stream@1', 'stream@7']);
    expect(a.snapshot().visemes.map((v) => Math.round(v.t * 100) / 100)).toEqual([1, 1.32]);
    expect(b.snapshot().visemes.map((v) => Math.round(v.t * 100) / 100)).toEqual([7, 7.32]);
  });

  it('drops a disposed video’s queued chunks in the worker, unanswered', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const w = channelWorker(async () => fakes(log, gate));
    const client = new AudioWorkerClient(w.worker, URLS, noLocalModels);
    const audio = new VideoAudioAnalyser(client.createProcessor());
    for (let k = 0; k < 4; k++) audio.addChunk(chunk(k * 0.32));
    await vi.waitFor(() => expect(log).toContain('vad'));
    audio.dispose();
    await audio.whenIdle(); // answered here at once, not by the worker
    expect(audio.busy).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the worker reads the dispose
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.filter((l) => l === 'vad')).toHaveLength(1);
    expect(w.sent.filter((m) => m.type !== 'models')).toEqual([]);
    expect(audio.snapshot().visemes).toEqual([]);
  });

  it('skips in the worker the chunks beyond its backlog, answering them in order', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const w = channelWorker(async () => fakes(log, gate));
    const client = new AudioWorkerClient(w.worker, URLS, noLocalModels);
    const processor = client.createProcessor();
    expect(processor.maxOutstanding).toBeGreaterThan(6); // answers may wait for this thread
    const audio = new VideoAudioAnalyser(processor);
    for (let k = 0; k < 10; k++) audio.addChunk(chunk(k * 0.32));
    expect(audio.skipped).toBe(0); // all sent
    await vi.waitFor(() => expect(log).toContain('vad'));
    release();
    await audio.whenIdle();
    expect(w.sent.filter((m) => m.type !== 'models').map((m) => m.type)).toEqual([
      ...Array(6).fill('result'),
      ...Array(4).fill('skipped'),
    ]);
    expect(audio.skipped).toBe(4);
    expect(audio.snapshot().visemes).toHaveLength(6);
    expect(audio.snapshot().times.length).toBe(160);
    // The queue drained: the next chunk is analysed again.
    audio.addChunk(chunk(10 * 0.32));
    await audio.whenIdle();
    expect(audio.snapshot().visemes).toHaveLength(7);
  });

  it('reports models that failed to load; the VAD falls back to the energy gate', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const w = channelWorker(async () => {
      throw new Error('wasm missing');
    });
    const client = new AudioWorkerClient(w.worker, URLS, noLocalModels);
    const processor = client.createProcessor();
    const audio = new VideoAudioAnalyser(processor);
    audio.addChunk(chunk(0, 1));
    await audio.whenIdle();
    expect(await processor.models).toEqual({
      vad: null,
      visemes: false,
      errors: ['audio models unavailable: wasm missing'],
    });
    expect(audio.snapshot().vad).toBe('energy');
    expect(audio.snapshot().visemes).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      '[telltale] audio worker:',
      'audio models unavailable: wasm missing',
    );
  });

  it('moves audio to this thread when the worker fails or sends a malformed message', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log: string[] = [];
    const w = channelWorker(async () => fakes(log));
    const loadHere = vi.fn(async () => fakes(log));
    const client = new AudioWorkerClient(w.worker, URLS, loadHere);
    const audio = new VideoAudioAnalyser(client.createProcessor());
    audio.addChunk(chunk(0));
    await audio.whenIdle();
    expect(client.failed).toBe(false);
    w.worker.onmessage?.(new MessageEvent('message', { data: { type: 'result', key: 1 } }));
    expect(client.failed).toBe(true);
    expect(w.terminated()).toBe(true);
    expect(warn.mock.calls[0]?.[1]).toMatch(/malformed message from the worker: speech/);
    w.worker.onerror?.(errorEvent('again')); // once is enough
    expect(loadHere).toHaveBeenCalledTimes(1);
    audio.addChunk(chunk(0.32));
    await audio.whenIdle();
    expect(audio.snapshot().visemes.map((v) => Math.round(v.t * 100) / 100)).toEqual([0, 0.32]);
    expect(audio.snapshot().vad).toBe('silero');
  });

  it('fails the chunks in flight when the worker dies before answering', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log: string[] = [];
    const w = channelWorker(() => new Promise<AudioModels>(() => undefined)); // never loads
    const client = new AudioWorkerClient(w.worker, URLS, async () => fakes(log));
    const processor = client.createProcessor();
    const audio = new VideoAudioAnalyser(processor);
    audio.addChunk(chunk(0));
    w.worker.onerror?.(errorEvent('script failed to load'));
    await audio.whenIdle();
    expect(warn).toHaveBeenCalledWith('[telltale] audio processing failed', expect.any(Error));
    expect((await processor.models).vad).toBe('silero'); // the models loaded here
    audio.addChunk(chunk(0.32));
    await audio.whenIdle();
    expect(audio.snapshot().visemes).toHaveLength(1);
  });

  it('runs on this thread when no worker can be started', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log: string[] = [];
    const loadHere = vi.fn(async () => fakes(log));
    const source = audioProcessors(
      () => {
        throw new Error('Worker is not defined');
      },
      URLS,
      loadHere,
    );
    const a = new VideoAudioAnalyser(source());
    const b = new VideoAudioAnalyser(source());
    a.addChunk(chunk(0));
    b.addChunk(chunk(3));
    await Promise.all([a.whenIdle(), b.whenIdle()]);
    expect(loadHere).toHaveBeenCalledTimes(1);
    expect(a.snapshot().visemes).toHaveLength(1);
    expect(b.snapshot().vad).toBe('silero');
  });
});

describe('audio worker start', () => {
  it('spawns the worker with the first audio chunk, not with the document or a video', async () => {
    const log: string[] = [];
    let spawned = 0;
    let w: ReturnType<typeof channelWorker> | null = null;
    const source = audioProcessors(
      () => {
        spawned++;
        w = channelWorker(async () => fakes(log));
        return w.worker;
      },
      URLS,
      noLocalModels,
    );
    const silent = new VideoAudioAnalyser(source());
    silent.dispose(); // a video that never sent audio
    const a = new VideoAudioAnalyser(source());
    const b = new VideoAudioAnalyser(source());
    expect(spawned).toBe(0);
    a.addChunk(chunk(0));
    expect(spawned).toBe(1);
    b.addChunk(chunk(4));
    await Promise.all([a.whenIdle(), b.whenIdle()]);
    expect(spawned).toBe(1); // one worker for every video
    expect(w!.loads).toEqual([URLS]);
    expect(a.snapshot().visemes).toHaveLength(1);
    expect(b.snapshot().vad).toBe('silero');
  });

  it('keeps the chunks that arrive while its models load (up to LOADING_BACKLOG)', async () => {
    const log: string[] = [];
    let loadModels: () => void = () => undefined;
    const loading = new Promise<void>((resolve) => (loadModels = resolve));
    const w = channelWorker(async () => {
      await loading;
      return fakes(log);
    });
    const client = new AudioWorkerClient(w.worker, URLS, noLocalModels);
    const audio = new VideoAudioAnalyser(client.createProcessor());
    const n = LOADING_BACKLOG + 2;
    for (let k = 0; k < n; k++) audio.addChunk(chunk(k * 0.32));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the worker reads them all
    loadModels();
    await audio.whenIdle();
    // All LOADING_BACKLOG analysed once the models are there (MAX_BACKLOG would have kept 6);
    // the 2 beyond it skipped (by the document's in-flight bound, which is the same size).
    const answers = w.sent.filter((m) => m.type !== 'models').map((m) => m.type);
    expect(answers).toEqual(Array(LOADING_BACKLOG).fill('result'));
    expect(audio.skipped).toBe(2);
    expect(audio.snapshot().visemes).toHaveLength(LOADING_BACKLOG);
  });
});

describe('audio worker handler', () => {
  it('ignores malformed messages and answers a chunk sent before init with failed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sent: FromAudioWorker[] = [];
    const handler = new AudioWorkerHandler(
      (m) => sent.push(m),
      async () => fakes([]),
    );
    handler.onMessage({ type: 'chunk', key: 1, startS: 0, samples: [1, 2] });
    expect(warn).toHaveBeenCalledWith(
      '[telltale] audio worker: rejected a message:',
      expect.any(Error),
    );
    handler.onMessage({ type: 'chunk', key: 1, startS: 0, samples: new ArrayBuffer(2048) });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'failed', key: 1, error: 'audio worker: chunk before init' });
    handler.onMessage({ type: 'init', urls: URLS });
    handler.onMessage({ type: 'init', urls: URLS }); // loads once
    handler.onMessage({ type: 'chunk', key: 1, startS: 1, samples: new ArrayBuffer(2048) });
    await vi.waitFor(() => expect(sent).toHaveLength(3));
    expect(sent.map((m) => m.type)).toEqual(['failed', 'models', 'result']);
  });
});
