// @ts-check
/** The local page a scan plays its file in (served from 127.0.0.1). */

/**
 * @param {string} mediaUrl
 * @param {{ crossOrigin?: boolean, muted?: boolean, autoplay?: boolean }} [options]
 */
export function videoPage(mediaUrl, options = {}) {
  const attrs = [
    `src="${mediaUrl.replaceAll('"', '&quot;')}"`,
    'playsinline',
    options.autoplay ? 'autoplay' : '',
    options.muted ? 'muted' : '',
    options.crossOrigin ? 'crossorigin="anonymous"' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Telltale scan</title>
<link rel="icon" href="data:,">
<style>body{margin:0;background:#111}video{display:block;width:640px;max-width:100%;margin:16px}</style>
</head><body><video id="subject" ${attrs}></video></body></html>`;
}
