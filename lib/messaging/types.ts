/**
 * Types shared by every context. The `VideoReport` is the source of both public contracts:
 * the `<telltale-badge>` data attributes and the `npm run scan -- FILE --json` report.
 */

import type { Provenance } from '../provenance/types';

/** What a video's badge shows. Extend, never rename (README "Contracts"). */
export type VideoState = 'idle' | 'analyzing' | 'scored' | 'insufficient' | 'unsupported' | 'error';

export const VIDEO_STATES: readonly VideoState[] = [
  'idle',
  'analyzing',
  'scored',
  'insufficient',
  'unsupported',
  'error',
];

/** Verdict that accompanies a risk score. */
export type Verdict = 'likely-real' | 'uncertain' | 'likely-fake';

/** Summary statistics of a timing series, in milliseconds. */
export interface TimingStat {
  count: number;
  median: number;
  p90: number;
}

/** One citable observation behind a cue's score. */
export interface CueEvidence {
  /** Plain words, e.g. "lips stay open on 'b' sounds". */
  text: string;
  /** Media times (s) a viewer can jump to. */
  times?: number[];
  /** The measured value behind the text, in `unit`. */
  value?: number;
  unit?: string;
  /**
   * A small JPEG data URL that shows the evidence: the frame model's map of where it saw
   * fakery, drawn over the face crop it scored (cue `blend`).
   */
  image?: string;
}

/** One cue's contribution (see lib/cues). */
export interface CueReport {
  /** 'insufficient' when the cue abstains ("not enough data"): score is then null. */
  status: 'ok' | 'insufficient';
  /** 0..1, higher means more fake-like; null when the cue abstains. */
  score: number | null;
  /** 0..1, how much the cue trusts its own score. */
  confidence: number;
  /** Why the cue abstained, or a one-line summary. */
  reason?: string;
  /** Evidence a moderator can cite. */
  evidence: CueEvidence[];
  /**
   * The cue's raw measurements behind its score (e.g. jitter relative to the face's own noise
   * floor), by name. The learned classifier reads these (lib/features), so that "too smooth"
   * and "too jittery" can both count. Absent when the cue abstained.
   */
  measures?: Record<string, number>;
}

/** What face analysis saw in a video (scan JSON `face`). */
export interface FaceSummary {
  /** Frames the landmarker ran on. */
  framesAnalysed: number;
  /** Frames with at least one face. */
  framesWithFace: number;
  /** Frames with more than one face. */
  framesWithSeveral: number;
  /** Mean side (sqrt of area) of the main face in the analysed frames, px. */
  meanFaceSizePx: number | null;
  /**
   * The same in the source video's pixels (the sampled frame is a downscale of it); "face too
   * small" is judged on this. Absent in reports from before issue #15.
   */
  meanSourceFaceSizePx?: number | null;
  /** Analysed frames whose main face was measured from a native-resolution face crop. */
  framesWithNativeCrop?: number;
  /** Landmarks per face in the latest frame with a face (478 with the iris points). */
  landmarksPerFace: number | null;
  /** Face tracks alive now, and the one chosen as the main face. */
  tracks: number;
  mainTrackId: number | null;
  /** Landmarker delegate in use and the warm-up timings that chose it. */
  delegate: 'CPU' | 'GPU';
  warmupMs: Partial<Record<'CPU' | 'GPU', number>>;
  /** Where the landmarks are found: the landmark worker or the analysis document (issue #16). */
  landmarksIn?: 'worker' | 'document';
  /** How long each model took to load when the host started (they load at once), ms. */
  modelLoadMs?: Record<string, number>;
}

/** How fusion combined the cues (scan JSON `fusion`). */
export interface FusionSummary {
  /** Version of the fusion weights (lib/scoring/fusion-weights.json). */
  version: string;
  /** P(fake) under the fusion model, before smoothing; null when insufficient. */
  probability: number | null;
  /** Cues with data, strongest first: log-odds added and share of the total. */
  drivers: { cue: string; contribution: number; share: number }[];
}

/** What the audio path saw of a video's sound (scan JSON `audio`). */
export interface AudioSummary {
  /** 'ok' when sound arrived; 'none' without an audio track; 'unavailable' when unreadable. */
  status: 'ok' | 'none' | 'unavailable';
  reason?: string;
  /** Seconds of audio in the analysis window, and of speech in it. */
  seconds: number;
  speechSeconds: number;
  /** The speech detector used: silero VAD, or the energy gate when it failed to load. */
  vad: 'silero' | 'energy';
  /** Viseme events in the window. */
  visemes: number;
  /** Offscreen processing (VAD + visemes + envelope) per second of audio, ms. */
  msPerAudioSecond: number;
  /** 320 ms chunks whose VAD and visemes were skipped because analysis fell behind. */
  skippedChunks: number;
  /**
   * Where the sound came from: the video element's own audio, or the whole tab's audio (the
   * deep-check fallback when the element's cannot be read; it holds every sound the tab plays).
   */
  source: 'element' | 'tab';
}

