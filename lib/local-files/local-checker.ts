/**
 * Checks local video files from the triage page through the same pipeline as web pages: each
 * file plays (muted, 1x) in a small visible preview, the existing VideoSampler samples it, frames
 * go to the offscreen host over LocalTransport, and the result lands in the triage store. Files
 * run one at a time; a bad file gets its own state and the queue goes on. Each file's Content
 * Credentials (C2PA) are read first, from its bytes; still images get only that (issue #18).
 */
import type { StopReason, VideoStartResult } from '../messaging/content-protocol';
import type { LocalFileInfo, LocalStartData } from '../messaging/triage-protocol';
import { localPage } from '../messaging/triage-protocol';
import type { VideoState } from '../messaging/types';
import { VideoSampler } from '../sampling/video-sampler';
import type { Provenance } from '../provenance/types';
import type { TriageItem } from '../storage/types';
import { DEFAULT_MAX_BYTES, isStillImage, refuseFile } from './file-gate';
import { STILL_IMAGE_REASON } from './provenance-item';
import { LocalTransport } from './local-transport';

export type LocalJobState =
  'queued' | 'loading' | 'checking' | 'finishing' | 'done' | 'rejected' | 'failed';

export interface LocalJob {
  id: number;
  name: string;
  size: number;
  state: LocalJobState;
  /** 0..1 of the file played, or null when its duration is unknown. */
  progress: number | null;
  /** Why it was rejected or failed, or (still images) what was done. */
  detail?: string;
  /** The file's Content Credentials, once read. */
  provenance?: Provenance;
  /** Triage item key once known. */
  key?: string;
  result?: { state: VideoState; risk: number | null };
}

export interface CheckerDeps {
  tabId(): Promise<number>;
  start(data: LocalStartData): Promise<VideoStartResult>;
  stop(videoId: string, reason: StopReason): Promise<void>;
  /** Resolves with the item once its analysis of `videoId` is final, or null on timeout. */
  waitForFinal(key: string, videoId: string, timeoutMs: number): Promise<TriageItem | null>;
  /** Content Credentials of a file's bytes; never rejects (lib/provenance). */
  readProvenance(file: File): Promise<Provenance>;
  /**
   * Stores a file's provenance on its triage item once the item exists; for a still image
   * (`still`), creates the item.
   */
  saveProvenance(file: LocalFileInfo, provenance: Provenance, still: boolean): Promise<void>;
  /** Element the preview videos are shown in (must be on screen: the sampler needs it). */
  preview: HTMLElement;
  onChange(jobs: readonly LocalJob[]): void;
  maxBytes?: number;
  metadataTimeoutMs?: number;
  stallTimeoutMs?: number;
  finalTimeoutMs?: number;
  hostTimeoutMs?: number;
}

class Rejected extends Error {}

