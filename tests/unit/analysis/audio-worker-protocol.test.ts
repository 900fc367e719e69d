import { describe, expect, it } from 'vitest';
import { parseFromAudioWorker, parseToAudioWorker } from '@/lib/analysis/audio-worker-protocol';

const urls = {
  vad: 'chrome-extension://abc/models/vad/silero_vad_v5.onnx',
  worklet: 'chrome-extension://abc/models/headaudio/headworklet.min.mjs',
  visemeModel: 'chrome-extension://abc/models/headaudio/model-en-mixed.bin',
};
const chunk = () => ({
  type: 'chunk',
  key: 3,
  startS: 1.5,
  samples: new Float32Array(5120).buffer,
});
const result = () => ({
  type: 'result',
  key: 3,
  speech: [{ start: 1.5, end: 1.532, p: 0.9 }],
  visemes: [{ t: 1.51, viseme: 5, d: 0.016 }],
  costMs: 40.5,
  audioS: 0.32,
});

describe('messages into the audio worker are validated', () => {
  it('accepts init, chunk and dispose, and drops unknown keys', () => {
    expect(parseToAudioWorker({ type: 'init', urls: { ...urls, extra: 'x' }, more: 1 })).toEqual({
      type: 'init',
      urls,
    });
    const parsed = parseToAudioWorker({ ...chunk(), extra: true });
    expect(parsed).toEqual({ ...chunk() });
    expect(parsed).not.toHaveProperty('extra');
    expect(parseToAudioWorker({ type: 'dispose', key: 7 })).toEqual({ type: 'dispose', key: 7 });
  });

  it('rejects anything else', () => {
    expect(() => parseToAudioWorker(null)).toThrow(/object/);
    expect(() => parseToAudioWorker({ type: 'run' })).toThrow(/unknown message type/);
    expect(() => parseToAudioWorker({ type: 'init', urls: { ...urls, vad: 'not a url' } })).toThrow(
      /urls.vad/,
    );
    expect(() => parseToAudioWorker({ type: 'init', urls: { vad: urls.vad } })).toThrow(
      /urls.worklet/,
    );
    expect(() => parseToAudioWorker({ ...chunk(), key: 0 })).toThrow(/key/);
    expect(() => parseToAudioWorker({ ...chunk(), key: 1.5 })).toThrow(/key/);
    expect(() => parseToAudioWorker({ ...chunk(), startS: NaN })).toThrow(/startS/);
    expect(() => parseToAudioWorker({ ...chunk(), startS: -1 })).toThrow(/startS/);
    expect(() => parseToAudioWorker({ ...chunk(), samples: [0, 1] })).toThrow(/buffer/);
    expect(() => parseToAudioWorker({ ...chunk(), samples: new ArrayBuffer(6) })).toThrow(
      /float32/,
    );
    expect(() => parseToAudioWorker({ ...chunk(), samples: new ArrayBuffer(0) })).toThrow(
      /float32/,
    );
    expect(() => parseToAudioWorker({ ...chunk(), samples: new ArrayBuffer(4 * 32001) })).toThrow(
      /float32/,
    );
    expect(() => parseToAudioWorker({ type: 'dispose', key: '3' })).toThrow(/key/);
  });
});

describe('messages from the audio worker are validated', () => {
  it('accepts models, result and failed, and drops unknown keys', () => {
    const models = { type: 'models', vad: 'silero', visemes: true, errors: [] };
    expect(parseFromAudioWorker({ ...models, extra: 1 })).toEqual(models);
    const failedVad = { type: 'models', vad: null, visemes: false, errors: ['VAD unavailable'] };
    expect(parseFromAudioWorker(failedVad)).toEqual(failedVad);
    const parsed = parseFromAudioWorker({
      ...result(),
      speech: [{ start: 1.5, end: 1.532, p: 0.9, extra: 1 }],
      extra: 'x',
    });
    expect(parsed).toEqual(result());
    expect(parseFromAudioWorker({ type: 'skipped', key: 3, extra: 1 })).toEqual({
      type: 'skipped',
      key: 3,
    });
    expect(parseFromAudioWorker({ type: 'failed', key: 3, error: 'boom' })).toEqual({
      type: 'failed',
      key: 3,
      error: 'boom',
    });
  });

  it('rejects malformed models messages', () => {
    const models = { type: 'models', vad: 'silero', visemes: true, errors: [] };
    expect(() => parseFromAudioWorker({ ...models, vad: 'energy' })).toThrow(/vad/);
    expect(() => parseFromAudioWorker({ ...models, visemes: 1 })).toThrow(/visemes/);
    expect(() => parseFromAudioWorker({ ...models, errors: 'x' })).toThrow(/errors/);
    expect(() => parseFromAudioWorker({ ...models, errors: [1] })).toThrow(/error/);
    expect(() => parseFromAudioWorker({ ...models, errors: Array(9).fill('x') })).toThrow(/errors/);
  });

  it('rejects malformed results', () => {
    const bad = (patch: Record<string, unknown>) => () =>
      parseFromAudioWorker({ ...result(), ...patch });
    expect(bad({ key: -1 })).toThrow(/key/);
    expect(bad({ speech: {} })).toThrow(/speech/);
    expect(bad({ speech: [{ start: 1, end: 1.1, p: 1.2 }] })).toThrow(/speech.p/);
    expect(bad({ speech: [{ start: 1, end: 0.9, p: 0.5 }] })).toThrow(/speech.end/);
    expect(bad({ speech: [{ start: NaN, end: 1, p: 0.5 }] })).toThrow(/speech.start/);
    expect(bad({ speech: Array(100).fill({ start: 1, end: 1.1, p: 0.5 }) })).toThrow(/speech/);
    expect(bad({ visemes: [{ t: 1, viseme: 15, d: 0.016 }] })).toThrow(/viseme/);
    expect(bad({ visemes: [{ t: 1, viseme: 2.5, d: 0.016 }] })).toThrow(/viseme/);
    expect(bad({ visemes: [{ t: 1, viseme: 2 }] })).toThrow(/viseme.d/);
    expect(bad({ costMs: -1 })).toThrow(/costMs/);
    expect(bad({ costMs: Infinity })).toThrow(/costMs/);
    expect(bad({ audioS: 3 })).toThrow(/audioS/);
    expect(() => parseFromAudioWorker({ type: 'skipped', key: 0 })).toThrow(/key/);
    expect(() => parseFromAudioWorker({ type: 'failed', key: 3 })).toThrow(/error/);
    expect(() => parseFromAudioWorker({ type: 'failed', key: 3, error: 'x'.repeat(501) })).toThrow(
      /error/,
    );
    expect(() => parseFromAudioWorker({ type: 'chunk', key: 3 })).toThrow(/unknown/);
  });
});
