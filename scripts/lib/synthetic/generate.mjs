// @ts-check
/**
 * Orchestration: read the source manifest, probe the real clips, plan every (clip, method)
 * output, render the missing ones with a small process pool, write MANIFEST.tsv.
 *
 * Output names carry a hash of everything that shapes them (pipeline version, source file and
 * size, duration cap, face ellipse, parameters, encoder settings), and each output has a JSON
 * sidecar written after it, so a rerun skips finished outputs and redoes changed ones.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { faceEllipse } from './face.mjs';
import { ffmpeg, meanVolumeDb, probe } from './ffmpeg.mjs';
import { readManifest, writeManifest } from './manifest.mjs';
import { AUDIBLE_DB, ENCODE, METHODS, PIPELINE_VERSION, planFor } from './methods.mjs';
import { digest, round } from './prng.mjs';

/** @typedef {import('./methods.mjs').Clip} Clip */
/** @typedef {import('./methods.mjs').Plan} Plan */
/** @typedef {import('./methods.mjs').Method} Method */

export const MANIFEST_COLUMNS = [
  'file',
  'label',
  'method',
  'source',
  'notes',
  'donor',
  'duration_s',
  'resolution',
  'has_audio',
  'params_hash',
];

const VIDEO_EXT = /\.(mp4|webm|mov|mkv|m4v)$/i;

/**
 * @typedef {object} GenerateOptions
 * @property {string} source directory with MANIFEST.tsv and the clips
 * @property {string} out output directory
 * @property {number} [limit] only the first N real clips (donors still come from all of them)
 * @property {number} [maxSeconds] duration cap, default 8
 * @property {readonly Method[]} [methods] default: all
 * @property {number} [jobs] concurrent ffmpeg processes, default: CPU count
 * @property {Record<string, import('./face.mjs').FaceFraction>} [faces] per-file face ellipses
 * @property {(line: string) => void} [log]
 */

/**
 * What one output's sidecar and manifest row hold.
 * @typedef {object} OutputRecord
 * @property {string} file name relative to the output directory
 * @property {'real' | 'fake'} label
 * @property {Method} method
 * @property {string} source
 * @property {string} donor
 * @property {string} notes
 * @property {number} duration_s
 * @property {string} resolution
 * @property {boolean} has_audio
 * @property {string} params_hash
 * @property {Record<string, unknown>} params
 * @property {import('./methods.mjs').Mask | null} mask
 * @property {import('./face.mjs').FaceEllipse} face
 */

/**
 * @typedef {object} GenerateResult
 * @property {OutputRecord[]} records
 * @property {string} manifest path of MANIFEST.tsv
 * @property {number} rendered outputs encoded this run
 * @property {number} skipped outputs already there
 * @property {number} pruned stale outputs removed (full runs only)
 * @property {Array<{ file: string, error: string }>} failed
 * @property {number} wallS
 */

/**
 * Probe results per source, cached in the output directory (keyed by name, size, mtime and
 * cap) so that a rerun with nothing to do starts no decoder.
 * @typedef {{ key: string, info: import('./ffmpeg.mjs').MediaInfo, meanVolumeDb: number | null }} SourceFacts
 */

/**
 * @param {string} file @param {number} cap
 * @param {Record<string, import('./face.mjs').FaceFraction>} faces
 * @param {Map<string, SourceFacts>} cache
 * @returns {Promise<Clip>}
 */
async function loadClip(file, cap, faces, cache) {
  const { size: bytes, mtimeMs } = await stat(file);
  const name = path.basename(file);
  const key = `${bytes}:${Math.round(mtimeMs)}:${cap}`;
  let facts = cache.get(file);
  if (!facts || facts.key !== key) {
    const info = await probe(file);
    const level = info.hasAudio ? await meanVolumeDb(file, Math.min(cap, info.duration)) : null;
    facts = { key, info, meanVolumeDb: level === -Infinity ? -200 : level };
    cache.set(file, facts);
  }
  const { info } = facts;
  const width = Math.max(2, Math.floor(info.width / 2) * 2);
  const height = Math.max(2, Math.floor(info.height / 2) * 2);
  const duration = round(Math.min(cap, info.duration), 2);
  return {
    file,
    name,
    stem: name.replace(/\.[^.]+$/, ''),
    bytes,
    info,
    duration,
    audible: facts.meanVolumeDb !== null && facts.meanVolumeDb > AUDIBLE_DB,
    width,
    height,
    face: faceEllipse(name, width, height, faces),
  };
}

