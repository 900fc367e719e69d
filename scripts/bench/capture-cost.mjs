// @ts-check
/**
 * node scripts/bench/capture-cost.mjs FILE [SECONDS] — the content script's main-thread cost
 * per sampled frame while FILE plays, from the report's timingsMs: capture (the decoded planes'
 * copy, or the canvas draw + read of the frame and the native face crop), post (handing it to
 * the bridge) and page (both), without the rest of `npm run bench`. Build first.
 */
import path from 'node:path';
import { playAndMeasure } from './pipeline.mjs';

const file = process.argv[2];
if (!file) throw new Error('usage: node scripts/bench/capture-cost.mjs FILE [SECONDS]');
const seconds = Number(process.argv[3] ?? 20);
const { report } = await playAndMeasure(path.resolve(file), {
  seconds,
  withExtension: true,
  muted: true,
});
console.log(
  JSON.stringify(
    {
      file: path.basename(file),
      seconds,
      transport: report?.transport,
      frames: report?.frames,
      captureMs: report?.timingsMs?.capture,
      postMs: report?.timingsMs?.post,
      pageMs: report?.timingsMs?.page,
      face: report?.face
        ? Object.fromEntries(
            Object.entries(report.face).filter(([k]) => !['warmupMs', 'delegate'].includes(k)),
          )
        : null,
      state: report?.state,
      reason: report?.reason,
    },
    null,
    2,
  ),
);
