// @ts-check
/**
 * Reads `telltaleLive()` (lib/debug/live-counts.ts) from the extension's contexts over CDP.
 */

/**
 * The counts of the extension document whose URL ends with `suffix` (e.g. the offscreen
 * document), or null when it is not open.
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} suffix
 * @returns {Promise<Record<string, number> | null>}
 */
export async function liveCountsOf(browser, suffix) {
  const target = browser.targets().find((t) => t.url().endsWith(suffix));
  if (!target) return null;
  const cdp = await target.createCDPSession();
  try {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: 'globalThis.telltaleLive?.() ?? null',
      returnByValue: true,
    });
    return result.value ?? null;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The counts of the content script in `page`'s frames (its isolated worlds, which the page's own
 * scripts cannot reach), summed; null when none answered.
 * @param {import('puppeteer-core').Page} page
 * @param {string} extensionId
 * @returns {Promise<Record<string, number> | null>}
 */
export async function pageLiveCounts(page, extensionId) {
  const cdp = await page.createCDPSession();
  try {
    /** @type {number[]} */
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = /** @type {{ type?: string }} */ (context.auxData ?? {});
      if (aux.type === 'isolated' && context.origin === `chrome-extension://${extensionId}`) {
        contexts.push(context.id);
      }
    });
    // Enabling replays the contexts that exist.
    await cdp.send('Runtime.enable');
    /** @type {Record<string, number> | null} */
    let total = null;
    for (const contextId of contexts) {
      const { result } = await cdp
        .send('Runtime.evaluate', {
          expression: 'globalThis.telltaleLive?.() ?? null',
          contextId,
          returnByValue: true,
        })
        .catch(() => ({ result: { value: null } }));
      const counts = /** @type {Record<string, number> | null} */ (result.value ?? null);
      if (!counts) continue;
      total ??= {};
      for (const [key, value] of Object.entries(counts)) total[key] = (total[key] ?? 0) + value;
    }
    return total;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
