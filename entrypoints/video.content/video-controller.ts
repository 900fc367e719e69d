import type { ContentScriptContext } from '#imports';
import type { BadgeView } from '@/components/Badge';
import { contentChannel, type StopReason } from '@/lib/messaging/content-protocol';
import type { AckMessage, FrameMessage } from '@/lib/messaging/frame-protocol';
import type { PlanarFrameMessage } from '@/lib/messaging/frame-planes';
import type { DeepCheckResult } from '@/lib/messaging/deep-check';
import type { PageContext, VideoReport } from '@/lib/messaging/types';
import type { AudioStateMessage } from '@/lib/messaging/audio-protocol';
import type { AudioSideMessage, FrameTransport } from '@/lib/sampling/frame-transport';
import { AudioCapture } from '@/lib/sampling/audio-capture';
import { AudioStateOutbox } from '@/lib/sampling/audio-state-outbox';
import { HostWatchdog } from '@/lib/sampling/host-watchdog';
import { PlaybackReporter } from '@/lib/sampling/playback-reporter';
import type { UnreadFrameMessage } from '@/lib/sampling/unread-frame';
import { VideoSampler } from '@/lib/sampling/video-sampler';
import type { SiteAdapter, VideoRole } from '@/lib/sites/types';
import { mountBadge, type BadgeHandle } from './badge-ui';
import { DEEP_FPS, DEEP_FRAME_BUDGET_MS, DeepRun } from './deep-check';
import type { DeepStatus, SettingsGate } from './settings-gate';
import type { ProvenanceMessage } from '@/lib/messaging/provenance-protocol';
import { pageMediaBytes } from '@/lib/sampling/media-bytes';
import { provenanceView } from './provenance-view';

export interface ControllerDeps {
  transport(): Promise<FrameTransport>;
  /** The adapter of the page's site. */
  site: SiteAdapter;
  /** The user's settings (site on/off, mode, show scores). */
  gate: SettingsGate;
  /** The media playing in this element changed (SPA navigation, swipe): rebind it. */
  onMediaChanged(controller: VideoController): void;
}

/** The cues that pushed the score up most (positive contributions), with their evidence. */
function evidenceOf(report: VideoReport): NonNullable<BadgeView['evidence']> {
  const drivers = report.fusion?.drivers.filter((d) => d.contribution > 0).slice(0, 3) ?? [];
  return drivers.flatMap((d) => {
    const items = report.cues[d.cue]?.evidence ?? [];
    const first = items[0];
    if (!first) return [];
    const image = items.find((e) => e.image !== undefined)?.image;
    return [
      {
        cue: d.cue,
        text: first.text,
        ...(first.times ? { times: first.times } : {}),
        ...(image ? { image } : {}),
      },
    ];
  });
}

