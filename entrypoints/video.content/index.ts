import { browser, defineContentScript } from '#imports';
import { contentChannel } from '@/lib/messaging/content-protocol';
import { parseDeepCheckRequest } from '@/lib/messaging/deep-check';
import { tabChannel } from '@/lib/messaging/tab-protocol';
import { connectTransport, type FrameTransport } from '@/lib/sampling/frame-transport';
import { watchVideos } from '@/lib/sampling/video-finder';
import { exposeLiveCounts } from '@/lib/debug/live-counts';
import { siteFor } from '@/lib/sites/registry';
import { pickDeepTarget } from './deep-check';
import { SettingsGate } from './settings-gate';
import { VideoController } from './video-controller';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  async main(ctx) {
    const controllers = new Map<HTMLVideoElement, VideoController>();
    const byId = new Map<string, VideoController>();

    let transport: Promise<FrameTransport> | null = null;
    const getTransport = (): Promise<FrameTransport> => {
      const current = transport;
      if (current) {
        return current.then((t) => {
          if (t.alive) return t;
          transport = null;
          return getTransport();
        });
      }
      const next = connectTransport({
        document,
        bridgeUrl: browser.runtime.getURL('/frame-bridge.html'),
        bridgeToken: () =>
          contentChannel.sendMessage('bg:bridgeToken', undefined).then((r) => r.token),
        connectPort: (name) => browser.runtime.connect({ name }),
      }).then((t) => {
        t.onAck((ack) => byId.get(ack.videoId)?.handleAck(ack));
        return t;
      });
      transport = next;
      return next;
    };

    // The host does not change in a single-page app; the adapter reads the rest from the DOM.
    const site = siteFor(new URL(location.href));

    // Settings apply live: every controller re-reads them when they change.
    const gate = await SettingsGate.start(
      browser.storage.local,
      browser.storage.onChanged,
      () => {
        for (const controller of controllers.values()) controller.applySettings();
        if (controllers.size > 0 && gate.decide(site.id, 'none').sample) prepare();
      },
      ctx.signal,
    );

    // Models take seconds to load: start as soon as the page has a video, not when it plays.
    let prepared = false;
    const prepare = () => {
      if (prepared) return;
      prepared = true;
      contentChannel.sendMessage('bg:prepare', undefined).catch(() => undefined);
    };

    const bind = (video: HTMLVideoElement) => {
      const controller = new VideoController(ctx, video, {
        transport: getTransport,
        site,
        gate,
        onMediaChanged: rebind,
      });
      controllers.set(video, controller);
      byId.set(controller.videoId, controller);
    };

    /** The element now plays other media (SPA navigation, swipe): a fresh analysis and badge. */
    function rebind(old: VideoController) {
      if (controllers.get(old.video) !== old) return;
      old.dispose('navigated');
      byId.delete(old.videoId);
      controllers.delete(old.video);
      if (old.video.isConnected) bind(old.video);
    }

    // SPA navigation may change what a paused element shows before it plays again.
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      for (const controller of [...controllers.values()]) {
        if (controller.mediaChanged) rebind(controller);
      }
    });

    // For the soak bench (scripts/bench-soak.mjs), in this isolated world only (the page's own
    // scripts cannot see it): audio contexts open and videos watched in this frame.
    exposeLiveCounts(() => ({ controllers: controllers.size }));

    const stopWatching = watchVideos(
      document,
      {
        added(video) {
          if (gate.decide(site.id, 'none').sample) prepare();
          bind(video);
        },
        removed(video) {
          const controller = controllers.get(video);
          if (!controller) return;
          controller.dispose('removed');
          controllers.delete(video);
          byId.delete(controller.videoId);
        },
      },
      { signal: ctx.signal },
    );

    // Busy pages get a lower sampling rate.
    if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
      const longTasks = new PerformanceObserver((list) => {
        const busy = list.getEntries().reduce((sum, entry) => sum + entry.duration, 0);
        for (const controller of controllers.values())
          controller.sampler.scheduler.recordBusy(busy);
      });
      longTasks.observe({ type: 'longtask' });
      ctx.onInvalidated(() => longTasks.disconnect());
    }

    const removeReportListener = tabChannel.onMessage('tab:report', ({ data }) => {
      byId.get(data.report.videoId)?.applyReport(data.report);
    });

    const removeDeepListener = tabChannel.onMessage('tab:deepCheck', ({ data }) => {
      const request = parseDeepCheckRequest(data);
      const target = pickDeepTarget([...controllers.values()], request);
      if (!target) return { started: false, reason: 'No video found on this page' };
      prepare();
      return target.deepCheck();
    });

    ctx.onInvalidated(() => {
      stopWatching();
      removeReportListener();
      removeDeepListener();
      for (const controller of controllers.values()) controller.dispose('navigated');
      void transport?.then((t) => t.close());
    });
  },
});