const newVideoId = () => `v${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;

export class LocalChecker {
  private readonly jobs: LocalJob[] = [];
  private readonly files = new Map<number, File>();
  private nextId = 1;
  private running = false;

  constructor(private readonly deps: CheckerDeps) {}

  /** Queues files; they are checked in order. */
  add(files: readonly File[]): void {
    for (const file of files) {
      const job: LocalJob = {
        id: this.nextId++,
        name: file.name,
        size: file.size,
        state: 'queued',
        progress: 0,
      };
      this.jobs.push(job);
      this.files.set(job.id, file);
    }
    this.changed();
    void this.run();
  }

  private changed(): void {
    this.deps.onChange(this.jobs.map((j) => ({ ...j })));
  }

  private set(job: LocalJob, patch: Partial<LocalJob>): void {
    Object.assign(job, patch);
    this.changed();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.nextQueued(); job; job = this.nextQueued()) {
        const file = this.files.get(job.id);
        this.files.delete(job.id);
        if (!file) continue;
        try {
          await this.check(job, file);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.set(job, {
            state: error instanceof Rejected ? 'rejected' : 'failed',
            detail: message,
          });
        }
      }
    } finally {
      this.running = false;
    }
  }

  private nextQueued(): LocalJob | undefined {
    return this.jobs.find((j) => j.state === 'queued');
  }

  private async check(job: LocalJob, file: File): Promise<void> {
    const refused = refuseFile(file, this.deps.maxBytes ?? DEFAULT_MAX_BYTES);
    if (refused) throw new Rejected(refused);
    this.set(job, { state: 'loading' });
    const info = { name: file.name, size: file.size, lastModified: file.lastModified };
    const key = localPage(info).mediaId ?? '';
    const provenance = await this.deps.readProvenance(file);
    this.set(job, { provenance });
    if (isStillImage(file)) {
      await this.deps.saveProvenance(info, provenance, true);
      this.set(job, {
        state: 'done',
        key,
        progress: 1,
        detail: STILL_IMAGE_REASON,
        result: { state: 'unsupported', risk: null },
      });
      return;
    }
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    Object.assign(video, { muted: true, playsInline: true, preload: 'auto' });
    video.title = file.name;
    video.src = url;
    this.deps.preview.append(video);
    let sampler: VideoSampler | null = null;
    let transport: LocalTransport | null = null;
    const videoId = newVideoId();
    try {
      await metadata(video, this.deps.metadataTimeoutMs ?? 15_000);
      const tabId = await this.deps.tabId();
      transport = new LocalTransport(tabId);
      await this.startWhenReady({
        videoId,
        file: info,
        width: video.videoWidth,
        height: video.videoHeight,
      });
      this.set(job, { state: 'checking', key });
      const live = transport;
      let unreadable: string | null = null;
      sampler = new VideoSampler(video, videoId, {
        sink: (frame) => {
          live.send(frame);
          return true;
        },
        // Canvas frames only (no `planes` hook): a local file is one short check.
        onActiveChange: () => undefined,
        onUnreadable: (_reason, detail) => (unreadable = detail),
      });
      const s = sampler;
      transport.onAck((ack) => ack.videoId === videoId && s.handleAck(ack));
      await this.play(job, video, () => unreadable);
      this.set(job, { state: 'finishing', progress: 1 });
      await this.deps.stop(videoId, 'ended');
      const item = await this.deps.waitForFinal(key, videoId, this.deps.finalTimeoutMs ?? 60_000);
      if (!item) throw new Error('The analysis did not finish in time');
      await this.deps.saveProvenance(info, provenance, false);
      this.set(job, { state: 'done', result: { state: item.state, risk: item.risk } });
    } catch (error) {
      if (sampler) void this.deps.stop(videoId, 'removed').catch(() => undefined);
      throw error;
    } finally {
      sampler?.dispose('removed');
      transport?.close();
      video.removeAttribute('src');
      video.load();
      video.remove();
      URL.revokeObjectURL(url);
    }
  }

  /**
   * Registers the video with the host and waits until its models are loaded, so that a short
   * file does not play out while frames are dropped (bg:localStart is idempotent).
   */
  private async startWhenReady(data: LocalStartData): Promise<void> {
    const deadline = performance.now() + (this.deps.hostTimeoutMs ?? 120_000);
    for (;;) {
      const started = await this.deps.start(data);
      if (started.host === 'error') throw new Error(started.error ?? 'The analysis host failed');
      if (started.host === 'ready') return;
      if (performance.now() > deadline) throw new Error('The analysis models did not load in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Plays the video to its end, reporting progress; rejects on decode errors or stalls. */
  private play(
    job: LocalJob,
    video: HTMLVideoElement,
    unreadable: () => string | null,
  ): Promise<void> {
    const stallMs = this.deps.stallTimeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      let lastTime = -1;
      let lastMove = performance.now();
      const timer = setInterval(() => {
        const reason = unreadable();
        if (reason) return finish(new Error(reason));
        if (video.currentTime !== lastTime) {
          lastTime = video.currentTime;
          lastMove = performance.now();
          const d = video.duration;
          this.set(job, {
            progress: Number.isFinite(d) && d > 0 ? Math.min(1, video.currentTime / d) : null,
          });
        } else if (performance.now() - lastMove > stallMs) finish(new Error('Playback stalled'));
      }, 250);
      const onEnded = () => finish(null);
      const onError = () =>
        finish(new Error(`The file is corrupt or cannot be decoded (${mediaError(video)})`));
      const finish = (error: Error | null) => {
        clearInterval(timer);
        video.removeEventListener('ended', onEnded);
        video.removeEventListener('error', onError);
        if (error) reject(error);
        else resolve();
      };
      video.addEventListener('ended', onEnded);
      video.addEventListener('error', onError);
      video
        .play()
        .catch((error: unknown) => finish(new Error(`Could not play the file: ${String(error)}`)));
    });
  }
}

function mediaError(video: HTMLVideoElement): string {
  const e = video.error;
  return e ? `${e.code}${e.message ? `: ${e.message}` : ''}` : 'unknown error';
}

/** Waits for the file's metadata; rejects (as a rejection of the file) on error or timeout. */
function metadata(video: HTMLVideoElement, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Rejected('No video metadata: corrupt or unsupported file')),
      timeoutMs,
    );
    const onMeta = () => {
      if (video.videoWidth === 0) done(new Rejected('The file has no video track'));
      else done(null);
    };
    const onError = () => done(new Rejected(`Not a playable video (${mediaError(video)})`));
    const done = (error: Error | null) => {
      clearTimeout(timer);
      video.removeEventListener('loadedmetadata', onMeta);
      video.removeEventListener('error', onError);
      if (error) reject(error);
      else resolve();
    };
    video.addEventListener('loadedmetadata', onMeta);
    video.addEventListener('error', onError);
  });
}
