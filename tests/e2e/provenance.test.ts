/**
 * Content Credentials (C2PA, issue #18) end to end, on the built extension: what its reader
 * reports for each shared C2PA fixture (from the reference SDK's tests), `npm run scan` of a
 * signed and an unsigned video and of a truncated copy made here, the triage page's
 * local-file check of the tampered image, and the badge on page videos (through a trap proxy:
 * nothing may leave 127.0.0.1).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { readProvenance } from '../../scripts/lib/provenance-scan.mjs';
import { serve } from '../../scripts/lib/serve.mjs';
import { SHARED, runScript, sleep, startNetworkTrap, waitForBadges } from './helpers';

const C2PA = path.join(SHARED, 'fixtures', 'c2pa');
const HAS_C2PA = existsSync(C2PA);
if (!HAS_C2PA) console.warn(`[e2e] ${C2PA} is absent: the Content Credentials tests are skipped`);

type Session = Awaited<ReturnType<typeof launchBrowser>>;

/**
 * What @contentauth/c2pa-web 0.13.1 (c2pa-rs 0.90.1) reports for each fixture, offline and
 * without a trust list (checked by hand first: README "Content Credentials").
 */
const EXPECTED: Record<string, { status: string; aiGenerated: boolean; failure?: string }> = {
  'C.jpg': { status: 'valid', aiGenerated: false },
  'CA.jpg': { status: 'valid', aiGenerated: false },
  'XCA.jpg': { status: 'invalid', aiGenerated: false, failure: 'assertion.dataHash.mismatch' },
  'no_manifest.jpg': { status: 'none', aiGenerated: false },
  'ocsp.jpg': { status: 'valid', aiGenerated: true },
  'sample1.webp': { status: 'none', aiGenerated: false },
  'video1.mp4': { status: 'valid', aiGenerated: false },
  'video1_no_manifest.mp4': { status: 'none', aiGenerated: false },
  'legacy.mp4': { status: 'invalid', aiGenerated: false, failure: 'claimSignature.mismatch' },
  'c.mov': { status: 'none', aiGenerated: false },
};

