import type { VisemeModel } from '@/lib/analysis/audio-processor';
import type { AudioChunkMessage } from '@/lib/messaging/audio-protocol';

/** A 16 kHz chunk of a tone (loud enough for the fake VADs), starting at `mediaTimeS`. */
export function chunk(mediaTimeS: number, seconds = 0.32, amp = 0.3): AudioChunkMessage {
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

/** A fake viseme model: one PP event per push at the stream's media time; streams logged. */
export function fakeVisemes(log: string[]): VisemeModel {
  return {
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
  };
}
