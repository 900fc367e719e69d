// @ts-check
/** The demo page `npm start` opens: a grid of videos served from 127.0.0.1. */

/**
 * @param {{ name: string, label: string }[]} videos  names under /media/
 */
export function demoPage(videos) {
  const cards = videos
    .map(
      (v) => `<figure>
  <video src="/media/${encodeURIComponent(v.name)}" controls muted loop playsinline preload="metadata"></video>
  <figcaption>${escapeHtml(v.label)}</figcaption>
</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Telltale demo</title>
<link rel="icon" href="data:,">
<style>
  body { font: 14px system-ui, sans-serif; margin: 24px; background: #fafafa; color: #222 }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 20px }
  figure { margin: 0 } video { width: 100%; background: #000 } figcaption { margin-top: 4px }
</style></head>
<body>
<h1>Telltale demo</h1>
<p>Press play on any video: the Telltale badge appears in its corner once frames are sampled.
Everything runs inside this browser; nothing is uploaded.</p>
<main>
${cards}
</main>
</body></html>`;
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
