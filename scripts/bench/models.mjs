// @ts-check
/**
 * Model speed on this device, from the extension's diagnostics page: landmarking per delegate
 * (CPU, GPU) and the frame model per ONNX backend, on a real fixture face.
 */
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../lib/browser.mjs';

/** @param {string} faceImage */
export async function measureModels(faceImage) {
  const session = await launchBrowser();
  try {
    const page = await session.browser.newPage();
    // A data: URL: extension pages may not connect anywhere else (CSP connect-src).
    const dataUrl = `data:image/jpeg;base64,${readFileSync(faceImage).toString('base64')}`;
    const image = encodeURIComponent(dataUrl);
    await page.goto(`chrome-extension://${session.extensionId}/diagnostics.html?image=${image}`);
    await page.waitForFunction(() => document.body.dataset.result, { timeout: 180000 });
    return JSON.parse(await page.evaluate(() => document.body.dataset.result ?? '{}'));
  } finally {
    await session.close();
  }
}
