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
