// @ts-check
/**
 * Content Credentials (C2PA) of a file for `npm run scan`, read by the built extension's own
 * reader (lib/provenance, the diagnostics page's `?provenance` mode) from the file's bytes: the
 * original file, before any trim or re-encode.
 */
/** Leading bytes of the image formats scan reports provenance for without playing them. */
const IMAGE_MAGIC = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46], // GIF
];

/**
 * True when the file is a still image (JPEG, PNG, GIF, WebP, AVIF, HEIC): scan reads its
 * Content Credentials but does not analyse it for faces.
 * @param {Buffer} bytes
 */
export function isImage(bytes) {
  if (IMAGE_MAGIC.some((m) => m.every((b, i) => bytes[i] === b))) return true;
  const tag = (/** @type {number} */ from) => bytes.subarray(from, from + 4).toString('latin1');
  if (tag(0) === 'RIFF' && tag(8) === 'WEBP') return true;
  return tag(4) === 'ftyp' && /^(avif|avis|heic|heix|mif1|msf1)$/.test(tag(8));
}

/**
 * @param {import('puppeteer-core').Browser} browser
 * @param {string} extensionId
 * @param {Buffer} bytes
 * @returns {Promise<any>} the extension's Provenance for these bytes
 */
export async function readProvenance(browser, extensionId, bytes) {
  const page = await browser.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/diagnostics.html?provenance`);
    await page.waitForFunction(
      () => document.body.dataset.provenanceReady || document.body.dataset.result,
      { timeout: 60000 },
    );
    return await page.evaluate(
      (/** @type {string} */ data) => /** @type {any} */ (globalThis).telltaleReadProvenance(data),
      bytes.toString('base64'),
    );
  } finally {
    await page.close().catch(() => undefined);
  }
}
