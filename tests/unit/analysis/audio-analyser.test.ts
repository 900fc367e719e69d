import { describe, expect, it } from 'vitest';
import { VideoAudioAnalyser } from '@/lib/analysis/audio-analyser';
import type { AudioModels } from '@/lib/analysis/audio-processor';
import { InThreadAudioProcessor } from '@/lib/analysis/in-thread-audio';
import type { AudioChunkMessage } from '@/lib/messaging/audio-protocol';

function chunk(mediaTimeS: number, seconds = 0.32, amp = 0.3): AudioChunkMessage {
  const samples = new Float32Array(Math.round(seconds * 16000));
  for (let i = 0; i < samples.length; i++) samples[i] = amp * Math.sin(i / 5);
  return {
    kind: 'audio',
    videoId: 'v1',
    seq: 0,
    mediaTimeS,
    sampleRate: 16000,
    samples: samples.buffer,
  };
}

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
    visemes: {
      createStream: (startS) => {
        log.push(`stream@${startS}`);
        let fed = 0;
        return {
          push: (samples) => {
            const t = startS + fed / 16000;
            fed += samples.length;
            return [{ t, viseme: 5, d: 0.016 }];
          },
        };
      },
    },
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
