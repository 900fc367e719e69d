// @ts-check
/**
 * Imports a hash list file into a running extension's lists database through its lists page
 * (the same file input a user would use), for `scan --hash-list` and the tests.
 */
import path from 'node:path';

/**
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} extensionId
 * @param {string} file  absolute path of a CSV / JSON / ThreatExchange text list
 * @returns {Promise<{ ok: boolean, text: string }>}  the page's result line for the file
 */
export async function importListThroughPage(browser, extensionId, file) {
  const page = await browser.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/lists.html`);
    const input = await page.waitForSelector('input#list-file');
    if (!input) throw new Error('the lists page has no file input');
    await input.uploadFile(file);
    const name = path.basename(file);
    await page.waitForFunction(
      (n) =>
        [...document.querySelectorAll('.import-result')].some((el) =>
          el.textContent?.startsWith(n),
        ),
      { timeout: 120_000 },
      name,
    );
    return await page.$eval('.import-result', (el) => ({
      ok: /** @type {HTMLElement} */ (el).dataset.ok === 'true',
      // innerText keeps the line breaks between the result and its errors.
      text: /** @type {HTMLElement} */ (el).innerText.trim().replace(/\s*\n\s*/g, ' '),
    }));
  } finally {
    await page.close().catch(() => undefined);
  }
}