/**
 * Runs tasks with at most `jobs` at a time.
 * @template T
 * @param {readonly T[]} items @param {number} jobs @param {(item: T) => Promise<void>} task
 */
async function pool(items, jobs, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = /** @type {T} */ (items[next++]);
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

/** @param {Plan} plan @param {string | null} dependencyName */
function hashPlan(plan, dependencyName) {
  const { clip } = plan;
  return digest({
    v: PIPELINE_VERSION,
    encode: ENCODE,
    method: plan.method,
    source: {
      name: clip.name,
      bytes: clip.bytes,
      duration: clip.duration,
      w: clip.width,
      h: clip.height,
    },
    face: clip.face,
    params: plan.params,
    dependency: dependencyName,
  });
}

/** @param {string} file */
async function readSidecar(file) {
  try {
    return /** @type {OutputRecord} */ (JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return null;
  }
}

/**
 * @param {GenerateOptions} options
 * @returns {Promise<GenerateResult>}
 */
export async function generate(options) {
  const started = performance.now();
  const log = options.log ?? ((line) => console.log(line));
  const cap = options.maxSeconds ?? 8;
  const methods = options.methods ?? METHODS;
  const jobs = options.jobs ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const manifestIn = path.join(options.source, 'MANIFEST.tsv');
  if (!existsSync(manifestIn)) throw new Error(`${manifestIn}: no source manifest`);
  const rows = await readManifest(manifestIn);
  const realFiles = rows
    .filter((r) => r['label'] === 'real' && VIDEO_EXT.test(r['file'] ?? ''))
    .map((r) => path.resolve(options.source, r['file'] ?? ''))
    .filter((f) => existsSync(f));
  if (realFiles.length === 0) throw new Error(`${manifestIn}: no real video clips found`);
  await mkdir(options.out, { recursive: true });
  const cacheFile = path.join(options.out, '.sources.json');
  /** @type {Map<string, SourceFacts>} */
  const cache = new Map();
  try {
    const json = /** @type {Record<string, SourceFacts>} */ (
      JSON.parse(await readFile(cacheFile, 'utf8'))
    );
    for (const [file, facts] of Object.entries(json)) cache.set(file, facts);
  } catch {
    // No cache yet.
  }
  const clips = await Promise.all(
    realFiles.map((f) => loadClip(f, cap, options.faces ?? {}, cache)),
  );
  await writeFile(cacheFile, `${JSON.stringify(Object.fromEntries(cache), null, 1)}\n`);
  const targets = clips.slice(0, options.limit ?? clips.length);
  for (const name of await readdir(options.out)) {
    if (name.includes('.partial.')) await rm(path.join(options.out, name), { force: true });
  }

  // Plan: the control first (audio methods copy its video stream).
  /** @type {Array<{ plan: Plan, name: string, hash: string }>} */
  const planned = [];
  for (const clip of targets) {
    /** @type {Map<Method, string>} */
    const names = new Map();
    const wanted = METHODS.filter((m) => m === 'reencode' || methods.includes(m));
    for (const method of wanted) {
      const plan = planFor(method, clip, clips);
      if (!plan) continue;
      const dependencyName = plan.dependsOn ? (names.get(plan.dependsOn) ?? null) : null;
      if (plan.dependsOn && !dependencyName) continue;
      const hash = hashPlan(plan, dependencyName);
      const name = `${method}__${clip.stem}__${hash}.mp4`;
      names.set(method, name);
      planned.push({ plan, name, hash });
    }
  }

  /** @type {Map<string, OutputRecord>} */
  const records = new Map();
  /** @type {Array<{ file: string, error: string }>} */
  const failed = [];
  let rendered = 0;
  let skipped = 0;

  /** @param {{ plan: Plan, name: string, hash: string }} item */
  const render = async ({ plan, name, hash }) => {
    const output = path.join(options.out, name);
    const sidecar = output.replace(/\.mp4$/, '.json');
    const existing = existsSync(output) ? await readSidecar(sidecar) : null;
    if (existing && existing.params_hash === hash) {
      records.set(name, existing);
      skipped++;
      return;
    }
    const dependency = plan.dependsOn
      ? (planned.find((p) => p.plan.clip === plan.clip && p.plan.method === plan.dependsOn)?.name ??
        null)
      : null;
    if (plan.dependsOn && (!dependency || !records.has(dependency))) {
      failed.push({ file: name, error: `needs ${plan.dependsOn}, which failed` });
      return;
    }
    const partial = output.replace(/\.mp4$/, '.partial.mp4');
    const t0 = performance.now();
    try {
      const args = await plan.build({
        output: partial,
        dependency: dependency ? path.join(options.out, dependency) : null,
      });
      await ffmpeg(args);
      const info = await probe(partial);
      await rename(partial, output);
      /** @type {OutputRecord} */
      const record = {
        file: name,
        label: plan.label,
        method: plan.method,
        source: plan.clip.name,
        donor: plan.donor?.name ?? '',
        notes: plan.notes,
        duration_s: round(info.duration, 3),
        resolution: `${info.width}x${info.height}`,
        has_audio: info.hasAudio,
        params_hash: hash,
        params: plan.params,
        mask: plan.mask,
        face: plan.clip.face,
      };
      await writeFile(sidecar, `${JSON.stringify(record, null, 2)}\n`);
      records.set(name, record);
      rendered++;
      log(`[synthetic] ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      await rm(partial, { force: true });
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ file: name, error: message });
      log(`[synthetic] FAILED ${name}: ${message}`);
    }
  };

  const jobs1 = planned.filter((p) => !p.plan.dependsOn);
  const jobs2 = planned.filter((p) => p.plan.dependsOn);
  // Longest first keeps both workers busy to the end.
  const cost = (/** @type {{ plan: Plan }} */ p) =>
    p.plan.clip.duration * p.plan.clip.width * p.plan.clip.height;
  jobs1.sort((a, b) => cost(b) - cost(a));
  await pool(jobs1, jobs, render);
  await pool(jobs2, jobs, render);

  const ordered = planned.map((p) => records.get(p.name)).filter((r) => r !== undefined);
  const manifest = path.join(options.out, 'MANIFEST.tsv');
  await writeManifest(
    manifest,
    MANIFEST_COLUMNS,
    ordered.map((r) => {
      // "yes (silent)": a track of digital silence (some fixture clips), no speech to test on.
      const silent =
        r.method !== 'av-swap' && clips.find((c) => c.name === r.source)?.audible === false;
      return { ...r, has_audio: r.has_audio ? (silent ? 'yes (silent)' : 'yes') : 'no' };
    }),
  );

  // A full run (every clip, every method) owns the directory's generated names: outputs of
  // older parameters or pipeline versions go. Partial runs (--limit, --methods) keep them.
  let pruned = 0;
  if (options.limit === undefined && METHODS.every((m) => methods.includes(m))) {
    const keep = new Set(planned.flatMap((p) => [p.name, p.name.replace(/\.mp4$/, '.json')]));
    const ours = new RegExp(`^(${METHODS.join('|')})__.+__[0-9a-f]{10}\\.(mp4|json)$`);
    for (const name of await readdir(options.out)) {
      if (ours.test(name) && !keep.has(name)) {
        await rm(path.join(options.out, name), { force: true });
        if (name.endsWith('.mp4')) pruned++;
      }
    }
  }
  return {
    pruned,
    records: ordered,
    manifest,
    rendered,
    skipped,
    failed,
    wallS: (performance.now() - started) / 1000,
  };
}

/**
 * Count and seconds per method, as printed at the end of a run.
 * @param {GenerateResult} result
 */
export function summarise(result) {
  /** @type {Map<string, { count: number, seconds: number, label: string }>} */
  const byMethod = new Map();
  for (const r of result.records) {
    const entry = byMethod.get(r.method) ?? { count: 0, seconds: 0, label: r.label };
    entry.count++;
    entry.seconds += r.duration_s;
    byMethod.set(r.method, entry);
  }
  const lines = ['method            label  count  seconds'];
  let count = 0;
  let seconds = 0;
  for (const [method, e] of byMethod) {
    lines.push(
      `${method.padEnd(17)} ${e.label.padEnd(5)} ${String(e.count).padStart(6)} ${e.seconds.toFixed(1).padStart(8)}`,
    );
    count += e.count;
    seconds += e.seconds;
  }
  lines.push(
    `${'total'.padEnd(23)} ${String(count).padStart(6)} ${seconds.toFixed(1).padStart(8)}`,
  );
  lines.push(
    `rendered ${result.rendered}, skipped ${result.skipped} (already there), failed ${result.failed.length}, ` +
      `pruned ${result.pruned} stale; ` +
      `wall ${result.wallS.toFixed(1)} s; manifest ${result.manifest}`,
  );
  return lines.join('\n');
}
