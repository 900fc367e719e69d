/**
 * Samples one video: starts when it plays, is visible and on screen; stops when paused, ended,
 * hidden, off-screen or removed. Frames are taken in requestVideoFrameCallback at the rate the
 * scheduler allows and handed to `hooks.sink`.
 */
import type { StopReason } from '../messaging/content-protocol';
import type {
  AckMessage,
  FaceCropMessage,
  FrameMessage,
  NormBox,
} from '../messaging/frame-protocol';
import { FaceCropper, faceCropRegion, type FaceCropRegion } from './face-crop';
import { FrameCapturer, type UnreadableReason } from './frame-capture';
import { PlanarCapturer } from './planar-capture';
import { SampleScheduler } from './scheduler';
import { isUnread, readHere, type UnreadFrameMessage } from './unread-frame';
import type { PlanarFrameMessage } from '../messaging/frame-planes';

export interface SamplerHooks {
  /**
   * Receives each sampled frame (the pixel buffer may be transferred; an unread frame's
   * VideoFrame is the sink's to close once it returns true). Returns false when the frame could
   * not be sent (no transport yet), so that it is not counted as sampled.
   */
  sink(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): boolean;
  /**
   * Whether a frame may go as planes now (lib/messaging/frame-planes.ts): only the bridge
   * carries them. Absent: never.
   */
  planes?(): boolean;
  /**
   * Whether the transport reads planar frames off the main thread now (its page worker,
   * lib/sampling/frame-copier.ts): frames then go to the sink unread. Absent: never.
   */
  offPage?(): boolean;
  /** Sampling started (`reason` 'playing') or stopped. */
  onActiveChange(active: boolean, reason: StopReason | 'playing'): void;
  /** The video's pixels cannot be read; sampling stops for good. */
  onUnreadable(reason: UnreadableReason, detail: string): void;
  /**
   * Asked before each capture: false skips the frame without reading pixels (e.g. an ad is
   * playing in the site's player).
   */
  gate?(): boolean;
}

export interface SamplerEnv {
  scheduler?: SampleScheduler;
  capturer?: FrameCapturer;
  planar?: PlanarCapturer;
  cropper?: FaceCropper;
  /** Absolute clock shared with the ack (timeOrigin + now). */
  now?: () => number;
}

const MEDIA_EVENTS = ['play', 'playing', 'pause', 'ended', 'emptied', 'waiting', 'loadeddata'];

export class VideoSampler {
  readonly scheduler: SampleScheduler;
  private readonly capturer: FrameCapturer;
  private readonly planar: PlanarCapturer;
  private readonly cropper: FaceCropper;
  /** The previous frame's main-thread cost, ms, sent with the next frame: posting, and all. */
  private last: { postMs: number; pageMs: number } | null = null;
  /** The main face's latest box from the host's acks (fractions of the frame), or null. */
  private face: NormBox | null = null;
  private readonly now: () => number;
  private readonly abort = new AbortController();
  private readonly intersection: IntersectionObserver;
  private onScreen = false;
  private unreadable = false;
  private blocked = false;
  private active = false;
  private frameHandle: number | null = null;
  private seq = 0;
  private lastRtt: number | undefined;

