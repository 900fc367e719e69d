// @ts-check
/**
 * node scripts/bench/memory-infra.mjs [FILE] [SECONDS] — what Chromium itself says the
 * extension's renderer holds after FILE (default: the bench clip) played muted for SECONDS
 * (default 40): a detailed memory-infra dump (CDP Tracing with memoryDumpConfig, the data behind
 * chrome://tracing's memory view) of the extension renderer, with the page renderer (the one
 * playing the video) and the GPU process beside it, as a table of allocators (malloc, partition_alloc
 * with its partitions, v8 per isolate, gpu, webgl, blink_gc, shared_memory, ...; "size" and the
 * "effective_size" that counts memory owned by another allocator once). What memory-infra does not
 * see is read from /proc/PID/smaps: the wasm memories of ONNX Runtime and MediaPipe (matched by
 * their exact size to each WebAssembly.Memory that CDP Runtime.queryObjects finds in the
 * extension's contexts), compiled code (anonymous rwx mappings: wasm code and V8's JIT), shared
 * memory, Chromium's own mapped code. The extension renderer is dumped twice: as it is, and 1 s
 * after a forced garbage collection in every extension context (garbage ArrayBuffers, such as
 * frames already analysed, are then freed). Build first. Issue #16: where the extension
 * renderer's native memory is. MEMORY_INFRA_TRACE=FILE also writes both dumps' raw trace events.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/browser.mjs';
import { processTable } from './browser-usage.mjs';
import { playAndMeasure } from './pipeline.mjs';

const file = path.resolve(
  process.argv[2] ??
    path.join(ROOT, '..', 'shared', 'fixtures', 'media', 'real__hdtf__RD_Radio2_000_yuv420p.mp4'),
);
const seconds = Number(process.argv[3] ?? 40);
const MIB = 2 ** 20;
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ attrs?: Record<string, { units: string, value: string }> }} AllocatorNode
 * @typedef {{ ph: string, name: string, pid: number, args: any }} TraceEvent
 */

/**
 * One detailed memory dump of every process: the trace's events (CDP Tracing, memory-infra).
 * @param {import('puppeteer-core').CDPSession} cdp a session on the browser target
 * @returns {Promise<TraceEvent[]>}
 */
async function memoryDump(cdp) {
  /** @type {TraceEvent[]} */
  const events = [];
  /** @param {{ value: TraceEvent[] }} data */
  const collect = (data) => events.push(...data.value);
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      excludedCategories: ['*'],
      // No periodic dumps: only the one asked for (the protocol types this loosely).
      memoryDumpConfig: /** @type {any} */ ({ triggers: [] }),
    },
  });
  const { success } = await cdp.send('Tracing.requestMemoryDump', {
    deterministic: true,
    levelOfDetail: 'detailed',
  });
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  if (!success) throw new Error('Tracing.requestMemoryDump failed');
  return events;
}

/**
 * The allocator tree of one process's dump: size(name, attr) is the attribute where the dump
 * gives it, else the sum over the node's children (as chrome://tracing shows it), bytes.
 * @param {Record<string, AllocatorNode>} allocators
 */
