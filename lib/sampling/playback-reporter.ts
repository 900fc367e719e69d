/**
 * Reports where a video's playback is, against wall-clock time, while the tab's audio stands in
 * for the element's (lib/analysis/tab-audio.ts maps tab audio onto the media clock with these):
 * every 250 ms, and at once when playback starts, stops, seeks or changes speed.
 */
import type { MediaClockMessage } from '../messaging/audio-protocol';

const EVERY_MS = 250;
const EVENTS = ['play', 'playing', 'pause', 'seeking', 'seeked', 'ratechange', 'waiting', 'ended'];

/** The element's playback rate as the timeline needs it: 0 unless it is really playing. */
export function effectiveRate(video: HTMLVideoElement): number {
  if (video.paused || video.ended || video.seeking) return 0;
  if (video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) return 0;
  return video.playbackRate;
}

export class PlaybackReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private abort: AbortController | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly videoId: string,
    private readonly send: (message: MediaClockMessage) => void,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer !== null) return;
    this.abort = new AbortController();
    for (const type of EVENTS) {
      this.video.addEventListener(type, () => this.report(), { signal: this.abort.signal });
    }
    this.timer = setInterval(() => this.report(), EVERY_MS);
    this.report();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
  }

  private report(): void {
    this.send({
      kind: 'clock',
      videoId: this.videoId,
      wallMs: Date.now(),
      mediaTimeS: this.video.currentTime,
      rate: effectiveRate(this.video),
    });
  }
}