  constructor(
    readonly video: HTMLVideoElement,
    readonly videoId: string,
    private readonly hooks: SamplerHooks,
    env: SamplerEnv = {},
  ) {
    this.scheduler = env.scheduler ?? new SampleScheduler();
    this.capturer = env.capturer ?? new FrameCapturer();
    this.planar = env.planar ?? new PlanarCapturer();
    this.cropper = env.cropper ?? new FaceCropper();
    this.now = env.now ?? (() => performance.timeOrigin + performance.now());
    const signal = this.abort.signal;
    for (const type of MEDIA_EVENTS) {
      video.addEventListener(type, () => this.evaluate(), { signal });
    }
    video.ownerDocument.addEventListener('visibilitychange', () => this.evaluate(), { signal });
    this.intersection = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      this.onScreen = entry?.isIntersecting ?? false;
      this.evaluate();
    });
    this.intersection.observe(video);
  }

  /** Frames sent so far. */
  get sampled(): number {
    return this.seq;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Feeds an ack for one of this video's frames back into the rate control. */
  handleAck(ack: AckMessage): void {
    this.lastRtt = this.now() - ack.captureTs;
    this.scheduler.recordBacklog(ack.queueDepth);
    this.face = ack.face ?? null;
    if (ack.noPlanes) this.planar.disabled = true;
  }

  /**
   * Holds sampling off (settings: site switched off, analysis only on request) or lets it
   * resume; while blocked the sampler reports itself stopped with reason 'paused'.
   */
  setBlocked(blocked: boolean): void {
    if (blocked === this.blocked) return;
    this.blocked = blocked;
    this.evaluate();
  }

  /** Stops for good (video removed or content script invalidated). */
  dispose(reason: StopReason = 'removed'): void {
    this.setActive(false, reason);
    this.intersection.disconnect();
    this.abort.abort();
  }

  private stopReason(): StopReason | null {
    const video = this.video;
    if (video.ended) return 'ended';
    if (this.blocked) return 'paused';
    if (video.paused) return 'paused';
    if (video.ownerDocument.visibilityState !== 'visible') return 'hidden';
    if (!this.onScreen) return 'offscreen';
    return null;
  }

  private evaluate(): void {
    if (this.unreadable) return;
    const reason = this.stopReason();
    if (reason) this.setActive(false, reason);
    else this.setActive(true, 'playing');
  }

  private setActive(active: boolean, reason: StopReason | 'playing'): void {
    if (active === this.active) return;
    this.active = active;
    if (active) {
      this.scheduler.reset();
      this.requestFrame();
    } else if (this.frameHandle !== null) {
      this.video.cancelVideoFrameCallback(this.frameHandle);
      this.frameHandle = null;
    }
    this.hooks.onActiveChange(active, reason);
  }

  private requestFrame(): void {
    this.frameHandle = this.video.requestVideoFrameCallback((now, metadata) => {
      this.frameHandle = null;
      if (!this.active) return;
      if (this.scheduler.shouldSample(now)) this.sample(now, metadata.mediaTime);
      if (this.active) this.requestFrame();
    });
  }

  private sample(now: number, mediaTimeS: number): void {
    if (this.hooks.gate && !this.hooks.gate()) return;
    const started = performance.now();
    const captureTs = this.now();
    const planar = this.hooks.planes?.() ? this.planar.capture(this.video) : null;
    if (planar?.ok) {
      const { width, height } = planar;
      const region = this.faceRegion(width, height);
      const captureMs = performance.now() - started;
      this.scheduler.recordSample(now, captureMs);
      const header = this.header(mediaTimeS, captureTs, captureMs, width, height);
      const unread = planar.unread;
      if (region) {
        const { sx, sy, sourceSide, side } = region;
        unread.crop = { sx, sy, sourceSide, side };
      }
      const message = { ...header, unread };
      if (this.hooks.offPage?.()) {
        // The transport's page worker reads the planes and closes the frame.
        this.send(message);
        return;
      }
      readHere(message).then(
        (frame) => {
          if (this.active) this.send(frame);
        },
        () => (this.planar.disabled = true), // the next frame uses the canvas
      );
      return;
    }
    const result = planar ?? this.capturer.capture(this.video);
    if (!result.ok) {
      if (result.reason === 'not-ready') return;
      this.unreadable = true;
      this.setActive(false, 'paused');
      this.hooks.onUnreadable(result.reason, result.detail);
      return;
    }
    const frame: FrameMessage = {
      ...this.header(mediaTimeS, captureTs, 0, result.width, result.height),
      pixels: result.pixels,
    };
    const faceCrop = this.cropFace(result.width, result.height);
    if (faceCrop) frame.faceCrop = faceCrop;
    frame.captureMs = performance.now() - started;
    this.send(frame);
    this.scheduler.recordSample(now, performance.now() - started);
  }

  /** A frame's fields other than its pixels (seq is set when it is sent). */
  private header(
    mediaTimeS: number,
    captureTs: number,
    captureMs: number,
    width: number,
    height: number,
  ): Omit<FrameMessage, 'pixels'> & { sourceWidth: number; sourceHeight: number } {
    return {
      kind: 'frame',
      videoId: this.videoId,
      seq: this.seq,
      mediaTimeS: Math.max(0, mediaTimeS),
      captureTs,
      captureMs,
      width,
      height,
      sourceWidth: this.video.videoWidth,
      sourceHeight: this.video.videoHeight,
      ...(this.lastRtt === undefined ? {} : { rttMs: this.lastRtt }),
      ...(this.last ?? {}),
    };
  }

  /** Hands a frame to the sink (its seq is the next one) and times the post. */
  private send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): void {
    frame.seq = this.seq;
    const started = performance.now();
    const sent = this.hooks.sink(frame);
    if (!sent && isUnread(frame)) frame.unread.frame.close();
    const postMs = performance.now() - started;
    this.last = { postMs, pageMs: frame.captureMs + postMs };
    if (sent) this.seq++;
  }

  /** Where the main face is cropped from the video, around where the host last saw it. */
  private faceRegion(frameW: number, frameH: number): FaceCropRegion | null {
    if (!this.face) return null;
    const { videoWidth, videoHeight } = this.video;
    return faceCropRegion(this.face, frameW, frameH, videoWidth, videoHeight);
  }

  /** The main face at the video's own resolution, around where the host last saw it. */
  private cropFace(frameW: number, frameH: number): FaceCropMessage | null {
    const region = this.faceRegion(frameW, frameH);
    if (!region) return null;
    try {
      return this.cropper.draw(this.video, region);
    } catch {
      return null; // the frame still goes; the host measures the face in it instead
    }
  }
}
