// @ts-check
/**
 * node scripts/bench/process-memory.mjs [FILE] [SECONDS] — where the browser's memory is while
 * FILE (default: the bench clip) plays for SECONDS (default 40) with the built extension, and
 * the same without it: every Chromium process's kind, resident memory and memfd pages (shared
 * and discardable memory), at the end and 2 s after a critical memory-pressure signal, and what
 * the extension's renderer holds (Chromium's code against anonymous memory). Build first.
 * Issue #16 asks what the extension's memory overhead is made of.
 */
import path from 'node:path';
import { ROOT } from '../lib/browser.mjs';
import { memorySum } from './browser-usage.mjs';
import { playAndMeasure } from './pipeline.mjs';

const file = path.resolve(
  process.argv[2] ??
    path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'real__hdtf__RD_Radio2_000_yuv420p.mp4'),
);
const seconds = Number(process.argv[3] ?? 40);
const mib = (/** @type {number} */ x) => x.toFixed(0);
for (const withExtension of [true, false]) {
  const run = await playAndMeasure(file, { seconds, withExtension, muted: true, pressure: true });
  const { before = [], after = [] } = run.processes ?? {};
  console.log(
    `\n${path.basename(file)}, ${seconds} s, ${withExtension ? 'with' : 'without'} the extension` +
      (run.report
        ? ` (${run.report.frames?.analysed} frames analysed, ${run.report.frames?.planar ?? 0} planar)`
        : ''),
  );
  console.log('| process | RSS MiB | PSS MiB | memfd MiB | after pressure: RSS / PSS / memfd |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const p of before) {
    const later = after.find((q) => q.pid === p.pid);
    console.log(
      `| ${p.kind} | ${mib(p.rss)} | ${mib(p.pss)} | ${mib(p.memfd)} | ${later ? `${mib(later.rss)} / ${mib(later.pss)} / ${mib(later.memfd)}` : 'gone'} |`,
    );
  }
  const [all, allAfter] = [memorySum(before), memorySum(after)];
  console.log(
    `| **all** | ${mib(all.rss ?? 0)} | ${mib(all.pss ?? 0)} | | ${mib(allAfter.rss ?? 0)} / ${mib(allAfter.pss ?? 0)} |`,
  );
  const ext = before.find((p) => p.kind === 'renderer (extension)');
  if (ext) {
    console.log(
      `\nExtension renderer: RSS ${mib(ext.rss)} MiB = Chromium's own code ${mib(ext.binary)} ` +
        `(shared with every process) + anonymous ${mib(ext.anonymous)} + other; largest ` +
        `anonymous mappings ${ext.largestAnonymous.map(mib).join(', ')} MiB`,
    );
  }
}
