/**
 * Audio as the lip-sync cues see it (lib/cues/av-sync.ts, lib/cues/phoneme-viseme.ts): a speech
 * envelope on a fixed hop, a speech probability per hop, and viseme events, all on the video's
 * media clock. Plain data, no browser types, so the cues are pure functions tested in Node.
 */

/** Sample rate of the PCM that travels from the page and of every audio model here. */
export const AUDIO_SAMPLE_RATE = 16000;

/** Envelope hop, seconds (320 samples at 16 kHz). */
export const AUDIO_HOP_S = 0.02;

/** Oculus viseme ids as HeadAudio numbers them (its README, appendix A). */
export const VISEME = {
  aa: 0,
  E: 1,
  I: 2,
  O: 3,
  U: 4,
  PP: 5,
  SS: 6,
  TH: 7,
  DD: 8,
  FF: 9,
  kk: 10,
  nn: 11,
  RR: 12,
  CH: 13,
  sil: 14,
} as const;

export type VisemeId = (typeof VISEME)[keyof typeof VISEME];

/** One viseme classification from the audio (HeadAudio: one per 16 ms MFCC hop while speaking). */
export interface VisemeEvent {
  /** Media time of the frame's centre, s. */
  t: number;
  viseme: number;
  /** Duration the classification covers, s. */
  d: number;
}

/** What is known about a video's sound. */
export type AudioStatus =
  /** PCM arrived: the series below are meaningful (they may still hold no speech). */
  | 'ok'
  /** The video has no audio track. */
  | 'none'
  /** The sound exists but cannot be read (cross-origin media, autoplay policy, capture failed). */
  | 'unavailable';

/** A video's audio over the analysis window. */
export interface AudioTrack {
  status: AudioStatus;
  /** Why the status is not 'ok'. */
  reason?: string;
  /** Spacing of the envelope hops, s. */
  hopS: number;
  /** Media time of each hop's centre, s, increasing (gaps where audio was missing). */
  times: number[];
  /** Log energy of each hop, dB relative to full scale (digital silence is -100). */
  energyDb: number[];
  /**
   * Log energy of the 1-3 kHz band per hop, dB (lib/audio/band-filter.ts): what the lip-sync
   * cue compares lip opening with. Absent in tracks made before it existed: energyDb is used.
   */
  bandDb?: number[];
  /** Speech probability of each hop, 0..1. */
  speech: number[];
  /** Which detector filled `speech`. */
  vad: 'silero' | 'energy';
  /** Viseme events in time order. */
  visemes: VisemeEvent[];
}

/** An audio track with no samples (for the 'none' and 'unavailable' states). */
export function emptyAudioTrack(status: AudioStatus, reason?: string): AudioTrack {
  return {
    status,
    ...(reason === undefined ? {} : { reason }),
    hopS: AUDIO_HOP_S,
    times: [],
    energyDb: [],
    speech: [],
    vad: 'energy',
    visemes: [],
  };
}
