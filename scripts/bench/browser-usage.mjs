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
 * `rootPid` and its live descendants, read from /proc once.
 * @param {number} rootPid
 */
function tree(rootPid) {
  const all = processes();
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const [pid, p] of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const out = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = /** @type {number} */ (stack.pop());
    const p = all.get(pid);
    if (p) out.push({ pid, ...p });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Sums `field` over `rootPid` and its descendants.
 * @param {number} rootPid
 * @param {'rssKb' | 'cpuTicks'} field
 */
function treeSum(rootPid, field) {
  return tree(rootPid).reduce((total, p) => total + p[field], 0);
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
 * CDP `Runtime.getHeapUsage` of one target, bytes (null when it cannot be read): the V8 heap
 * used and reserved, and ArrayBuffer backing stores (wasm memories included) where Chromium
 * reports them. `gc`: collect garbage first.
 * @param {import('puppeteer-core').Target} target
 * @param {boolean} [gc]
 * @returns {Promise<{ usedSize: number, totalSize: number, backingStorageSize?: number } | null>}
 */
async function heapUsage(target, gc = false) {
  try {
    const cdp = await target.createCDPSession();
    if (gc) await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return heap;
  } catch {
    return null;
  }
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
  const heap = target ? await heapUsage(target, options.gc) : null;
  return heap ? heap.usedSize / 2 ** 20 : null;
}

/**
 * The JavaScript-visible memory of every extension context (service worker, offscreen
 * document, its workers, the bridge), MiB: V8 heap used and reserved, and ArrayBuffer backing
 * stores (wasm memories included). Documents on the renderer's main thread share one isolate,
 * so they report the same figures.
 * @param {import('puppeteer-core').Browser} browser
 */
export async function extensionHeapsMib(browser) {
  const out = [];
  for (const target of browser.targets()) {
    const url = target.url();
    if (!url.startsWith('chrome-extension://')) continue;
    const heap = await heapUsage(target);
    if (!heap) continue;
    out.push({
      // The path inside the extension, without a bundle's content hash.
      name: url
        .split('/')
        .slice(3)
        .join('/')
        .replace(/-[\w-]{8}\.js$/, '.js'),
      type: target.type(),
      used: heap.usedSize / 2 ** 20,
      reserved: heap.totalSize / 2 ** 20,
      arrayBuffers: (heap.backingStorageSize ?? 0) / 2 ** 20,
    });
  }
  return out;
}

/**
 * What kind of Chromium process `pid` is, from its command line.
 * @param {string} cmd /proc/PID/cmdline
 */
function processKind(cmd) {
  // Chromium rewrites its process title, so the arguments may be joined by spaces, not NULs.
  const arg = (/** @type {string} */ name) => new RegExp(`--${name}=([^\\s\\0]+)`).exec(cmd)?.[1];
  const type = arg('type');
  if (!type) return 'browser';
  if (type === 'renderer')
    return cmd.includes('--extension-process') ? 'renderer (extension)' : 'renderer (page)';
  if (type === 'utility') return `utility (${(arg('utility-sub-type') ?? '?').split('.').pop()})`;
  return type;
}

/**
 * One process's mappings from a single read of /proc/PID/smaps, KiB: its PSS, the private dirty
 * pages of its memfd mappings, the resident pages of the Chromium binary's own file (code shared
 * with every other process) and of anonymous mappings (heaps, wasm memories), and the largest
 * anonymous mappings' resident sizes.
 * @param {number} pid
 */
function smaps(pid) {
  const out = {
    pss: 0,
    memfd: 0,
    binary: 0,
    anonymous: 0,
    largestAnonymous: /** @type {number[]} */ ([]),
  };
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[1] ?? '';
      continue;
    }
    const field = /^(\w+):\s+(\d+) kB/.exec(line);
    if (!field) continue;
    const kb = Number(field[2]);
    if (field[1] === 'Pss') out.pss += kb;
    else if (field[1] === 'Private_Dirty' && name.includes('memfd')) out.memfd += kb;
    else if (field[1] === 'Rss' && /\/chromium$/.test(name)) out.binary += kb;
    else if (field[1] === 'Rss' && name === '' && kb > 0) {
      out.anonymous += kb;
      out.largestAnonymous.push(kb);
    }
  }
  out.largestAnonymous = out.largestAnonymous.sort((a, b) => b - a).slice(0, 8);
  return out;
}

/**
 * Every process of the browser rooted at `rootPid`: its kind, resident memory, proportional
 * set size (PSS: pages shared with other processes, such as the Chromium binary's ~120 MiB of
 * code that every process maps, counted once across them instead of once per process), the
 * private dirty pages of its memfd mappings (Chromium's shared and discardable memory), and its
 * resident Chromium code and anonymous memory with the largest anonymous mappings, MiB.
 * @param {number | undefined} rootPid
 * @returns {{ pid: number, kind: string, rss: number, pss: number, memfd: number, binary: number, anonymous: number, largestAnonymous: number[] }[]}
 */
export function processTable(rootPid) {
  if (!rootPid || !existsSync('/proc')) return [];
  const out = [];
  const mib = (/** @type {number} */ kb) => kb / 1024;
  for (const { pid, rssKb } of tree(rootPid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const m = smaps(pid);
      out.push({
        pid,
        kind: processKind(cmd),
        rss: mib(rssKb),
        pss: mib(m.pss),
        memfd: mib(m.memfd),
        binary: mib(m.binary),
        anonymous: mib(m.anonymous),
        largestAnonymous: m.largestAnonymous.map(mib),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => b.rss - a.rss);
}

/**
 * RSS and PSS summed over a process table (RSS counts shared pages once per process, PSS once
 * in all), MiB; nulls for an empty table (no /proc).
 * @param {{ rss: number, pss: number }[]} table
 */
export function memorySum(table) {
  if (table.length === 0) return { rss: null, pss: null };
  return {
    rss: table.reduce((t, p) => t + p.rss, 0),
    pss: table.reduce((t, p) => t + p.pss, 0),
  };
}

/**
 * Whole-browser memory from one reading of every process, MiB (null without /proc).
 * @param {number | undefined} rootPid
 */
export function browserMemoryMib(rootPid) {
  return memorySum(processTable(rootPid));
}