function allocatorTree(allocators) {
  /** @type {Map<string, string[]>} */
  const children = new Map();
  for (const name of Object.keys(allocators)) {
    const parent = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    children.set(parent, [...(children.get(parent) ?? []), name]);
  }
  /** @type {Map<string, number>} */
  const memo = new Map();
  /**
   * @param {string} name
   * @param {string} attr
   * @returns {number}
   */
  const size = (name, attr = 'size') => {
    const key = `${name}\0${attr}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const own = allocators[name]?.attrs?.[attr];
    const value = own
      ? Number.parseInt(own.value, 16)
      : (children.get(name) ?? []).reduce((sum, child) => sum + size(child, attr), 0);
    memo.set(key, value);
    return value;
  };
  return { children, size };
}

/**
 * The rows printed for one allocator tree: every top-level allocator, and below partition_alloc,
 * v8, gpu, webgl, cc, skia and discardable their children (v8 per isolate), sizes in MiB.
 * @param {ReturnType<typeof allocatorTree>} tree
 */
function allocatorRows({ children, size }) {
  /** @type {Map<string, { size: number, effective: number }>} */
  const rows = new Map();
  const add = (/** @type {string} */ name) =>
    rows.set(name, { size: size(name) / MIB, effective: size(name, 'effective_size') / MIB });
  /** @param {string} name */
  const expand = (name) => {
    for (const child of children.get(name) ?? []) {
      const leaf = child.split('/').pop() ?? '';
      if (leaf.startsWith('__') || leaf === 'allocated_objects') continue;
      if (/^(v8\/(main|workers|shared)|partition_alloc\/partitions)$/.test(child)) {
        expand(child);
      } else {
        add(child);
        if (/^v8\/workers\/(heap|malloc)$/.test(child)) expand(child);
      }
    }
  };
  for (const top of children.get('') ?? []) {
    add(top);
    if (/^(partition_alloc|v8|gpu|webgl|cc|skia|discardable)$/.test(top)) expand(top);
  }
  return rows;
}

/**
 * One process's mappings from /proc/PID/smaps, MiB: resident memory by kind, and the wasm
 * memories' lengths (bytes) and resident sizes.
 * @param {number} pid
 */
function mappings(pid) {
  const out = { rss: 0, chromium: 0, files: 0, memfd: 0, anonRw: 0, anonRwx: 0, other: 0 };
  // A wasm memory: an anonymous read-write mapping of whole 64 KiB wasm pages, at least 8 MiB,
  // followed directly by the rest of its reservation, at least 4 GiB that is not accessible
  // (V8's guard regions). PartitionAlloc's and V8's pools also end in such reservations, but their
  // last committed pieces are 2 MiB super pages or V8 pages, not one block of wasm pages.
  /** @type {{ from: number, to: number, rss: number }[]} */
  const readWrite = [];
  /** @type {{ length: number, rss: number }[]} */
  const wasm = [];
  /** @type {{ kind: keyof typeof out, length: number } | null} */
  let current = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const [, from = '0', to = '0', perms = '', name = ''] = head;
      const length = Number.parseInt(to, 16) - Number.parseInt(from, 16);
      /** @type {keyof typeof out} */
      let kind = 'other';
      if (/\/chromium$/.test(name)) kind = 'chromium';
      else if (name.includes('memfd:')) kind = 'memfd';
      else if (name.startsWith('/')) kind = 'files';
      else if (name === '' && perms.startsWith('rwx')) kind = 'anonRwx';
      else if (name === '' && perms.startsWith('rw')) kind = 'anonRw';
      const start = Number.parseInt(from, 16);
      const last = readWrite.at(-1);
      if (
        last &&
        name === '' &&
        perms.startsWith('---') &&
        last.to === start &&
        length >= 4 * 2 ** 30 &&
        last.to - last.from >= 8 * 2 ** 20 &&
        (last.to - last.from) % 2 ** 16 === 0
      ) {
        wasm.push({ length: last.to - last.from, rss: last.rss });
      }
      if (kind === 'anonRw') readWrite.push({ from: start, to: start + length, rss: 0 });
      current = { kind, length };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss || !current) continue;
    const mib = Number(rss[1]) / 1024;
    out.rss += mib;
    out[current.kind] += mib;
    if (current.kind === 'anonRw') {
      const last = readWrite.at(-1);
      if (last) last.rss = mib;
    }
  }
  return { ...out, wasm };
}

/** @param {import('puppeteer-core').Browser} browser */
async function collectGarbage(browser) {
  for (const target of browser.targets()) {
    // The bridge (an iframe, a target of type "other" as the landmark worker is) shares the
    // offscreen document's isolate.
    const url = target.url();
    if (!url.startsWith('chrome-extension://') || url.endsWith('/frame-bridge.html')) continue;
    try {
      const cdp = await target.createCDPSession();
      await Promise.race([cdp.send('HeapProfiler.collectGarbage'), sleep(10000)]);
      await cdp.detach();
    } catch {
      // as above
    }
  }
}

/**
 * The pids of the extension renderer, the page renderer that plays the video (the renderer whose
 * dump has a "media" allocator) and the GPU process, from the trace's process names.
 * @param {TraceEvent[]} events
 */
function processesOf(events) {
  const names = new Map(
    events
      .filter((e) => e.ph === 'M' && e.name === 'process_name')
      .map((e) => [e.pid, /** @type {string} */ (e.args.name)]),
  );
  const dumps = events.filter((e) => e.ph === 'v' && e.args?.dumps?.allocators);
  const pidNamed = (/** @type {string} */ name) =>
    [...names].find(([, n]) => n === name)?.[0] ?? null;
  const page =
    dumps.find((e) => names.get(e.pid) === 'Renderer' && e.args.dumps.allocators.media)?.pid ??
    null;
  return {
    'extension renderer': pidNamed('Extension Renderer'),
    'page renderer': page,
    'gpu process': pidNamed('GPU Process'),
  };
}

/**
 * @param {TraceEvent[]} events
 * @param {number} pid
 */
function dumpOf(events, pid) {
  const allocators = events.find((e) => e.ph === 'v' && e.pid === pid && e.args?.dumps?.allocators)
    ?.args.dumps.allocators;
  const totals = events.find((e) => e.ph === 'v' && e.pid === pid && e.args?.dumps?.process_totals)
    ?.args.dumps.process_totals;
  return {
    rows: allocatorRows(allocatorTree(allocators ?? {})),
    footprint: totals?.private_footprint_bytes
      ? Number.parseInt(totals.private_footprint_bytes, 16) / MIB
      : null,
  };
}

const run = await playAndMeasure(file, {
  seconds,
  withExtension: true,
  muted: true,
  probe: async (browser) => {
    const cdp = await browser.target().createCDPSession();
    const events = await memoryDump(cdp);
    const pids = processesOf(events);
    /** @param {number | null} pid */
    const maps = (pid) => {
      try {
        return pid ? mappings(pid) : null;
      } catch {
        return null; // not a process of this machine's /proc (or gone)
      }
    };
    const before = {
      events,
      maps: Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, maps(pid)])),
    };
    await collectGarbage(browser);
    await sleep(1000);
    const afterEvents = await memoryDump(cdp);
    const ext = pids['extension renderer'];
    const after = { events: afterEvents, maps: maps(ext) };
    const table = processTable(browser.process()?.pid);
    await cdp.detach();
    return { pids, before, after, table };
  },
});
const probe = /** @type {any} */ (run.probe);
if (process.env.MEMORY_INFRA_TRACE) {
  // Both dumps' raw trace events, for chrome://tracing-style digging.
  writeFileSync(process.env.MEMORY_INFRA_TRACE, JSON.stringify(probe));
}
const pids = /** @type {Record<string, number | null>} */ (probe.pids);
const ext = pids['extension renderer'];
if (!ext) throw new Error('no extension renderer in the memory dump');

/** @typedef {ReturnType<typeof mappings> | null} Maps */
/** @type {{ title: string, rows: ReturnType<typeof allocatorRows>, footprint: number | null, maps: Maps }[]} */
const columns = [
  {
    title: 'extension renderer',
    ...dumpOf(probe.before.events, ext),
    maps: probe.before.maps['extension renderer'],
  },
  {
    title: 'extension renderer after GC',
    ...dumpOf(probe.after.events, ext),
    maps: probe.after.maps,
  },
  ...['page renderer', 'gpu process'].map((k) => ({
    title: k,
    ...(pids[k]
      ? dumpOf(probe.before.events, /** @type {number} */ (pids[k]))
      : { rows: new Map(), footprint: null }),
    maps: probe.before.maps[k],
  })),
];
const f = (/** @type {number | null | undefined} */ x) => (x == null ? '—' : x.toFixed(1));
console.log(
  `${path.basename(file)}, ${seconds} s muted, ${new Date().toISOString()}; ` +
    `${run.report?.frames?.analysed ?? 0} frames analysed; pids ${JSON.stringify(pids)}`,
);
console.log(
  '\nmemory-infra allocators, MiB: size / effective_size (effective: what is not owned by, and ' +
    'so counted in, another allocator)\n',
);
console.log(`| allocator | ${columns.map((c) => c.title).join(' | ')} |`);
console.log(`| --- |${columns.map(() => ' ---: |').join('')}`);
const names = [...new Set(columns.flatMap((c) => [...c.rows.keys()]))].filter((name) =>
  columns.some((c) => (c.rows.get(name)?.size ?? 0) >= 0.25),
);
const order = (/** @type {string} */ name) => {
  const top = name.split('/')[0] ?? name;
  return [-(columns[0]?.rows.get(top)?.effective ?? 0), name];
};
names.sort((a, b) => {
  const [ta, na] = order(a);
  const [tb, nb] = order(b);
  return (
    /** @type {number} */ (ta) - /** @type {number} */ (tb) || String(na).localeCompare(String(nb))
  );
});
for (const name of names) {
  const depth = name.split('/').length - 1;
  const label = `${'&nbsp;&nbsp;'.repeat(depth)}${depth ? name.split('/').slice(1).join('/') : `**${name}**`}`;
  console.log(
    `| ${label} | ${columns
      .map((c) => {
        const r = c.rows.get(name);
        return r ? `${f(r.size)} / ${f(r.effective)}` : '—';
      })
      .join(' | ')} |`,
  );
}
/** @param {Map<string, { size: number, effective: number }>} rows */
const topSum = (rows) =>
  [...rows].filter(([n]) => !n.includes('/')).reduce((sum, [, r]) => sum + r.effective, 0);
console.log(
  `| **all allocators (effective)** | ${columns.map((c) => f(topSum(c.rows))).join(' | ')} |`,
);
console.log(`| private footprint (Chromium) | ${columns.map((c) => f(c.footprint)).join(' | ')} |`);

console.log('\nFrom /proc/PID/smaps, resident MiB\n');
console.log(`| mappings | ${columns.map((c) => c.title).join(' | ')} |`);
console.log(`| --- |${columns.map(() => ' ---: |').join('')}`);
/** @type {[string, (m: ReturnType<typeof mappings>) => number][]} */
const mapRows = [
  ['RSS', (m) => m.rss],
  ["Chromium's own code and data (shared by every process)", (m) => m.chromium],
  ['other files (libraries, resources)', (m) => m.files],
  ['shared memory (memfd)', (m) => m.memfd],
  ['anonymous rwx (compiled wasm and JavaScript)', (m) => m.anonRwx],
  ['anonymous read-write', (m) => m.anonRw],
  ['&nbsp;&nbsp;of which wasm memories', (m) => m.wasm.reduce((sum, w) => sum + w.rss, 0)],
  ['other (stacks, guard pages, vdso)', (m) => m.other],
];
for (const [label, get] of mapRows) {
  console.log(`| ${label} | ${columns.map((c) => (c.maps ? f(get(c.maps)) : '—')).join(' | ')} |`);
}

const e0 = columns[0];
console.log(
  `\nWasm memories in the extension renderer (not in memory-infra), length / resident MiB: ` +
    (e0?.maps?.wasm ?? []).map((w) => `${f(w.length / MIB)} / ${f(w.rss)}`).join(', '),
);
const wasmRss = (e0?.maps?.wasm ?? []).reduce((sum, w) => sum + w.rss, 0);

if (e0?.maps) {
  const seen =
    topSum(e0.rows) -
    (e0.rows.get('shared_memory')?.effective ?? 0) -
    (e0.rows.get('gpu')?.effective ?? 0) -
    (e0.rows.get('discardable')?.effective ?? 0);
  console.log(
    `\nExtension renderer: anonymous read-write ${f(e0.maps.anonRw)} MiB = allocators in private ` +
      `memory (all effective less shared_memory, gpu, discardable) ${f(seen)} + wasm memories ` +
      `${f(wasmRss)} + unattributed ${f(e0.maps.anonRw - seen - wasmRss)}; anonymous rwx ` +
      `${f(e0.maps.anonRwx)} (compiled code, not in memory-infra)`,
  );
}
