import type { ContentScriptContext } from '#imports';
import type { BadgeView } from '@/components/Badge';
import { contentChannel, type StopReason } from '@/lib/messaging/content-protocol';
import type { AudioChunkMessage, AudioStateMessage } from '@/lib/messaging/audio-protocol';
import type { AckMessage, FrameMessage } from '@/lib/messaging/frame-protocol';
import type { VideoReport } from '@/lib/messaging/types';
import type { FrameTransport } from '@/lib/sampling/frame-transport';
import { AudioCapture } from '@/lib/sampling/audio-capture';
import { VideoSampler } from '@/lib/sampling/video-sampler';
import { mountBadge, type BadgeHandle } from './badge-ui';

export interface ControllerDeps {
  transport(): Promise<FrameTransport>;
  page(): { url: string; title?: string };
}

/** The cues that pushed the score up most (positive contributions), with their evidence. */
function evidenceOf(report: VideoReport): NonNullable<BadgeView['evidence']> {
  const drivers = report.fusion?.drivers.filter((d) => d.contribution > 0).slice(0, 3) ?? [];
  return drivers.flatMap((d) => {
    const first = report.cues[d.cue]?.evidence[0];
    if (!first) return [];
    return [{ cue: d.cue, text: first.text, ...(first.times ? { times: first.times } : {}) }];
  });
}

/** Short random id for a video element (URL-safe, as validators expect). */
function newVideoId(): string {
  return `v${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/**
 * Wires one <video>: sampler -> transport, background notifications, and its badge.
 * The badge is mounted the first time the video plays.
 */
export class VideoController {
  readonly videoId = newVideoId();
  readonly sampler: VideoSampler;
  /** The video's sound, captured without touching playback (lib/sampling/audio-capture.ts). */
  private readonly audio: AudioCapture;
  private badge: BadgeHandle | null = null;
  private mounting: Promise<void> | null = null;
  private view: BadgeView = { state: 'idle', sampling: false, placeholder: false };
  private transport: FrameTransport | null = null;
  private started = false;
  private disposed = false;

  constructor(
    private readonly ctx: ContentScriptContext,
    readonly video: HTMLVideoElement,
    private readonly deps: ControllerDeps,
  ) {
    this.audio = new AudioCapture(video, this.videoId, {
      sink: (chunk) => this.sendAudio(chunk),
      onState: (state, reason) =>
        this.sendAudio({ kind: 'audio-state', videoId: this.videoId, state, reason }),
    });
    this.sampler = new VideoSampler(video, this.videoId, {
      sink: (frame) => this.send(frame),
      onActiveChange: (active, reason) => {
        this.setView({ ...this.view, sampling: active });
        this.audio.setActive(active);
        if (active) void this.start();
        else if (reason !== 'playing') this.stop(reason);
      },
      onUnreadable: (_reason, detail) => {
        this.setView({ state: 'unsupported', reason: detail, sampling: false, placeholder: false });
        contentChannel
          .sendMessage('bg:videoUnsupported', {
            videoId: this.videoId,
            reason: detail,
            page: this.deps.page(),
          })
          .catch(() => undefined);
      },
    });
  }

  handleAck(ack: AckMessage): void {
    this.sampler.handleAck(ack);
  }

  /** A report for this video arrived from the background. */
  applyReport(report: VideoReport): void {
    if (this.view.state === 'unsupported') return;
    const view: BadgeView = {
      state: report.state,
      sampling: this.sampler.isActive,
      frames: report.frames,
      placeholder: report.analyser.placeholder,
    };
    if (report.reason !== undefined) view.reason = report.reason;
    const evidence = evidenceOf(report);
    if (evidence.length > 0) view.evidence = evidence;
    if (report.risk !== undefined) view.risk = report.risk;
    if (report.verdict !== undefined) view.verdict = report.verdict;
    this.setView(view);
  }

  dispose(reason: StopReason): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sampler.dispose(reason);
    this.audio.dispose();
    this.stop(reason);
    this.badge?.remove();
    this.badge = null;
  }

  private setView(view: BadgeView): void {
    this.view = view;
    this.badge?.update(view);
  }

  private async start(): Promise<void> {
    await this.ensureBadge();
    if (this.started || this.disposed) return;
    this.started = true;
    try {
      this.transport = await this.deps.transport();
      const result = await contentChannel.sendMessage('bg:videoStart', {
        videoId: this.videoId,
        page: this.deps.page(),
        width: this.video.videoWidth,
        height: this.video.videoHeight,
      });
      if (result.host === 'error') {
        this.setView({ ...this.view, state: 'error', reason: result.error ?? 'Host failed' });
      } else if (this.view.state === 'idle') {
        this.setView({ ...this.view, state: 'analyzing' });
      }
    } catch (error) {
      this.started = false;
      this.setView({
        ...this.view,
        state: 'error',
        reason: `Could not reach the analysis host: ${String(error)}`,
      });
    }
  }

  private stop(reason: StopReason): void {
    if (!this.started) return;
    if (reason === 'removed' || reason === 'navigated') this.started = false;
    contentChannel
      .sendMessage('bg:videoStop', { videoId: this.videoId, reason })
      .catch(() => undefined);
  }

  private send(frame: FrameMessage): boolean {
    const transport = this.transport;
    if (!transport || !this.started) return false;
    if (!transport.alive) {
      // The page removed the bridge: get a fresh transport for the next frames.
      this.transport = null;
      void this.deps.transport().then((next) => (this.transport = next));
      return false;
    }
    transport.send(frame);
    return true;
  }

  private sendAudio(message: AudioChunkMessage | AudioStateMessage): boolean {
    const transport = this.transport;
    if (!transport || !this.started || !transport.alive) return false;
    transport.sendAudio(message);
    return true;
  }

  private ensureBadge(): Promise<void> {
    this.mounting ??= mountBadge(this.ctx, this.video, this.videoId, this.view).then((badge) => {
      if (this.disposed) badge.remove();
      else {
        this.badge = badge;
        badge.update(this.view);
      }
    });
    return this.mounting;
  }
}