describe.skipIf(!HAS_C2PA)('Content Credentials (C2PA)', () => {
  let session: Session;
  let work: string;
  let trap: Awaited<ReturnType<typeof startNetworkTrap>>;
  let site: Awaited<ReturnType<typeof serve>>;

  /** A page that plays `file` from a blob: URL made of bytes it fetched itself. */
  const blobPage = (file: string) => `<!doctype html><link rel="icon" href="data:,">
    <video id="v" muted loop playsinline width="480"></video><script>
      fetch('/c2pa/${file}').then((r) => r.blob()).then((b) => {
        const v = document.getElementById('v');
        v.src = URL.createObjectURL(b);
        v.play();
      });
    </script>`;

  beforeAll(async () => {
    trap = await startNetworkTrap();
    session = await launchBrowser({ args: trap.args });
    work = await mkdtemp(path.join(os.tmpdir(), 'telltale-c2pa-'));
    site = await serve({
      folders: { '/c2pa/': C2PA },
      pages: {
        '/blob-signed.html': blobPage('video1.mp4'),
        '/blob-unsigned.html': blobPage('video1_no_manifest.mp4'),
        '/plain.html': `<!doctype html><link rel="icon" href="data:,"><video src="/c2pa/video1.mp4" muted loop autoplay playsinline width="480"></video>`,
      },
    });
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    await trap?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("the badge says what the page video's credentials are, with no request of its own", async () => {
    const expectations: [string, string][] = [
      ['/blob-signed.html', 'valid'],
      ['/blob-unsigned.html', 'none'],
      // The <video> downloaded it with range requests; reading it again would be a new
      // download, which the extension does not make.
      ['/plain.html', 'unreadable'],
    ];
    for (const [url, status] of expectations) {
      const page = await session.browser.newPage();
      await page.setViewport({ width: 1000, height: 700 });
      const before = site.requests.length;
      await page.goto(site.origin + url);
      const [badge] = await waitForBadges(
        page,
        (all) => all.length === 1 && all[0]?.provenance !== undefined,
        90_000,
      );
      expect({ url, provenance: badge?.provenance }).toEqual({ url, provenance: status });
      expect(badge?.provenanceAi).toBeUndefined();
      // The page's own requests only. A blob: page fetched its video exactly once; a plain
      // <video> may ask for ranges of its file several times, but for nothing else.
      const media = site.requests.slice(before).filter((r) => r.startsWith('/c2pa/'));
      if (url.startsWith('/blob')) expect(media).toHaveLength(1);
      else expect(new Set(media)).toEqual(new Set(['/c2pa/video1.mp4']));
      if (status === 'valid') {
        // The panel says in plain words who signed it and with what, and what was not checked.
        const panel = await page.evaluate(() => {
          const root = document.querySelector('telltale-badge')!.shadowRoot!;
          root.querySelector<HTMLElement>('.tt-pill')!.click();
          return root.querySelector('.tt-panel .tt-provenance')?.textContent ?? '';
        });
        expect(panel).toMatch(/Content Credentials verify/);
        expect(panel).toMatch(/Signed by C2PA Test Signing Cert/);
        expect(panel).toMatch(/Written by TestApp c2patool/);
        expect(panel).toMatch(/anyone can sign a deepfake/);
        expect(panel).toMatch(/Not checked \(offline\)/);
      }
      await page.close();
    }
    expect(trap.hits).toEqual([]);
  }, 240_000);

  it("reads every fixture as the library's reference tests mean it", async () => {
    for (const [file, expected] of Object.entries(EXPECTED)) {
      const bytes = await readFile(path.join(C2PA, file));
      const p = await readProvenance(session.browser, session.extensionId, bytes);
      expect({ file, status: p.status, aiGenerated: p.aiGenerated }).toEqual({
        file,
        status: expected.status,
        aiGenerated: expected.aiGenerated,
      });
      if (expected.failure) expect(p.failures).toContain(expected.failure);
      if (p.status === 'valid') {
        expect(p.issuer, file).toBeTruthy();
        expect(p.claimGenerator, file).toBeTruthy();
        expect(p.signedAt, file).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(p.notChecked).toEqual(['trustList', 'revocation', 'remoteManifest']);
      }
    }
  }, 120_000);

  it('calls truncated and malformed files invalid with a reason, never failing', async () => {
    const jpeg = await readFile(path.join(C2PA, 'C.jpg'));
    const video = await readFile(path.join(C2PA, 'video1.mp4'));
    const jumbf = jpeg.indexOf('jumb');
    expect(jumbf).toBeGreaterThan(0);
    const garbled = Buffer.from(jpeg);
    for (let i = jumbf + 200; i < jumbf + 400; i++) garbled[i] = garbled[i]! ^ 0x55;
    const cases: [string, Buffer][] = [
      ['jpeg cut inside its manifest', jpeg.subarray(0, jumbf + 3000)],
      ['jpeg with a garbled manifest', garbled],
      ['mp4 cut inside its manifest', video.subarray(0, video.indexOf('jumb') + 3000)],
      ['mp4 cut in half (content no longer matches)', video.subarray(0, video.length >> 1)],
    ];
    for (const [what, bytes] of cases) {
      const p = await readProvenance(session.browser, session.extensionId, bytes);
      expect({ what, status: p.status }).toEqual({ what, status: 'invalid' });
      expect(p.reason, what).toBeTruthy();
    }
    const text = await readProvenance(session.browser, session.extensionId, Buffer.from('hello'));
    expect(text.status).toBe('unreadable');
  }, 120_000);

  it('npm run scan reports provenance: valid for the signed video, none unsigned, invalid truncated', async () => {
    const scan = (file: string) => {
      const result = runScript('scan.mjs', [file, '--json'], 240_000);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    const signed = scan(path.join(C2PA, 'video1.mp4'));
    expect(signed.provenance).toMatchObject({
      status: 'valid',
      issuer: 'C2PA Test Signing Cert',
      aiGenerated: false,
    });
    expect(signed.provenance.actions.map((a: { action: string }) => a.action)).toContain(
      'c2pa.opened',
    );
    // Reported whether or not the video has a face.
    expect(['scored', 'insufficient']).toContain(signed.state);
    expect(scan(path.join(C2PA, 'video1_no_manifest.mp4')).provenance.status).toBe('none');

    const image = scan(path.join(C2PA, 'ocsp.jpg'));
    expect(image.state).toBe('unsupported');
    expect(image.reason).toMatch(/still image/);
    expect(image.provenance).toMatchObject({ status: 'valid', aiGenerated: true });

    // A copy cut inside its manifest, made here: the scan still answers.
    const cut = path.join(work, 'CA-cut.jpg');
    const jpeg = await readFile(path.join(C2PA, 'CA.jpg'));
    await writeFile(cut, jpeg.subarray(0, jpeg.indexOf('jumb') + 2000));
    const truncated = scan(cut);
    expect(truncated.provenance.status).toBe('invalid');
    expect(truncated.provenance.reason).toMatch(/malformed or truncated/);
  }, 600_000);

  it('the triage local-file check reads the tampered image as invalid', async () => {
    const page: Page = await session.browser.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/triage.html`);
    await page.waitForSelector('input#tt-local-input');
    const input = await page.$('input#tt-local-input');
    await input!.uploadFile(path.join(C2PA, 'XCA.jpg'), path.join(C2PA, 'C.jpg'));
    const deadline = Date.now() + 90_000;
    let jobs: { name?: string; state?: string; provenance?: string | null }[] = [];
    while (Date.now() < deadline) {
      jobs = await page.$$eval('.tt-job', (els) =>
        els.map((el) => ({
          name: (el as HTMLElement).dataset.name,
          state: (el as HTMLElement).dataset.state,
          provenance: el.querySelector('.tt-job-provenance')?.getAttribute('data-provenance'),
        })),
      );
      if (jobs.length === 2 && jobs.every((j) => j.state === 'done')) break;
      await sleep(300);
    }
    expect(jobs).toEqual([
      { name: 'XCA.jpg', state: 'done', provenance: 'invalid' },
      { name: 'C.jpg', state: 'done', provenance: 'valid' },
    ]);
    // Both land in the store (beside the web videos of the badge test, if it ran first); the
    // tampered one's detail says what failed, in plain words.
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          '.tt-body .tt-row[data-key^="file:"][data-provenance="invalid"], .tt-body .tt-row[data-key^="file:"][data-provenance="valid"]',
        ).length === 2,
      { timeout: 30_000 },
    );
    await page.click('.tt-body .tt-row[data-key^="file:"][data-provenance="invalid"]');
    const detail = await page.waitForSelector(
      '.tt-detail .tt-provenance[data-provenance="invalid"]',
    );
    const words = await detail!.evaluate((el) => el.textContent ?? '');
    expect(words).toMatch(/do not verify/);
    expect(words).toMatch(/assertion\.dataHash\.mismatch/);
    expect(words).toMatch(/Signed by C2PA Test Signing Cert/);
    await page.close();
  }, 120_000);
});
