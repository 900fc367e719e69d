/**
 * Deep check of one video, page side: a higher sampling rate over a longer stretch of video,
 * then a final verdict. Progress is the media time covered by sampled frames over the stretch;
 * jumps (seeks, a looping video starting over) add nothing, so each pass of a loop counts.
 */
import { DEEP_WINDOW_S, type DeepCheckRequest } from '@/lib/messaging/deep-check';

/** Sampling rate during a deep check (the live default is 8 fps). */
export const DEEP_FPS = 15;
/**
 * Page main-thread budget per sampled frame while lips are checked, ms (live: 8 ms). The user
 * asked for it (deep check, or lip sync on every video); at 15 fps it is at most 18% of the
 * page's thread, judged by the median frame of each second.
 */
export const DEEP_FRAME_BUDGET_MS = 12;
/** Media seconds a deep check samples before it concludes (the host judges over as many). */
export const DEEP_SECONDS = DEEP_WINDOW_S;
/** A jump in media time larger than this is a seek or a loop, not playback. */
const MAX_STEP_S = 1;
/**
 * A looping video shorter than the stretch ends the check when it starts over after a whole
 * pass was covered (at least this long): one pass is the whole video, and the host's face
 * tracks would not survive the jump back to the start.
 */
const MIN_LOOP_COVER_S = 3;

/** Counts media time covered by sampled frames. */
export class DeepRun {
  private covered = 0;
  private lastT: number | null = null;
  private looped = false;

  constructor(readonly seconds = DEEP_SECONDS) {}

  /**
   * Records a frame at media time `t` of a video `duration` s long. Returns false for a frame
   * that must not be analysed: the first frame of a loop's next pass, which ends the check.
   */
  onFrame(t: number, duration = Number.NaN): boolean {
    const last = this.lastT;
    if (
      last !== null &&
      t < last &&
      t < MAX_STEP_S &&
      duration - last < MAX_STEP_S &&
      this.covered >= Math.min(this.seconds, Math.max(MIN_LOOP_COVER_S, duration - MAX_STEP_S))
    ) {
      this.looped = true;
      return false;
    }
    this.lastT = t;
    if (last !== null && t > last && t - last <= MAX_STEP_S) this.covered += t - last;
    return true;
  }

  get progress(): number {
    return this.looped ? 1 : Math.min(1, this.covered / this.seconds);
  }

  /** The stretch is covered, or a looping video went round once. */
  get complete(): boolean {
    return this.looped || this.covered >= this.seconds;
  }
}

/** What the target picker needs to know of a video. */
export interface DeepCandidate {
  readonly videoId: string;
  readonly video: HTMLVideoElement;
}

function sources(video: HTMLVideoElement): string[] {
  const list = [video.currentSrc, video.src];
  for (const source of video.querySelectorAll('source')) list.push(source.src);
  return list.filter((s) => s !== '');
}

function visibleArea(video: HTMLVideoElement, viewport: { width: number; height: number }) {
  const r = video.getBoundingClientRect();
  const w = Math.max(0, Math.min(r.right, viewport.width) - Math.max(r.left, 0));
  const h = Math.max(0, Math.min(r.bottom, viewport.height) - Math.max(r.top, 0));
  return w * h;
}

/**
 * The video a deep check is for: the one with `videoId`, else the one whose source is `srcUrl`
 * (context menu on a <video>), else the largest visible playing video, else the largest visible
 * one. Undefined when none fits.
 */
export function pickDeepTarget<T extends DeepCandidate>(
  candidates: readonly T[],
  request: DeepCheckRequest,
  viewport = { width: innerWidth, height: innerHeight },
): T | undefined {
  if (request.videoId !== undefined) return candidates.find((c) => c.videoId === request.videoId);
  if (request.srcUrl !== undefined) {
    const bySource = candidates.find((c) => sources(c.video).includes(request.srcUrl ?? ''));
    if (bySource) return bySource;
  }
  const visible = candidates
    .map((c) => ({ c, area: visibleArea(c.video, viewport) }))
    .filter((x) => x.area > 0)
    .sort((a, b) => b.area - a.area);
  const playing = visible.find((x) => !x.c.video.paused && !x.c.video.ended);
  return (playing ?? visible[0])?.c;
}
