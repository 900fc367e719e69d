// @ts-check
/**
 * A social-media-like feed served from 127.0.0.1: `count` looping <video> elements (muted unless
 * told otherwise) in a column of fixed-size cells, of which the page itself plays `playing` (by
 * index, with play(), which Chromium does not pause off-screen). Used by tests/e2e/feed.test.ts,
 * scripts/bench-feed.mjs and scripts/bench-soak.mjs.
 */

/** Height of one feed cell (video and gap), px: a 1000x700 viewport shows cells 0-3. */
export const FEED_CELL_PX = 220;

/**
 * @param {{ count: number, clips: string[], playing: number[], preload?: 'none' | 'metadata', muted?: boolean }} options
 *   clips: media URLs, used round-robin (video i shows clips[i % clips.length])
 */
export function feedPage({ count, clips, playing, preload = 'metadata', muted = true }) {
  const cells = [];
  for (let i = 0; i < count; i++) {
    const src = clips[i % clips.length] ?? '';
    cells.push(
      `<div class="cell"><video id="v${i}" src="${src.replaceAll('"', '&quot;')}"${muted ? ' muted' : ''} loop playsinline preload="${preload}"></video></div>`,
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Telltale feed</title>
<link rel="icon" href="data:,">
<style>body{margin:0}.cell{height:${FEED_CELL_PX}px;box-sizing:border-box;padding:10px}
video{display:block;width:320px;height:200px;background:#222}</style>
</head><body>${cells.join('\n')}
<script>
for (const i of ${JSON.stringify(playing)}) document.getElementById('v' + i).play().catch(() => {});
</script></body></html>`;
}
