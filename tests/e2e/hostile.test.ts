/**
 * Hostile pages (issue #17) in real Chromium: a page script that finds the frame bridge (or
 * opens its own copy of it, since it is web-accessible) and posts forged frames for its own
 * video, floods it with oversized and malformed messages, and tries other tabs' videos. Nothing
 * may reach the analysis, the host must survive, and the page's own video is still analysed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA } from './helpers';
import { loopingVideoPage, playVideoPage, reportsByTab, waitForReport } from './reports';

const VIDEO = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

describe.skipIf(!HAS_SHARED)('hostile page: forged frames through the bridge', () => {
  let session: Awaited<ReturnType<typeof launchBrowser>>;
  let site: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    site = await serve({
      folders: { '/media/': MEDIA },
      pages: {
        '/v.html': loopingVideoPage(`/media/${VIDEO}`),
      },
    });
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const playing = () => playVideoPage(session, `${site.origin}/v.html`);

  it('refuses bridge connections from page scripts; the page video is still analysed', async () => {
    const victim = await playing();
    const attacker = await playing();
    try {
      await waitForReport(
        session,
        attacker.videoId,
        'frames analysed',
        (r) => r.frames.analysed > 2,
      );
      // The page script: the bridge's URL from the content script's iframe, then its own copies
      // of the bridge (and the content script's one) offered a port, and a flood of forged
      // frames (absurd sequence numbers, oversized and malformed buffers) on whatever answers.
      const outcome = await attacker.page.evaluate(
        async (ids: string[]) => {
          const existing = [...document.querySelectorAll('iframe')].find((f) =>
            f.src.includes('/frame-bridge.html'),
          );
          if (!existing) return { found: false, ready: 0, sent: 0 };
          const own = document.createElement('iframe');
          own.src = existing.src;
          document.body.append(own);
          await new Promise((resolve) => own.addEventListener('load', resolve, { once: true }));
          let ready = 0;
          let sent = 0;
          const ports: MessagePort[] = [];
          for (const frame of [existing, own]) {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => {
              if ((event.data as { kind?: string })?.kind === 'ready') ready++;
            };
            frame.contentWindow!.postMessage({ kind: 'telltale:bridge-connect' }, '*', [
              channel.port2,
            ]);
            ports.push(channel.port1);
          }
          await new Promise((resolve) => setTimeout(resolve, 3000));
          for (const port of ports) {
            for (let i = 0; i < 200; i++) {
              const videoId = ids[i % ids.length]!;
              const width = i % 3 === 0 ? 4000 : 64;
              const height = i % 3 === 0 ? 4000 : 64;
              const pixels = new ArrayBuffer(i % 5 === 0 ? 16 : width * height * 4);
              port.postMessage(
                {
                  kind: i % 7 === 0 ? 'clock' : 'frame',
                  videoId: i % 11 === 0 ? { toString: 1 } : videoId,
                  seq: i % 2 === 0 ? 9e15 : -1,
                  mediaTimeS: 1,
                  captureTs: 1,
                  captureMs: 1,
                  width,
                  height,
                  pixels,
                },
                [pixels],
              );
              sent++;
            }
          }
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return { found: true, ready, sent };
        },
        [attacker.videoId, victim.videoId],
      );
      expect(outcome.found, 'the content script bridge iframe is in the page').toBe(true);
      expect(outcome.ready, 'bridge connections a page script got').toBe(0);
      // The attacked page's video is still analysed, and no forged sequence number moved it.
      const before = await waitForReport(session, attacker.videoId, 'a report', () => true);
      const after = await waitForReport(
        session,
        attacker.videoId,
        'analysis going on after the attack',
        (r) => r.frames.analysed > before.frames.analysed + 3,
      );
      expect(after.state).not.toBe('error');
      expect(after.frames.sampled, 'frames counted for the page video').toBeLessThan(1e6);
      expect(after.frames.ignored ?? 0, 'frames ignored as stale').toBeLessThan(3);
      // The content script itself, holding its tab's token, still uses the bridge.
      const bridged = await waitForReport(
        session,
        attacker.videoId,
        'frames over the bridge',
        (r) => r.transport === 'bridge',
      );
      expect(bridged.transport).toBe('bridge');
      // The other tab's video (now in a background tab, so not sampled) got none of them.
      const other = await waitForReport(session, victim.videoId, 'a report', () => true);
      expect(other.frames.sampled, 'frames counted for the other tab').toBeLessThan(1e6);
      expect(other.state).not.toBe('error');
      // No forged video id appeared in any tab.
      const all = await reportsByTab(session);
      const ids = Object.values(all).flatMap((videos) => Object.keys(videos));
      expect(ids.filter((id) => id !== attacker.videoId && id !== victim.videoId)).toEqual([]);
    } finally {
      await victim.page.close();
      await attacker.page.close();
    }
  }, 300_000);
});