/** Sites with a dedicated adapter (lib/sites); anything else is 'generic'. */
export type SiteId = 'youtube' | 'x' | 'tiktok' | 'generic';
export const SITE_IDS: readonly SiteId[] = ['youtube', 'x', 'tiktok', 'generic'];

/** Where a video was seen, as the content script's site adapter reads it from the page. */
export interface PageContext {
  url: string;
  title?: string;
  /** The site adapter that found the video. */
  site?: SiteId;
  /**
   * Stable id of the media on its site ('youtube:dQw4w9WgXcQ', 'x:1891903008298135552',
   * 'tiktok:7571863205253778710'); absent when the page does not say.
   */
  mediaId?: string;
  /** Author / channel handle when the page shows it. */
  author?: string;
  /** Permalink of the post or video when the page is a feed (http(s)). */
  postUrl?: string;
}

/** Everything known about one analysed video. */
export interface VideoReport {
  videoId: string;
  state: VideoState;
  /** Human-readable reason for unsupported / insufficient / error states. */
  reason?: string;
  /** Integer 0-100, only when state is 'scored'. */
  risk?: number;
  verdict?: Verdict;
  cues: Record<string, CueReport>;
  /**
   * `ignored` (when any): frames duplicated or arriving after a later one, acked, not analysed.
   * `planar` (when any): frames the page sent as the decoded planes, drawn in the extension.
   * `offPage` (when any): of those, frames whose planes the page's worker read and posted, off
   * the page's main thread (lib/sampling/frame-copier.ts).
   */
  frames: {
    sampled: number;
    analysed: number;
    dropped: number;
    ignored?: number;
    planar?: number;
    offPage?: number;
  };
  timingsMs: {
    /**
     * Content-script main-thread cost per sampled frame of reading its pixels: the canvas draw
     * and read-back (and face crop), or the copy of the decoded planes.
     */
    capture: TimingStat;
    /** Content-script main-thread cost of posting a frame to the bridge (when reported). */
    post?: TimingStat;
    /** Both together for one frame: the page's whole main-thread cost per sampled frame. */
    page?: TimingStat;
    /** Frame round trip content script -> offscreen -> content script (ack). */
    transportRtt: TimingStat;
    /** Analyser time per frame in the offscreen document. */
    analyse: TimingStat;
  };
  analyser: { id: string; placeholder: boolean };
  /** How the cues were combined, once fusion ran. */
  fusion?: FusionSummary;
  /**
   * The classifier's input, by name (`cue.measure` and `track.*`; lib/features): what the
   * risk was computed from, for moderators who want the numbers and for `npm run eval:cv`.
   */
  features?: Record<string, number>;
  /** Face analysis summary, when a face analyser ran. */
  face?: FaceSummary;
  /** Audio summary, when the audio path ran. */
  audio?: AudioSummary;
  /** Path the frames took to the offscreen document ('bridge' iframe, or 'port' fallback). */
  transport?: 'bridge' | 'port';
  /** Page context, when the content script knows it. */
  page?: PageContext;
  /** True once the video ended and every sampled frame was analysed: the verdict is final. */
  final?: boolean;
  /** Media time (s) of the last analysed frame. */
  mediaTimeS?: number;
  /** The video matches an item of an imported hash list (issue 9); independent of the risk. */
  match?: VideoMatch;
  /**
   * Content Credentials (C2PA) of the media's bytes, when they were read (issue #18); beside
   * the risk, never inside it.
   */
  provenance?: Provenance;
  /** Frame hashing for list matching, once a frame was hashed. */
  hashes?: HashSummary;
  /** Latest small JPEG data URL (~80 px) of the main face, for the triage page. */
  keyframe?: string;
  updatedAt: number;
}

/** A known item (hash-list entries sharing list and label) this video matches. */
export interface VideoMatch {
  label: string;
  listName: string;
  source?: string;
  url?: string;
  /** Smallest Hamming distance (of 256 bits) between a frame and the item's hashes. */
  distance: number;
  /** Hashed frames within the match distance of the item. */
  matchedFrames: number;
  /** Usable hashed frames (quality >= 50) so far. */
  hashedFrames: number;
}

/** Compact record of the frames hashed for list matching (see lib/analysis/frame-hashing.ts). */
export interface HashSummary {
  /** Frames hashed (about two per second of playback). */
  hashed: number;
  /** Of those, frames with PDQ quality >= 50: the only ones matched. */
  usable: number;
  /** Usable frames left after folding near-duplicates of the previous frame. */
  distinct: number;
  /** The first few distinct frame hashes (64 hex digits each), enough to list the video. */
  sample: string[];
  /** Hashes in the loaded lists; 0 when none are imported (or not loaded yet). */
  listHashes: number;
  /** PDQ time per hashed frame. */
  hashMs: TimingStat;
}

/** An empty timing summary. */
export const EMPTY_STAT: TimingStat = { count: 0, median: 0, p90: 0 };

/** Lifecycle of the analysis host in the offscreen document. */
export type HostState = 'loading' | 'ready' | 'error';
