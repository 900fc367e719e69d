/**
 * Deep check of one video, page side: a higher sampling rate over a longer stretch of video,
 * then a final verdict. Progress is the media time covered by sampled frames over the stretch;
 * jumps (seeks, a looping video starting over) add nothing, so each pass of a loop counts.
 */
import type { DeepCheckRequest } from '@/lib/messaging/deep-check';

/** Sampling rate during a deep check (the live default is 8 fps). */
export const DEEP_FPS = 15;
/** Media seconds a deep check samples before it concludes (the live judge keeps 10 s). */
export const DEEP_SECONDS = 20;
/** A jump in media time larger than this is a seek or a loop, not playback. */
const MAX_STEP_S = 1;

/** Counts media time covered by sampled frames. */
export class DeepRun {
  private covered = 0;
  private lastT: number | null = null;

  constructor(readonly seconds = DEEP_SECONDS) {}

  /** Records a sampled frame at media time `t`; returns progress 0..1. */
  onFrame(t: number): number {
    const last = this.lastT;
    this.lastT = t;
    if (last !== null && t > last && t - last <= MAX_STEP_S) this.covered += t - last;
    return this.progress;
  }

  get progress(): number {
    return Math.min(1, this.covered / this.seconds);
  }

  get complete(): boolean {
    return this.covered >= this.seconds;
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
