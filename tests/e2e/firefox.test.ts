/**
 * Firefox end to end: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, the
 * built Firefox add-on (.output/firefox-mv2) installed temporarily, a fixture face video playing
 * on a 127.0.0.1 page. The badge must reach a verdict through the Firefox path (frame bridge ->
 * analysis host in an iframe of the background page), and nothing may leave 127.0.0.1 but
 * Firefox's own service traffic.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxPath, launchFirefox, startXvfb, xvfbPath } from '../../scripts/lib/firefox.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { HAS_SHARED, MEDIA, startNetworkTrap, waitForBadges } from './helpers';

const VIDEO = 'real__hdtf__RD_Radio2_000_yuv420p.mp4';

/** Why the test cannot run here, or null. */
const missing = !firefoxPath()
  ? 'firefox-esr is not installed (apt-get install -y firefox-esr)'
  : !xvfbPath()
    ? 'Xvfb is not installed (apt-get install -y xvfb): headless Firefox has no WebGL, which face landmarking needs'
    : !HAS_SHARED
      ? `${MEDIA} is absent`
      : null;
if (missing) console.warn(`[e2e] firefox tests skipped: ${missing}`);

/**
 * Hosts of Firefox's own services. Puppeteer points several at dummy.test; the rest are
 * Mozilla's. The extension never talks to these: a request to any other host fails the test.
 */
const BROWSER_SERVICE =
  /(^|\.)(dummy\.test|mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net)$/;

/** The host a proxied request line names ("GET http://h/p HTTP/1.1", "CONNECT h:443 HTTP/1.1"). */
function requestHost(line: string): string {
  const target = line.split(' ')[1] ?? '';
  try {
    return line.startsWith('CONNECT ')
      ? new URL(`http://${target}`).hostname
      : new URL(target).hostname;
  } catch {
    return target;
  }
}

describe.skipIf(missing !== null)('firefox: page video -> background-page host -> badge', () => {
  let trap: Awaited<ReturnType<typeof startNetworkTrap>>;
  let site: Awaited<ReturnType<typeof serve>>;
  let xvfb: Awaited<ReturnType<typeof startXvfb>>;
  let session: Awaited<ReturnType<typeof launchFirefox>>;
  /** Every request the page made, as puppeteer sees it over BiDi. */
  const pageRequests: string[] = [];

  beforeAll(async () => {
    trap = await startNetworkTrap();
    site = await serve({
      folders: { '/media/': MEDIA },
      pages: {
        '/same.html': `<!doctype html><link rel="icon" href="data:,"><video id="v" src="/media/${VIDEO}" muted loop playsinline width="480"></video>`,
      },
    });
    xvfb = await startXvfb();
    session = await launchFirefox({ display: xvfb.display, proxyPort: trap.port });
  });

  afterAll(async () => {
    await session?.close();
    xvfb?.close();
    await Promise.all([site?.close(), trap?.close()]);
  });

  async function open(path: string): Promise<Page> {
    const page = await session.browser.newPage();
    page.on('request', (request: HTTPRequest) => pageRequests.push(request.url()));
    await page.setViewport({ width: 1000, height: 700 });
    await page.goto(`${site.origin}${path}`);
    return page;
  }

  it('installs the built add-on and gives a playing face video a verdict', async () => {
    expect(session.addonId).toBe('telltale@telltale.invalid');
    const page = await open('/same.html');
    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    const [first] = await waitForBadges(
      page,
      (all) => all.length === 1 && all[0]?.state !== 'idle' && all[0]?.sampling === 'on',
      30_000,
    );
    expect(first?.videoId).toMatch(/^v[0-9a-f]{20}$/);
    expect(first?.site).toBe('generic');
    const explain = async () => {
      await page.evaluate(() => {
        const root = document.querySelector('telltale-badge')?.shadowRoot;
        if (root && !root.querySelector('.tt-panel'))
          root.querySelector<HTMLElement>('.tt-pill')?.click();
      });
      const reason = await page.evaluate(
        () =>
          document.querySelector('telltale-badge')?.shadowRoot?.querySelector('.tt-reason')
            ?.textContent,
      );
      console.error(
        `[e2e] badge reason: ${reason ?? '(none)'}\n[e2e] Firefox console (extension lines):\n` +
          session.console.join('\n'),
      );
    };
    let final;
    try {
      // Models load (about 10 s on a loaded 2-core machine), then 2 s and 12 frames of face.
      [final] = await waitForBadges(
        page,
        (all) => ['scored', 'error', 'unsupported'].includes(all[0]?.state ?? ''),
        90_000,
      );
    } catch (error) {
      await explain();
      throw error;
    }
    if (final?.state !== 'scored') await explain();
    expect(final?.state).toBe('scored');
    expect(Number(final?.risk)).toBeGreaterThanOrEqual(0);
    expect(Number(final?.risk)).toBeLessThanOrEqual(100);
    expect(['likely-real', 'uncertain', 'likely-fake']).toContain(final?.verdict);
    // The analysis host reported no failure to the background (it logs one when it has).
    expect(session.console.filter((line) => /analysis host failed/.test(line))).toEqual([]);

    // The panel names the cues that had data: the learned detectors ran on onnxruntime-web's
    // wasm in the background page's host frame ("frame model": MesoNet; "blend model").
    await page.evaluate(() =>
      document
        .querySelector('telltale-badge')!
        .shadowRoot!.querySelector<HTMLElement>('.tt-pill')!
        .click(),
    );
    const lookedAt = async () =>
      page.evaluate(
        () =>
          [...document.querySelector('telltale-badge')!.shadowRoot!.querySelectorAll('.tt-meta')]
            .map((el) => el.textContent ?? '')
            .find((text) => text.startsWith('Looked at')) ?? '',
      );
    const deadline = Date.now() + 30_000;
    let cues = await lookedAt();
    while (!/frame model/.test(cues) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      cues = await lookedAt();
    }
    expect(cues).toMatch(/frame model/);
    await page.close();
  });

  it('made no network request outside 127.0.0.1 (Firefox’s own services aside)', () => {
    const leaks = pageRequests.filter(
      (url) => /^(https?|wss?):/.test(url) && new URL(url).hostname !== '127.0.0.1',
    );
    expect(leaks).toEqual([]);
    expect(pageRequests.some((url) => url.includes(`/media/${VIDEO}`))).toBe(true);
    const browserOwn = trap.hits.filter((line) => BROWSER_SERVICE.test(requestHost(line)));
    if (browserOwn.length > 0)
      console.warn(`[e2e] Firefox's own requests: ${browserOwn.join(' | ')}`);
    expect(trap.hits.filter((line) => !BROWSER_SERVICE.test(requestHost(line)))).toEqual([]);
  });

  it('would have seen a request that left 127.0.0.1 (the trap works)', async () => {
    const page = await open('/same.html');
    await page.evaluate(() => fetch('http://trap-check.invalid/').catch(() => undefined));
    expect(trap.hits.some((line) => requestHost(line) === 'trap-check.invalid')).toBe(true);
    await page.close();
  });
});
