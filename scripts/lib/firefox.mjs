// @ts-check
/**
 * Launches Debian's Firefox ESR through puppeteer-core over WebDriver BiDi and installs the built
 * Firefox add-on temporarily (BiDi webExtension.install), as about:debugging's "Load Temporary
 * Add-on" does.
 *
 * Firefox runs headed on an Xvfb display, not headless: headless Firefox on Linux gives pages no
 * WebGL context ("Failed to create WebGL context: ... Exhausted GL driver options", even with
 * webgl.force-enabled), and MediaPipe's face landmarker takes every frame as a WebGL texture.
 * Under Xvfb, Mesa's llvmpipe gives WebGL2 in software.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { ROOT } from './browser.mjs';

export const FIREFOX_EXTENSION_DIR = path.join(ROOT, '.output', 'firefox-mv2');

/** The Firefox binary: $FIREFOX_PATH, else Debian's firefox-esr; null when none is installed. */
export function firefoxPath() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

/** The Xvfb binary, or null (Debian: apt-get install -y xvfb). */
export function xvfbPath() {
  return ['/usr/bin/Xvfb'].find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * Starts a virtual X display; resolves with its name (":N") once Xvfb has picked a free one.
 * @returns {Promise<{ display: string, close: () => void }>}
 */
export function startXvfb() {
  const binary = xvfbPath();
  if (!binary) return Promise.reject(new Error('Xvfb not found (apt-get install -y xvfb)'));
  return new Promise((resolve, reject) => {
    // -displayfd 3: Xvfb chooses a free display number and writes it to fd 3.
    const child = spawn(
      binary,
      ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    // Never outlive the test run, even one that crashed before close().
    const kill = () => child.kill();
    process.once('exit', kill);
    let text = '';
    let errors = '';
    child.stderr?.on('data', (chunk) => (errors += String(chunk)));
    child.stdio[3]?.on('data', (chunk) => {
      text += String(chunk);
      if (!text.includes('\n')) return;
      resolve({
        display: `:${text.trim()}`,
        close: () => {
          process.off('exit', kill);
          child.kill();
        },
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${errors.slice(-500)}`)));
  });
}

/**
 * Preferences that keep Firefox's own services quiet, so that what reaches the trap proxy is
 * what pages and the extension ask for (tests/e2e/firefox.test.ts). Puppeteer already points
 * remote settings, updates and health reports at dummy.test and turns safe browsing off.
 */
const QUIET_PREFS = {
  'app.shield.optoutstudies.enabled': false,
  'browser.discovery.enabled': false,
  'browser.ml.enable': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.topsites.contile.enabled': false,
  'browser.translations.enable': false,
  'datareporting.usage.uploadEnabled': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'extensions.getAddons.showPane': false,
  'extensions.systemAddon.update.enabled': false,
  'identity.fxaccounts.enabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-widevinecdm.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'security.OCSP.enabled': 0,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
};

/**
 * @typedef {object} FirefoxLaunchOptions
 * @property {string} display       X display to run on (startXvfb)
 * @property {number} [proxyPort]   send every non-loopback request to this HTTP proxy
 * @property {Record<string, string | number | boolean>} [prefs]
 */

/** @param {FirefoxLaunchOptions} options */
export async function launchFirefox(options) {
  const executablePath = firefoxPath();
  if (!executablePath) throw new Error('Firefox not found (apt-get install -y firefox-esr)');
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No built add-on in ${FIREFOX_EXTENSION_DIR}: run "npm run build:firefox" first.`,
    );
  }
  const proxy =
    options.proxyPort === undefined
      ? {}
      : {
          // Loopback never goes through a proxy (network.proxy.allow_hijacking_localhost).
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': options.proxyPort,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': options.proxyPort,
          'network.proxy.no_proxies_on': '',
        };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: false,
    // Without it Firefox ignores services.settings.server (puppeteer's dummy.test) and polls
    // Mozilla's remote settings.
    env: { ...process.env, DISPLAY: options.display, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      ...QUIET_PREFS,
      ...proxy,
      'media.autoplay.default': 0,
      // The extension's console (background page, host frame) on stdout, for diagnosis.
      'devtools.console.stdout.chrome': true,
      ...options.prefs,
    },
  });
  /** Lines Firefox printed from or about the extension (its console, errors in its scripts). */
  const console = /** @type {string[]} */ ([]);
  const record = (/** @type {Buffer} */ chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (/telltale|moz-extension:/i.test(line)) console.push(line);
    }
  };
  browser.process()?.stdout?.on('data', record);
  browser.process()?.stderr?.on('data', record);
  const manifest = JSON.parse(
    readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'),
  );
  const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  if (addonId !== manifest.browser_specific_settings?.gecko?.id) {
    throw new Error(`installed add-on ${addonId}, expected the manifest's gecko id`);
  }
  return {
    browser,
    addonId,
    console,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
