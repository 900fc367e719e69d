// @ts-check
/**
 * Launches Debian's Chromium with the built extension through puppeteer-core (STACK.md flags).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');

/** The Chromium binary: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter(Boolean);
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) {
    throw new Error(
      'Chromium not found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.',
    );
  }
  return found;
}

/**
 * The id Chromium gives an unpacked extension loaded from `dir`: the first 128 bits of the
 * SHA-256 of its absolute path, written with the letters a-p.
 * @param {string} dir
 */
export function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/**
 * @typedef {object} LaunchOptions
 * @property {boolean} [headless]      default true
 * @property {string[]} [args]         extra Chromium flags
 * @property {boolean} [withExtension] default true
 * @property {string} [userDataDir]    reuse this profile (kept on close: a restart test relaunches
 *                                     with it); default a fresh temporary profile, removed on close
 * @property {boolean} [tabCapture]    let the extension capture tabs without a user invocation
 *                                     (--allowlisted-extension-id: tests of the tab-audio fallback,
 *                                     which a real user unlocks with the context menu or toolbar)
 */

/**
 * @param {LaunchOptions} [options]
 */
export async function launchBrowser(options = {}) {
  const withExtension = options.withExtension ?? true;
  if (withExtension && !existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run "npm run build" first.`);
  }
  const userDataDir =
    options.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'telltale-profile-')));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    pipe: true,
    userDataDir,
    enableExtensions: withExtension ? [EXTENSION_DIR] : false,
    // Keep the page's audio audible to captures (puppeteer mutes by default).
    ignoreDefaultArgs: ['--mute-audio'],
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-default-apps',
      '--autoplay-policy=no-user-gesture-required',
      // Point Chromium's own services (sign-in, component updates, network time) at a dead
      // loopback port, so that the only traffic left is what pages and the extension make.
      // tests/e2e/spine.test.ts asserts that nothing leaves 127.0.0.1.
      '--gaia-url=http://127.0.0.1:9',
      '--google-apis-url=http://127.0.0.1:9',
      '--lso-url=http://127.0.0.1:9',
      '--component-updater=url-source=http://127.0.0.1:9',
      '--disable-features=NetworkTimeServiceQuerying',
      ...(options.tabCapture
        ? [`--allowlisted-extension-id=${unpackedExtensionId(EXTENSION_DIR)}`]
        : []),
      ...(options.args ?? []),
    ],
  });
  let extensionId = '';
  if (withExtension) {
    const worker = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 15000 },
    );
    extensionId = new URL(worker.url()).host;
  }
  /** Workers whose chrome.* APIs were seen bound. */
  const readyWorkers = new WeakSet();
  if (options.tabCapture && extensionId !== unpackedExtensionId(EXTENSION_DIR)) {
    throw new Error(`extension id ${extensionId} is not the one allowlisted for tab capture`);
  }
  return {
    browser,
    extensionId,
    /** The extension's service worker (re-resolved: it may have restarted). */
    async worker() {
      const target = await browser.waitForTarget(
        (t) =>
          t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
        { timeout: 15000 },
      );
      const worker = await target.worker();
      if (!worker) throw new Error('extension service worker not available');
      // A worker that is still starting can run code before its extension APIs are bound
      // ("Cannot read properties of undefined (reading 'storage')" in one CI run): wait for them,
      // once per worker (callers poll reports through this).
      if (readyWorkers.has(worker)) return worker;
      const deadline = Date.now() + 15000;
      while (
        !(await worker
          .evaluate(() => typeof (/** @type {any} */ (globalThis).chrome?.storage) === 'object')
          .catch(() => false))
      ) {
        if (Date.now() > deadline) throw new Error('extension APIs never appeared in the worker');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      readyWorkers.add(worker);
      return worker;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (!options.userDataDir) {
        await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
      }
    },
  };
}

/**
 * Reads the extension's reports for every tab from storage.session (see README "Contracts").
 * @param {import('puppeteer-core').WebWorker} worker
 * @returns {Promise<Record<string, Record<string, any>>>}
 */
export async function readReports(worker) {
  return worker.evaluate(async () => {
    const chromeApi = /** @type {any} */ (globalThis).chrome;
    const all = await chromeApi.storage.session.get(null);
    /** @type {Record<string, any>} */
    const out = {};
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith('reports:')) out[key.slice('reports:'.length)] = value;
    }
    return out;
  });
}

/**
 * The analysis host's lifecycle as the background recorded it in storage.session, or null.
 * @param {import('puppeteer-core').WebWorker} worker
 * @returns {Promise<{ state: string, error?: string, progress?: number } | null>}
 */
export async function readHostState(worker) {
  return worker.evaluate(async () => {
    const chromeApi = /** @type {any} */ (globalThis).chrome;
    const { host } = await chromeApi.storage.session.get('host');
    return host ?? null;
  });
}
