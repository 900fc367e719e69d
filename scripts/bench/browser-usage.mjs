// @ts-check
/**
 * What a running Chromium costs, read from outside: resident memory and CPU time of the whole
 * browser (every process under it, Linux /proc), and a CDP target's JS heap.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** @returns {Map<number, { ppid: number, rssKb: number, cpuTicks: number }>} every process now */
function processes() {
  const out = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      // /proc/PID/stat: fields 14 and 15 (utime, stime) after the ")" that ends the name.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuTicks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
      out.set(Number(entry), { ppid, rssKb, cpuTicks });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * Sums `field` over `rootPid` and its descendants.
 * @param {number} rootPid
 * @param {'rssKb' | 'cpuTicks'} field
 */
function treeSum(rootPid, field) {
  const all = processes();
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const [pid, p] of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = /** @type {number} */ (stack.pop());
    total += all.get(pid)?.[field] ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * Resident memory of a process and all its descendants, MiB, or null.
 * @param {number | undefined} rootPid
 */
export function browserRssMib(rootPid) {
  if (!rootPid || !existsSync('/proc')) return null;
  return treeSum(rootPid, 'rssKb') / 1024;
}

/**
 * CPU time (user + system) used so far by a process and its live descendants, s, or null.
 * Processes that ended took their time with them: compare two readings of a steady browser.
 * @param {number | undefined} rootPid
 */
export function browserCpuSeconds(rootPid) {
  if (!rootPid || !existsSync('/proc')) return null;
  // USER_HZ is 100 on Linux builds for every common architecture.
  return treeSum(rootPid, 'cpuTicks') / 100;
}

/**
 * Used JS heap of the offscreen document (CDP Runtime.getHeapUsage; wasm linear memory is not
 * part of it), MiB, or null when there is none. `gc`: collect garbage first, so that what is
 * left is what the document holds on to (the soak compares it minute by minute).
 * @param {import('puppeteer-core').Browser} browser
 * @param {{ gc?: boolean }} [options]
 */
export async function offscreenHeapMib(browser, options = {}) {
  const target = browser.targets().find((t) => t.url().endsWith('/offscreen.html'));
  if (!target) return null;
  try {
    const cdp = await target.createCDPSession();
    if (options.gc) await cdp.send('HeapProfiler.collectGarbage');
    const heap = /** @type {{ usedSize: number }} */ (await cdp.send('Runtime.getHeapUsage'));
    await cdp.detach();
    return heap.usedSize / 2 ** 20;
  } catch {
    return null;
  }
}
