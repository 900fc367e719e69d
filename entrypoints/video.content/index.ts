import { browser, defineContentScript } from '#imports';
import { contentChannel } from '@/lib/messaging/content-protocol';
import { parseDeepCheckRequest } from '@/lib/messaging/deep-check';
import { tabChannel } from '@/lib/messaging/tab-protocol';
import type { PageContext } from '@/lib/messaging/types';
import { connectTransport, type FrameTransport } from '@/lib/sampling/frame-transport';
import { watchVideos } from '@/lib/sampling/video-finder';
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
        connectPort: (name) => browser.runtime.connect({ name }),
      }).then((t) => {
        t.onAck((ack) => byId.get(ack.videoId)?.handleAck(ack));
        return t;
      });
      transport = next;
      return next;
    };

    const page = (): PageContext => ({ url: location.href, title: document.title.slice(0, 512) });

    // Settings apply live: every controller re-reads them when they change.
    const gate = await SettingsGate.start(
      browser.storage.local,
      browser.storage.onChanged,
      () => {
        for (const controller of controllers.values()) controller.applySettings();
        if (controllers.size > 0 && gate.decide(page().site ?? 'generic', 'none').sample) prepare();
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

    const stopWatching = watchVideos(
      document,
      {
        added(video) {
          const controller = new VideoController(ctx, video, {
            transport: getTransport,
            page,
            gate,
          });
          if (gate.decide(page().site ?? 'generic', 'none').sample) prepare();
          controllers.set(video, controller);
          byId.set(controller.videoId, controller);
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
