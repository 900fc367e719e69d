/**
 * Media time from wall-clock time, for sound that has no media clock of its own (tab audio):
 * the content script reports where playback was at moments of wall-clock time
 * (`MediaClockMessage`), and between reports playback runs at its rate. Wall-clock times are
 * `Date.now()`, which the page, the offscreen document and its audio worklet read from the same
 * system clock.
 */
import type { MediaClockMessage } from '../messaging/audio-protocol';

/** A report older than this no longer says where playback is, ms (reports come every 250 ms). */
export const MAX_EXTRAPOLATE_MS = 1500;
/**
 * Reports kept: two minutes' worth. The offscreen thread may take the captured sound seconds
 * late (it is busy with faces), and the sound is then mapped with the reports of its own time.
 */
const KEEP = 480;

type Sample = Pick<MediaClockMessage, 'wallMs' | 'mediaTimeS' | 'rate'>;

/**
 * Why a moment has no media time: no report before it, playback stopped (paused, seeking, not
 * at normal speed), or the last report is too old.
 */
export type TimelineMiss = 'before' | 'stopped' | 'stale';

export class PlaybackTimeline {
  private samples: Sample[] = [];

  /** Wall-clock time of the newest report, ms; null before the first. */
  get latestWallMs(): number | null {
    return this.samples.at(-1)?.wallMs ?? null;
  }

  /** Adds a report; out-of-order ones are put in place. */
  add(sample: Sample): void {
    const at = this.samples.findIndex((s) => s.wallMs > sample.wallMs);
    if (at < 0) this.samples.push(sample);
    else this.samples.splice(at, 0, sample);
    if (this.samples.length > KEEP) this.samples.shift();
  }

  /** Media time at wall-clock `wallMs`, from the last report at or before it, or why none. */
  mediaAt(wallMs: number): number | TimelineMiss {
    let last: Sample | undefined;
    for (const s of this.samples) {
      if (s.wallMs > wallMs) break;
      last = s;
    }
    if (!last) return 'before';
    if (last.rate !== 1) return 'stopped';
    const elapsed = wallMs - last.wallMs;
    if (elapsed > MAX_EXTRAPOLATE_MS) return 'stale';
    return last.mediaTimeS + elapsed / 1000;
  }
}
