// @ts-check
/** Describes the machine a benchmark ran on, for bench/RESULTS.md. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { chromiumPath } from '../lib/browser.mjs';

export function machine() {
  let chromium = 'unknown';
  try {
    chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return {
    cpu: `${cpu} x ${os.cpus().length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
    gpu: 'none (SwiftShader)',
  };
}
