/**
 * Puts tab audio on a video's media clock (the pure half of lib/analysis/tab-audio.ts).
 * Batches come from the audio worklet tap with the wall-clock time of their end; playback
 * reports come from the content script. Both reach the busy offscreen thread late, sometimes
 * seconds late, and in either order, so a batch waits until a report at or after its end has
 * arrived and is then mapped with the report of its own time (PlaybackTimeline). Sound while
 * the video is paused, seeking or not at normal speed is dropped.
 */
import { AudioChunker } from './chunker';
import { resampleMono } from './envelope';
import { PlaybackTimeline } from './playback-timeline';
import {
  AUDIO_CHUNK_RATE,
  type AudioChunkMessage,
  type MediaClockMessage,
} from '../messaging/audio-protocol';

/**
 * How long tab audio takes from the page's audio output to the tap, ms: subtracted from each
 * batch's time. tests/e2e/tab-audio.test.ts measured 33 ms in three runs here (headless
 * Chromium 156, no sound card): the captured sound matched the file's 40 ms late with the
 * page's own sound 7 ms behind its picture.
 */
export const TAB_CAPTURE_LAG_MS = 30;
/**
 * Reports that stop for this long have stopped (the page hung or went away), ms. Long: the
 * offscreen thread itself stalls for seconds at times, and then takes batches before queued
 * reports.
 */
export const REPORT_WAIT_MS = 15_000;
/** Batches held for their reports at most (about a minute of sound). */
const MAX_WAITING = 640;
/** A jump in context time larger than this between batches is a gap in the capture, s. */
const MAX_GAP_S = 0.02;

/** What the worklet tap posts (public/worklets/audio-tap.js). */
export interface TapBatch {
  /** Audio context time of the first sample, s. */
  startTime: number;
  /** Date.now() when the batch's last block was processed, ms. */
  wallMs: number;
  sampleRate: number;
  /** Mono samples. */
  samples: Float32Array;
}

export function isTapBatch(value: unknown): value is TapBatch {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TapBatch>;
  return (
    typeof v.startTime === 'number' &&
    typeof v.wallMs === 'number' &&
    typeof v.sampleRate === 'number' &&
    v.sampleRate > 0 &&
    v.samples instanceof Float32Array
  );
}

export class TabAudioMapper {
  private readonly timeline = new PlaybackTimeline();
  private readonly chunker: AudioChunker;
  private lastEnd: number | null = null;
  private lastReportAt: number;
  private waiting: { batch: TapBatch; wallEndMs: number }[] = [];
  /**
   * Batches mapped onto the media clock, and dropped (by why); reports received; the longest
   * a batch took to reach this thread, ms.
   */
  readonly counts = {
    mapped: 0,
    dropped: 0,
    before: 0,
    stopped: 0,
    stale: 0,
    reports: 0,
    maxLateMs: 0,
  };

  constructor(
    readonly videoId: string,
    sink: (chunk: AudioChunkMessage) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastReportAt = now();
    this.chunker = new AudioChunker(videoId, (chunk) => {
      sink(chunk);
      return true;
    });
  }

  /** A playback report from the content script (other videos' are ignored). */
  onClock(message: MediaClockMessage): void {
    if (message.videoId !== this.videoId) return;
    this.timeline.add(message);
    this.counts.reports++;
    this.lastReportAt = this.now();
    this.drain();
  }

  /** A batch from the tap. */
  onBatch(batch: TapBatch): void {
    this.counts.maxLateMs = Math.max(this.counts.maxLateMs, this.now() - batch.wallMs);
    this.waiting.push({ batch, wallEndMs: batch.wallMs - TAB_CAPTURE_LAG_MS });
    this.drain();
  }

  /**
   * Maps the batches the reports cover. When reports stop coming, waiting batches are mapped
   * from the last one (which drops them unless playback was running).
   */
  private drain(): void {
    const nowMs = this.now();
    const latest = this.timeline.latestWallMs;
    const reportsStopped = nowMs - this.lastReportAt > REPORT_WAIT_MS;
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as { batch: TapBatch; wallEndMs: number };
      const covered = latest !== null && latest >= next.wallEndMs;
      const overdue = reportsStopped && nowMs - next.wallEndMs > REPORT_WAIT_MS;
      if (!covered && !overdue && this.waiting.length < MAX_WAITING) return;
      this.waiting.shift();
      this.map(next.batch, next.wallEndMs);
    }
  }

  private map(batch: TapBatch, wallEndMs: number): void {
    if (this.lastEnd !== null && Math.abs(batch.startTime - this.lastEnd) > MAX_GAP_S) {
      this.chunker.reset();
    }
    this.lastEnd = batch.startTime + batch.samples.length / batch.sampleRate;
    const media = this.timeline.mediaAt(wallEndMs);
    if (typeof media !== 'number') {
      this.counts.dropped++;
      this.counts[media]++;
      this.chunker.reset();
      return;
    }
    this.counts.mapped++;
    this.chunker.push(resampleMono(batch.samples, batch.sampleRate, AUDIO_CHUNK_RATE), media);
  }
}