/** Short random id for a video element (URL-safe, as validators expect). */
function newVideoId(): string {
  return `v${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/** How often the site's role and media id of a playing video are re-read, ms. */
const RECHECK_MS = 500;
/** How often unanswered frames are checked for (lib/sampling/host-watchdog.ts), ms. */
const WATCH_MS = 1000;
/** The badge's reason when the analysis host is gone for good. */
const HOST_LOST =
  'The analysis stopped answering and could not be restarted. Reload the page to try again.';

/**
 * Wires one <video>: sampler -> transport, background notifications, and its badge.
 * The badge is mounted the first time the video plays as the site's main video; frames are
 * skipped while the site says the element plays something else (an ad, a hover preview).
 */
export class VideoController {
  readonly videoId = newVideoId();
  readonly sampler: VideoSampler;
  /** The video's sound, captured without touching playback (lib/sampling/audio-capture.ts). */
  private readonly audio: AudioCapture;
  /** Playback reports for the tab-audio fallback of a deep check (lib/analysis/tab-audio.ts). */
  private readonly playback: PlaybackReporter;
  private tabAudio: 'none' | 'asked' | 'on' | 'refused' = 'none';
  /** Why the sound cannot be analysed, kept until a transport carries it to the host. */
  private readonly audioState = new AudioStateOutbox();
  private reconnecting = false;
  private badge: BadgeHandle | null = null;
  private mounting: Promise<void> | null = null;
  private view: BadgeView = { state: 'idle', sampling: false, placeholder: false };
  private transport: FrameTransport | null = null;
  private started = false;
  /** The start in flight (transport, bg:videoStart), or null. */
  private starting: Promise<void> | null = null;
  private provenanceSent = false;
  private disposed = false;
  private badgeWanted = true;
  private deep: DeepRun | null = null;
  private deepStatus: DeepStatus = 'none';
  /** Media identity bound at start; a different one later means the element was reused. */
  private bound: string | null = null;
  private role: VideoRole = 'main';
  private checkedAt = -Infinity;
  /** Frames that go unanswered: the host is asked for again, then given up on. */
  private readonly watchdog = new HostWatchdog();

  constructor(
    private readonly ctx: ContentScriptContext,
    readonly video: HTMLVideoElement,
    private readonly deps: ControllerDeps,
  ) {
    this.audio = new AudioCapture(video, this.videoId, {
      sink: (chunk) => this.sendAudio(chunk),
      onState: () => this.onElementAudioFailed(),
    });
    this.playback = new PlaybackReporter(video, this.videoId, (message) => this.sendAudio(message));
    this.sampler = new VideoSampler(video, this.videoId, {
      sink: (frame) => this.send(frame),
      planes: () => this.transport?.kind === 'bridge',
      offPage: () => this.transport?.offPage === true,
      gate: () => this.recheck(),
      onActiveChange: (active, reason) => {
        this.setView({ ...this.view, sampling: active });
        this.currentRole();
        this.syncAudio(active);
        if (active) {
          if (this.currentRole() === 'main') void this.start();
        } else if (reason !== 'playing') {
          // A deep check that sampled enough ends like a video: the host concludes.
          this.stop(this.deepStatus === 'finishing' ? 'ended' : reason);
        }
        if (!active && reason === 'ended' && this.deepStatus === 'running') {
          this.deepStatus = 'finishing';
        }
      },
      onUnreadable: (_reason, detail) => {
        this.setView({
          ...this.identityView(),
          state: 'unsupported',
          reason: detail,
          sampling: false,
          placeholder: false,
        });
        contentChannel
          .sendMessage('bg:videoUnsupported', {
            videoId: this.videoId,
            reason: detail,
            page: this.page(),
          })
          .catch(() => undefined);
      },
    });
    this.applySettings();
    ctx.setInterval(() => this.watch(), WATCH_MS);
  }

  /** Applies the current settings: sampling on/off, badge shown/removed, quiet badge. */
  applySettings(): void {
    if (this.disposed) return;
    const decision = this.deps.gate.decide(this.site(), this.deepStatus);
    if (!decision.badge) this.removeBadge();
    else {
      this.badgeWanted = true;
      if (this.view.state !== 'idle' || this.deepStatus !== 'none') void this.ensureBadge();
    }
    this.sampler.setBlocked(!decision.sample);
    this.syncAudio();
    this.syncRate();
    this.render();
  }

  /**
   * Lips need dense sampling to be compared with the sound: while the lip-sync cues run (a deep
   * check, or lip sync on every video) frames are sampled at the deep rate.
   */
  private syncRate(): void {
    const lips = this.deps.gate.settings.lipSyncAlways || this.deepStatus === 'running';
    const scheduler = this.sampler.scheduler;
    if (lips === scheduler.dense) return;
    scheduler.setDense(lips ? { targetFps: DEEP_FPS, frameBudgetMs: DEEP_FRAME_BUDGET_MS } : null);
  }

  /** Starts a deep check (context menu or popup): faster sampling over a longer stretch. */
  deepCheck(): DeepCheckResult {
    if (this.view.state === 'unsupported') {
      return { started: false, videoId: this.videoId, reason: this.view.reason ?? 'unsupported' };
    }
    if (!this.deps.gate.settings.sites[this.site()]) {
      return { started: false, videoId: this.videoId, reason: 'Telltale is off for this site' };
    }
    this.deep = new DeepRun();
    this.deepStatus = 'running';
    this.applySettings();
    if (this.audio.failure) this.onElementAudioFailed();
    if (this.video.paused || this.video.ended) void this.video.play().catch(() => undefined);
    return { started: true, videoId: this.videoId };
  }

  private site() {
    return this.deps.site.id;
  }

  private deepView(): BadgeView['deep'] {
    if (this.deepStatus === 'none') return undefined;
    return { progress: this.deep?.progress ?? 0, done: this.deepStatus === 'done' };
  }

  /** Frames of a running deep check: progress on the badge, and its end once enough is seen. */
  private deepFrame(mediaTimeS: number): boolean {
    const run = this.deep;
    if (!run || this.deepStatus !== 'running') return true;
    const before = Math.round(run.progress * 100);
    const keep = run.onFrame(mediaTimeS, this.video.duration);
    if (run.complete) {
      this.deepStatus = 'finishing';
      this.applySettings(); // blocks sampling, which sends the 'ended' stop
    } else if (Math.round(run.progress * 100) !== before) this.render();
    return keep;
  }

  /** What the site's page says about this video now. */
  page(): PageContext {
    const site = this.deps.site;
    const context = site.context(this.video, new URL(location.href));
    const page: PageContext = {
      url: location.href,
      title: (context.title ?? document.title).slice(0, 512),
      site: site.id,
    };
    if (context.mediaId !== undefined) page.mediaId = context.mediaId;
    if (context.author !== undefined) page.author = context.author;
    if (context.postUrl !== undefined) page.postUrl = context.postUrl;
    return page;
  }

  /** Media id, or the source URL where the site gives none. */
  identity(): string {
    return (
      this.deps.site.context(this.video, new URL(location.href)).mediaId ??
      `src:${this.video.currentSrc}`
    );
  }

  /** True when the element now plays other media than the analysis started on. */
  get mediaChanged(): boolean {
    return this.started && this.bound !== null && this.identity() !== this.bound;
  }

  handleAck(ack: AckMessage): void {
    this.watchdog.acked();
    // After an ask the answering host may be a new one, which has not heard the audio state.
    this.audioState.offer(this.usableTransport());
    this.sampler.handleAck(ack);
  }

  /**
   * Frames unanswered for seconds mean the host is gone (its offscreen document closed or
   * crashed): the background re-creates it and restarts this video there. If asking does not
   * help, the badge says so instead of analysing for ever; a later report replaces that.
   */
  private watch(): void {
    if (!this.started || this.disposed) return;
    const action = this.watchdog.check(performance.now());
    if (action === 'ask') {
      this.audioState.hostReplaced();
      contentChannel.sendMessage('bg:hostCheck', { videoId: this.videoId }).catch(() => undefined);
    } else if (action === 'lost') {
      this.setView({ ...this.view, state: 'error', reason: HOST_LOST });
    }
  }

  /** A report for this video arrived from the background. */
  applyReport(report: VideoReport): void {
    if (this.view.state === 'unsupported') return;
    const view: BadgeView = {
      ...this.identityView(),
      state: report.state,
      sampling: this.sampler.isActive,
      frames: report.frames,
      placeholder: report.analyser.placeholder,
    };
    if (report.reason !== undefined) view.reason = report.reason;
    const checked = Object.entries(report.cues)
      .filter(([, cue]) => cue.status === 'ok')
      .map(([name]) => name);
    if (checked.length > 0) view.checked = checked;
    const evidence = evidenceOf(report);
    if (evidence.length > 0) view.evidence = evidence;
    if (report.risk !== undefined) view.risk = report.risk;
    if (report.verdict !== undefined) view.verdict = report.verdict;
    if (report.final && this.deepStatus === 'finishing') {
      this.deepStatus = 'done';
      this.playback.stop();
    }
    if (report.match) view.match = { label: report.match.label, listName: report.match.listName };
    if (report.provenance) view.provenance = provenanceView(report.provenance);
    this.setView(view);
  }

  dispose(reason: StopReason): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sampler.dispose(reason);
    this.audio.dispose();
    this.playback.stop();
    this.stop(reason);
    this.removeBadge();
  }

  /**
   * Audio is captured while the main video is sampled and lip sync is wanted: always when the
   * user turned it on, else only during a deep check (it costs about as much as the face work).
   */
  private syncAudio(active = this.sampler.isActive): void {
    const wanted =
      this.deps.gate.settings.lipSyncAlways ||
      this.deepStatus === 'running' ||
      this.deepStatus === 'finishing';
    this.audio.setActive(active && this.role === 'main' && wanted);
  }

  /**
   * The element's own sound cannot be read. During a deep check the tab's audio stands in
   * (asked once; the background grants it only after the user invoked Telltale on the tab);
   * otherwise, or when that is refused, the host is told why the audio cues abstain.
   */
  private onElementAudioFailed(): void {
    const failure = this.audio.failure;
    if (!failure) return;
    const tell = (reason: string) => {
      const message: AudioStateMessage = {
        kind: 'audio-state',
        videoId: this.videoId,
        state: failure.state,
        reason,
      };
      // Held when it cannot go now: the start in flight, or a fresh transport, offers it.
      this.audioState.tell(message, this.usableTransport());
      if (this.started && this.transport && !this.transport.alive) this.reconnect();
    };
    if (this.deepStatus !== 'running' || this.tabAudio !== 'none') {
      if (this.tabAudio !== 'on' && this.tabAudio !== 'asked') tell(failure.reason);
      return;
    }
    this.tabAudio = 'asked';
    // Reports start now: the capture starts before the answer comes back.
    this.playback.start();
    contentChannel
      .sendMessage('bg:tabAudio', { videoId: this.videoId })
      .then((result) => {
        if (this.disposed) return;
        if (result.ok) this.tabAudio = 'on';
        else {
          this.tabAudio = 'refused';
          this.playback.stop();
          tell(`${failure.reason}; ${result.reason ?? 'tab audio refused'}`);
        }
      })
      .catch((error: unknown) => {
        this.tabAudio = 'refused';
        this.playback.stop();
        tell(`${failure.reason}; tab audio failed (${String(error)})`);
      });
  }

  /** The badge fields that name the media (kept across reports). */
  private identityView(): Pick<BadgeView, 'site' | 'mediaId'> {
    const out: Pick<BadgeView, 'site' | 'mediaId'> = {};
    if (this.view.site !== undefined) out.site = this.view.site;
    if (this.view.mediaId !== undefined) out.mediaId = this.view.mediaId;
    return out;
  }

  private currentRole(): VideoRole {
    const before = this.role;
    this.role = this.deps.site.role(this.video, new URL(location.href));
    this.badge?.suppress(this.role !== 'main');
    // An ad's sound must not feed the lip-sync cues either.
    if (this.role !== before) this.syncAudio();
    return this.role;
  }

  /** Sampler gate: re-reads the site's role and media identity at most every RECHECK_MS. */
  private recheck(): boolean {
    const now = performance.now();
    if (now - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = now;
      if (this.currentRole() === 'main' && this.mediaChanged) {
        this.deps.onMediaChanged(this);
        return false;
      }
    }
    if (this.role !== 'main') return false;
    if (!this.started) {
      void this.start();
      return false;
    }
    return true;
  }

  private setView(view: BadgeView): void {
    this.view = view;
    this.render();
  }

  /** The badge shows the view plus what the settings and a deep check add. */
  private render(): void {
    const shown: BadgeView = { ...this.view, quiet: this.deps.gate.settings.showScores !== 'all' };
    const deep = this.deepView();
    if (deep) shown.deep = deep;
    this.badge?.update(shown);
  }

  private removeBadge(): void {
    this.badgeWanted = false;
    this.badge?.remove();
    this.badge = null;
    this.mounting = null;
  }

  private start(): Promise<void> {
    if (this.started || this.disposed) return Promise.resolve();
    this.started = true;
    const starting = this.begin().finally(() => {
      if (this.starting === starting) this.starting = null;
    });
    this.starting = starting;
    return starting;
  }

  private async begin(): Promise<void> {
    const page = this.page();
    this.bound = page.mediaId ?? `src:${this.video.currentSrc}`;
    this.view = { ...this.view, site: page.site ?? 'generic' };
    if (page.mediaId !== undefined) this.view.mediaId = page.mediaId;
    await this.ensureBadge();
    if (this.disposed) return;
    try {
      this.transport = await this.deps.transport();
      this.audioState.offer(this.transport);
      const result = await contentChannel.sendMessage('bg:videoStart', {
        videoId: this.videoId,
        page,
        width: this.video.videoWidth,
        height: this.video.videoHeight,
      });
      if (result.host === 'error') {
        this.setView({ ...this.view, state: 'error', reason: result.error ?? 'Host failed' });
      } else if (this.view.state === 'idle') {
        this.setView({ ...this.view, state: 'analyzing' });
      }
      if (result.host !== 'error') void this.sendProvenance();
    } catch (error) {
      this.started = false;
      this.setView({
        ...this.view,
        state: 'error',
        reason: `Could not reach the analysis host: ${String(error)}`,
      });
    }
  }

  /** The media's bytes for its Content Credentials, once per analysis (issue #18). */
  private async sendProvenance(): Promise<void> {
    if (this.provenanceSent) return;
    this.provenanceSent = true;
    const found = await pageMediaBytes(this.video.currentSrc, location.origin);
    const message: ProvenanceMessage = { kind: 'provenance', videoId: this.videoId, ...found };
    this.transport?.sendProvenance?.(message);
  }

  private stop(reason: StopReason): void {
    if (!this.started) return;
    if (reason === 'removed' || reason === 'navigated') this.started = false;
    const send = () =>
      contentChannel
        .sendMessage('bg:videoStop', { videoId: this.videoId, reason })
        .catch(() => undefined);
    // A short clip can end while its start is still on its way (the transport takes seconds on
    // a loaded machine): the host would drop a stop for a video it does not know yet, and the
    // video would never get its final report. The stop follows the start.
    if (this.starting) void this.starting.then(send);
    else void send();
  }

  private send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): boolean {
    const transport = this.transport;
    if (!transport || !this.started) {
      // A reconnect that failed: ask again (the start in flight brings its own transport).
      if (this.started && !this.starting) this.reconnect();
      return false;
    }
    if (!this.deepFrame(frame.mediaTimeS)) return false;
    if (!transport.alive) {
      this.reconnect();
      return false;
    }
    transport.send(frame);
    this.watchdog.sent(performance.now());
    return true;
  }

  private sendAudio(message: AudioSideMessage): boolean {
    const transport = this.usableTransport();
    if (!transport) return false;
    transport.sendAudio(message);
    return true;
  }

  /** The transport when this video is started and it can carry messages, else null. */
  private usableTransport(): FrameTransport | null {
    const transport = this.transport;
    return transport && this.started && transport.alive ? transport : null;
  }

  /**
   * The page removed the bridge (or the Port disconnected): get a fresh transport for the next
   * frames, and give it the audio state the old one may not have carried.
   */
  private reconnect(): void {
    if (this.reconnecting) return;
    this.reconnecting = true;
    this.transport = null;
    this.deps
      .transport()
      .then((next) => {
        this.transport = next;
        this.audioState.offer(this.usableTransport());
      })
      .catch(() => undefined) // the next sampled frame asks again
      .finally(() => (this.reconnecting = false));
  }

  private ensureBadge(): Promise<void> {
    if (!this.badgeWanted || this.disposed) return Promise.resolve();
    if (this.mounting) return this.mounting;
    const mounting: Promise<void> = mountBadge(this.ctx, this.video, this.videoId, this.view, () =>
      this.deps.site.anchor(this.video),
    ).then((badge) => {
      // Removed (settings) or disposed while mounting: drop this one.
      if (this.disposed || this.mounting !== mounting) badge.remove();
      else {
        this.badge = badge;
        badge.suppress(this.role !== 'main');
        this.render();
      }
    });
    this.mounting = mounting;
    return mounting;
  }
}
