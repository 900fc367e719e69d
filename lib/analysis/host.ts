/**
 * The analysis host of the offscreen document: a typed lifecycle (loading -> ready | error),
 * one session per (tab, video) with a bounded frame queue, and a single pump that runs the
 * analyser over queued frames round-robin (models are single instances).
 */
import type { AudioTrack } from '../audio/types';
import type { AudioChunkMessage, AudioStateMessage } from '../messaging/audio-protocol';
import type { AckMessage, FrameMessage } from '../messaging/frame-protocol';
import type { StopReason } from '../messaging/content-protocol';
import type { HostState, VideoReport } from '../messaging/types';
import type { Provenance } from '../provenance/types';
import type { AnalyserFactory, VideoAnalyser } from './analyser';
import type { VideoAudioAnalyser } from './audio-analyser';
import { FrameQueue } from './frame-queue';
import { VideoFrameHashing, type KnownHashSource } from './frame-hashing';
import { SampleWindow } from './stats';

export interface HostCallbacks {
  report(tabId: number, report: VideoReport): void;
  lifecycle(state: HostState, detail: { error?: string; progress?: number }): void;
}

export interface HostOptions {
  /** Frames waiting per video before the oldest is dropped. */
  queueCapacity: number;
  /** Least time between two reports of one video unless its state changes, ms. */
  reportEveryMs: number;
  /** Sessions kept per tab; the least recently fed is evicted beyond this. */
  maxSessionsPerTab: number;
  now: () => number;
  /** Imported hash lists to match sampled frames against (issue 9); none when absent. */
  knownHashes?: KnownHashSource;
  /** Per-video audio analysis; without it the lip-sync cues abstain. */
  createAudio?: () => VideoAudioAnalyser;
  /** Resolves once tasks queued before it ran (between two analysed frames). */
  yieldToTasks: () => Promise<void>;
  /**
   * Frames handed to analysers and not yet done, at most: 2 lets the landmark worker find the
   * next frame's faces while this thread processes the current one (issue #16).
   */
  inFlight: number;
}

const DEFAULT_OPTIONS: HostOptions = {
  queueCapacity: 4,
  reportEveryMs: 500,
  maxSessionsPerTab: 16,
  now: () => Date.now(),
  yieldToTasks,
  inFlight: 2,
};

/**
 * A task at the end of the queue (a MessageChannel message: timers are throttled in a hidden
 * document, and scheduler.yield() would run before the waiting messages).
 */
