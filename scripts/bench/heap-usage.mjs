// @ts-check
/**
 * node scripts/bench/heap-usage.mjs [FILE] [SECONDS] — the JavaScript-visible memory of each of
 * the extension's contexts after FILE (default: the bench clip) played muted for SECONDS
 * (default 30): per target (service worker, offscreen document, its workers, the bridge), the
 * V8 heap used and reserved and the ArrayBuffer backing stores, wasm memories included
 * (browser-usage.mjs `extensionHeapsMib`). Set against the extension renderer's anonymous
 * memory (process-memory.mjs), the rest is native: compiled wasm, WebGL buffers, allocators
 * (issue #16). Build first.
 */
import path from 'node:path';
import { ROOT } from '../lib/browser.mjs';
import { playAndMeasure } from './pipeline.mjs';

const file = path.resolve(
  process.argv[2] ??
    path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'real__hdtf__RD_Radio2_000_yuv420p.mp4'),
);
const seconds = Number(process.argv[3] ?? 30);
const { contexts } = await playAndMeasure(file, {
  seconds,
  withExtension: true,
  muted: true,
  contexts: true,
});
const mib = (/** @type {number} */ x) => x.toFixed(1);
console.log(`${path.basename(file)}, ${seconds} s, ${new Date().toISOString()}`);
console.log('| target | kind | V8 heap used / reserved MiB | ArrayBuffers MiB |');
console.log('| --- | --- | ---: | ---: |');
for (const c of contexts ?? []) {
  console.log(
    `| ${c.name} | ${c.type} | ${mib(c.used)} / ${mib(c.reserved)} | ${mib(c.arrayBuffers)} |`,
  );
}