export function yieldToTasks(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** How far back in media time a frame must be to count as a replay after the video ended, s. */
const REPLAY_SLACK_S = 0.5;
/** Videos whose end arrived before their start, remembered at most (oldest forgotten first). */
const MAX_ENDED_EARLY = 64;
/** Removed videos remembered at most, so that their late messages are dropped (oldest first). */
const MAX_GONE = 256;

interface Session {
  key: string;
  tabId: number;
  videoId: string;
  analyser: VideoAnalyser | null;
  audio: VideoAudioAnalyser | null;
  queue: FrameQueue<FrameMessage>;
  sampled: number;
  /** Highest frame sequence number received (-1: none yet). */
  lastSeq: number;
  /** Frames ignored: a sequence number not above one already received (duplicated or late). */
  ignored: number;
  analysed: number;
  /** Frames handed to the analyser and not yet done. */
  inFlight: number;
  mediaTimeS: number | undefined;
  /** Latest media time among the frames received (not yet analysed), s. */
  receivedTimeS: number;
  transport: FrameMessage['transport'];
  /** The video ended: once the queue drains, the analyser must conclude. */
  ended: boolean;
  capture: SampleWindow;
  post: SampleWindow;
  /** Reading + posting of one frame, as the page measured it. */
  page: SampleWindow;
  rtt: SampleWindow;
  /** Frames that came as planes (drawn here, not on the page). */
  planar: number;
  /** Of those, frames the page's worker read (off the page's main thread). */
  offPage: number;
  analyse: SampleWindow;
  lastEmitAt: number;
  lastEmittedState: string;
  /** A throttled update waiting to be sent (so the last frames are always reported). */
  trailing: ReturnType<typeof setTimeout> | null;
  lastFedAt: number;
  hashing: VideoFrameHashing;
  /** Judging window asked for this video (deep check), s; the analyser's default otherwise. */
  windowS?: number;
  /** Content Credentials of the page's media, once read (issue #18). */
  provenance?: Provenance;
}

export class AnalysisHost {
  private hostState: HostState = 'loading';
  private hostError: string | undefined;
  /** Model loading progress, 0..1. */
  private loadProgress = 0;
  private readonly sessions = new Map<string, Session>();
  /** Keys of videos that ended before the host knew them (see stopVideo). */
  private readonly endedEarly = new Set<string>();
  /**
   * Keys of videos removed, navigated away from or in a closed tab. Their frames and audio still
   * on their way must not bring them back: such a session was never stopped again and held
   * its analyser until the tab closed (the soak, issue #17, showed 5 sessions for 3 videos).
   */
  private readonly gone = new Set<string>();
  private readonly options: HostOptions;
  private pumping = false;
  /** Frames in analysers now, over every video. */
  private inFlight = 0;
  /** Wakes the pump when a frame in flight is done. */
  private slotFreed: (() => void) | null = null;
  /** Key of the session served last, for round-robin. */
  private lastServed = '';

  constructor(
    private readonly factory: AnalyserFactory,
    private readonly callbacks: HostCallbacks,
    options: Partial<HostOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  get state(): { host: HostState; error?: string } {
    return this.hostError === undefined
      ? { host: this.hostState }
      : { host: this.hostState, error: this.hostError };
  }

  /** Loads the analyser's models once. Never rejects: failure becomes the 'error' state. */
  async init(): Promise<void> {
    this.callbacks.lifecycle('loading', { progress: 0 });
    try {
      await this.factory.init((progress) => {
        this.loadProgress = progress;
        this.callbacks.lifecycle('loading', { progress });
        for (const session of this.sessions.values()) this.emit(session, false);
      });
      this.hostState = 'ready';
      this.callbacks.lifecycle('ready', {});
      for (const session of this.sessions.values()) session.analyser = this.createAnalyser(session);
      void this.pump();
    } catch (error) {
      this.hostState = 'error';
      this.hostError = `Models failed to load: ${error instanceof Error ? error.message : String(error)}`;
      this.callbacks.lifecycle('error', { error: this.hostError });
      for (const session of this.sessions.values()) this.emit(session, true);
    }
  }

  /** Registers a video (idempotent) and reports its first state. */
  startVideo(tabId: number, videoId: string): { host: HostState; error?: string } {
    this.gone.delete(keyOf(tabId, videoId));
    const session = this.session(tabId, videoId);
    if (this.endedEarly.delete(session.key)) session.ended = true;
    this.options.knownHashes?.ensure();
    this.emit(session, true);
    return this.state;
  }

  /** A video stopped being sampled; removed or navigated-away videos are forgotten. */
  stopVideo(tabId: number, videoId: string, reason: StopReason): void {
    const session = this.sessions.get(keyOf(tabId, videoId));
    if (!session) {
      // Its start may still be on its way (control messages travel different paths): remember
      // the end, so that the video's first report can already be final. Bounded: ids are untrusted.
      if (reason === 'ended') remember(this.endedEarly, keyOf(tabId, videoId), MAX_ENDED_EARLY);
      if (reason === 'removed' || reason === 'navigated') {
        remember(this.gone, keyOf(tabId, videoId), MAX_GONE);
      }
      return;
    }
    if (reason === 'removed' || reason === 'navigated') this.forget(session);
    else {
      session.ended = reason === 'ended';
      if (session.ended && session.audio) {
        // The verdict is final only once the last audio is analysed too.
        void session.audio.whenIdle().then(() => {
          if (this.sessions.get(session.key) === session) this.emit(session, true);
        });
      }
      this.emit(session, true);
    }
  }

  /** Judges a video over a longer (or shorter) window from now on (deep check). */
  setWindow(tabId: number, videoId: string, seconds: number): void {
    const session = this.live(tabId, videoId);
    if (!session) return;
    session.windowS = seconds;
    session.analyser?.setWindow?.(seconds);
    session.audio?.setWindow(seconds);
  }

  /** Forgets every video of a tab. */
  closeTab(tabId: number): void {
    for (const session of [...this.sessions.values()]) {
      if (session.tabId === tabId) this.forget(session);
    }
  }

  /** Re-sends every video's report now (the hash lists changed). */
  refreshReports(): void {
    for (const session of this.sessions.values()) this.emit(session, true);
  }

  /** Number of live sessions (for tests and the bench). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Accepts a validated frame from `tabId` and answers with an ack. */
  onFrame(tabId: number, frame: FrameMessage, reply: (ack: AckMessage) => void): void {
    const session = this.live(tabId, frame.videoId);
    if (!session) return; // its page is gone: nobody waits for the ack
    session.lastFedAt = this.options.now();
    if (frame.seq <= session.lastSeq) {
      // Duplicated, or overtaken by a later frame (the transport switched paths): analysing it
      // would put a frame twice, or out of time order, into the tracks. Acked, not analysed.
      session.ignored++;
      reply(this.ack(tabId, frame, session));
      return;
    }
    session.lastSeq = frame.seq;
    session.sampled = Math.max(session.sampled, frame.seq + 1);
    session.capture.add(frame.captureMs);
    if (frame.postMs !== undefined) session.post.add(frame.postMs);
    if (frame.pageMs !== undefined) session.page.add(frame.pageMs);
    if (frame.planar) session.planar++;
    if (frame.planar && frame.offPage) session.offPage++;
    session.transport = frame.transport;
    // A frame sampled just before the end can arrive after the 'ended' stop (frames and control
    // messages travel different paths): only a frame from earlier in the video (a replay) means
    // the video plays again.
    if (frame.mediaTimeS < session.receivedTimeS - REPLAY_SLACK_S) session.ended = false;
    session.receivedTimeS = Math.max(session.receivedTimeS, frame.mediaTimeS);
    if (frame.rttMs !== undefined) session.rtt.add(frame.rttMs);
    try {
      session.hashing.offer(frame);
    } catch (error) {
      console.error('[telltale] hashing failed on a frame', error);
    }
    if (this.hostState === 'error') {
      this.emit(session, false);
    } else {
      session.queue.push(frame);
      void this.pump();
    }
    reply(this.ack(tabId, frame, session));
  }

  private ack(tabId: number, frame: FrameMessage, session: Session): AckMessage {
    const ack: AckMessage = {
      kind: 'ack',
      tabId,
      videoId: frame.videoId,
      seq: frame.seq,
      captureTs: frame.captureTs,
      queueDepth: session.queue.size,
      dropped: session.queue.dropped,
    };
    const face = session.analyser?.faceBox?.();
    if (face) ack.face = face;
    return ack;
  }

  /** Accepts a validated audio chunk from `tabId` (no ack: audio is not rate-controlled). */
  onAudio(tabId: number, chunk: AudioChunkMessage): void {
    const session = this.live(tabId, chunk.videoId);
    if (!session) return;
    session.lastFedAt = this.options.now();
    session.audio?.addChunk(chunk);
  }

  /** A video's sound now comes from its tab's audio (the deep-check fallback). */
  setAudioSource(tabId: number, videoId: string, source: 'element' | 'tab'): void {
    this.live(tabId, videoId)?.audio?.setSource(source);
  }

  /** The audio track analysed so far for a video, or null (diagnostics and tests). */
  audioTrack(tabId: number, videoId: string): AudioTrack | null {
    return this.sessions.get(keyOf(tabId, videoId))?.audio?.snapshot() ?? null;
  }

  /**
   * The Content Credentials of a video's bytes (or why they could not be had): reported
   * beside the risk, never inside it.
   */
  setProvenance(tabId: number, videoId: string, provenance: Provenance): void {
    const session = this.sessions.get(keyOf(tabId, videoId));
    if (!session) return;
    session.provenance = provenance;
    this.emit(session, true);
  }

  /** The page says a video's sound cannot be analysed. */
  onAudioState(tabId: number, message: AudioStateMessage): void {
    this.live(tabId, message.videoId)?.audio?.setState(message);
  }

  private createAnalyser(session: Session): VideoAnalyser {
    const analyser = this.factory.create();
    if (session.windowS !== undefined) analyser.setWindow?.(session.windowS);
    const audio = session.audio;
    if (audio) analyser.attachAudio?.(() => audio.snapshot());
    return analyser;
  }

  /** The video's session (made on first use), or null when the video is gone. */
  private live(tabId: number, videoId: string): Session | null {
    return this.gone.has(keyOf(tabId, videoId)) ? null : this.session(tabId, videoId);
  }

  private session(tabId: number, videoId: string): Session {
    const key = keyOf(tabId, videoId);
    const existing = this.sessions.get(key);
    if (existing) return existing;
    this.evictIfFull(tabId);
    const session: Session = {
      key,
      tabId,
      videoId,
      analyser: null,
      audio: this.options.createAudio?.() ?? null,
      queue: new FrameQueue(this.options.queueCapacity),
      sampled: 0,
      lastSeq: -1,
      ignored: 0,
      analysed: 0,
      inFlight: 0,
      mediaTimeS: undefined,
      receivedTimeS: 0,
      transport: undefined,
      ended: false,
      capture: new SampleWindow(),
      post: new SampleWindow(),
      page: new SampleWindow(),
      rtt: new SampleWindow(),
      planar: 0,
      offPage: 0,
      analyse: new SampleWindow(),
      lastEmitAt: Number.NEGATIVE_INFINITY,
      lastEmittedState: '',
      trailing: null,
      lastFedAt: this.options.now(),
      hashing: new VideoFrameHashing(),
    };
    if (this.hostState === 'ready') session.analyser = this.createAnalyser(session);
    this.sessions.set(key, session);
    return session;
  }

  private evictIfFull(tabId: number): void {
    const ofTab = [...this.sessions.values()].filter((s) => s.tabId === tabId);
    if (ofTab.length < this.options.maxSessionsPerTab) return;
    ofTab.sort((a, b) => a.lastFedAt - b.lastFedAt);
    const oldest = ofTab[0];
    if (oldest) this.dispose(oldest);
  }

  /** Disposes of a video that is gone for good, and drops what still arrives for it. */
  private forget(session: Session): void {
    this.dispose(session);
    remember(this.gone, session.key, MAX_GONE);
  }

  private dispose(session: Session): void {
    if (session.trailing !== null) clearTimeout(session.trailing);
    session.queue.clear();
    session.analyser?.dispose();
    session.audio?.dispose();
    this.sessions.delete(session.key);
  }

  /**
   * Runs queued frames through the analysers, fairly across videos, with up to
   * `options.inFlight` frames handed over at once (an analyser processes its own frames in order).
   */
  private async pump(): Promise<void> {
    if (this.pumping || this.hostState !== 'ready') return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.inFlight >= this.options.inFlight) {
          await new Promise<void>((resolve) => (this.slotFreed = resolve));
          continue;
        }
        const session = this.nextWithWork();
        if (!session) break;
        const frame = session.queue.shift();
        if (!frame || !session.analyser) continue;
        this.inFlight++;
        session.inFlight++;
        const started = performance.now();
        void session.analyser
          .analyse(frame)
          .catch((error: unknown) => console.error('[telltale] analyser failed on a frame', error))
          .then(() => {
            this.inFlight--;
            session.inFlight--;
            session.analyse.add(performance.now() - started);
            session.analysed++;
            session.mediaTimeS = frame.mediaTimeS;
            if (this.sessions.has(session.key)) this.emit(session, false);
            const wake = this.slotFreed;
            this.slotFreed = null;
            wake?.();
          });
        // Let waiting messages in: frames (acked on arrival, so the page sees the real backlog
        // and the queue drops the oldest) and audio. Without this, an analyser that never waits
        // runs frame after frame in microtasks while new frames pile up unacked in the
        // document's task queue (transport round trip 4 s at 11 frames/s, bench probe).
        // After a microtask first: the frame that started the pump is acked before the yield.
        await Promise.resolve();
        await this.options.yieldToTasks();
      }
    } finally {
      this.pumping = false;
    }
  }

  private nextWithWork(): Session | undefined {
    const all = [...this.sessions.values()];
    const start = all.findIndex((s) => s.key === this.lastServed) + 1;
    for (let i = 0; i < all.length; i++) {
      const session = all[(start + i) % all.length];
      if (session && session.queue.size > 0) {
        this.lastServed = session.key;
        return session;
      }
    }
    return undefined;
  }

  /** Builds the video's report and sends it when its state changed or enough time passed. */
  private emit(session: Session, force: boolean): void {
    const report = this.buildReport(session);
    const now = this.options.now();
    const changed = report.state !== session.lastEmittedState;
    const wait = session.lastEmitAt + this.options.reportEveryMs - now;
    if (!force && !changed && wait > 0) {
      session.trailing ??= setTimeout(() => {
        session.trailing = null;
        if (this.sessions.has(session.key)) this.emit(session, true);
      }, wait);
      return;
    }
    if (session.trailing !== null) {
      clearTimeout(session.trailing);
      session.trailing = null;
    }
    session.lastEmitAt = now;
    session.lastEmittedState = report.state;
    this.callbacks.report(session.tabId, report);
  }

  /** `hashes` once a frame was hashed, and `match` when the video matches a list item. */
  private hashFields(session: Session): Pick<VideoReport, 'hashes' | 'match'> {
    const index = this.options.knownHashes?.current() ?? null;
    const hashes = session.hashing.summary(index?.size ?? 0);
    if (hashes.hashed === 0) return {};
    const match = session.hashing.match(index);
    return match ? { hashes, match } : { hashes };
  }

  private buildReport(session: Session): VideoReport {
    const base = {
      videoId: session.videoId,
      cues: {},
      frames: {
        sampled: session.sampled,
        analysed: session.analysed,
        dropped: session.queue.dropped,
        ...(session.ignored > 0 ? { ignored: session.ignored } : {}),
        ...(session.planar > 0 ? { planar: session.planar } : {}),
        ...(session.offPage > 0 ? { offPage: session.offPage } : {}),
      },
      timingsMs: {
        capture: session.capture.summary(),
        ...(session.post.count > 0 ? { post: session.post.summary() } : {}),
        ...(session.page.count > 0 ? { page: session.page.summary() } : {}),
        transportRtt: session.rtt.summary(),
        analyse: session.analyse.summary(),
      },
      analyser: { id: this.factory.id, placeholder: this.factory.placeholder },
      updatedAt: this.options.now(),
    };
    const withTime = {
      ...(session.mediaTimeS === undefined ? {} : { mediaTimeS: session.mediaTimeS }),
      ...(session.transport === undefined ? {} : { transport: session.transport }),
      ...this.hashFields(session),
      ...(session.provenance ? { provenance: session.provenance } : {}),
    };
    if (this.hostState === 'error') {
      return { ...base, ...withTime, state: 'error', reason: this.hostError ?? 'Host failed' };
    }
    if (this.hostState === 'loading' || !session.analyser) {
      const percent = Math.round(this.loadProgress * 100);
      return { ...base, ...withTime, state: 'analyzing', reason: `Loading models (${percent}%)` };
    }
    const final =
      session.ended && session.queue.size === 0 && session.inFlight === 0 && !session.audio?.busy;
    const outcome = session.analyser.outcome(final);
    const report: VideoReport = { ...base, ...withTime, state: outcome.state, cues: outcome.cues };
    if (final) report.final = true;
    if (outcome.face) report.face = outcome.face;
    if (session.audio) report.audio = session.audio.summary();
    if (outcome.fusion) report.fusion = outcome.fusion;
    if (outcome.features) report.features = outcome.features;
    if (outcome.keyframe !== undefined) report.keyframe = outcome.keyframe;
    if (outcome.reason !== undefined) report.reason = outcome.reason;
    if (outcome.state === 'scored') {
      if (outcome.risk !== undefined) report.risk = Math.round(outcome.risk);
      if (outcome.verdict !== undefined) report.verdict = outcome.verdict;
    }
    return report;
  }
}

/** Adds `key` to a set bounded at `max` entries (the oldest goes first). */
function remember(set: Set<string>, key: string, max: number): void {
  set.add(key);
  if (set.size > max) set.delete(set.values().next().value as string);
}

function keyOf(tabId: number, videoId: string): string {
  return `${tabId}:${videoId}`;
}
