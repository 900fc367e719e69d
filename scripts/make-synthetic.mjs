// @ts-check
/**
 * node scripts/make-synthetic.mjs [--out DIR] [--source DIR] [--limit N] [--seconds S]
 *                                 [--methods a,b] [--jobs N] [--faces FILE.json]
 *
 * Derives synthetic manipulations from the REAL clips of a fixture manifest (default
 * ../shared/fixtures/media) for calibration and evaluation: self-blend (SBI), face-paste,
 * jitter, freeze-eyes, av-shift-300ms and av-swap fakes, plus `reencode` real controls through
 * the same pipeline. Writes DIR/MANIFEST.tsv (file label method source notes ...), usable as
 * `npm run eval -- DIR/MANIFEST.tsv`. Reruns skip outputs that already exist with the same
 * parameters. Exit codes: 0 done; 1 some outputs failed; 2 usage or missing input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFaceFraction } from './lib/synthetic/face.mjs';
import { generate, summarise } from './lib/synthetic/generate.mjs';
import { METHODS } from './lib/synthetic/methods.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE =
  'usage: node scripts/make-synthetic.mjs [--out DIR] [--source DIR] [--limit N] [--seconds S] ' +
  `[--methods ${METHODS.join(',')}] [--jobs N] [--faces FILE.json] [--quiet]`;

class UsageError extends Error {}

/** @param {string} flag @param {string | undefined} value */
function positive(flag, value) {
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`${flag} needs a positive number`);
  return n;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Parameters<typeof generate>[0] & { quiet: boolean }} */
  const args = {
    source: path.resolve(ROOT, '..', 'shared', 'fixtures', 'media'),
    out: path.resolve(ROOT, 'tests', 'fixtures', 'generated', 'synthetic'),
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') args.out = path.resolve(value());
    else if (arg === '--source') args.source = path.resolve(value());
    else if (arg === '--limit') args.limit = Math.floor(positive('--limit', value()));
    else if (arg === '--seconds') args.maxSeconds = positive('--seconds', value());
    else if (arg === '--jobs') args.jobs = Math.floor(positive('--jobs', value()));
    else if (arg === '--quiet') args.quiet = true;
    else if (arg === '--methods') {
      const list = value().split(',');
      const unknown = list.filter((m) => !(/** @type {readonly string[]} */ (METHODS).includes(m)));
      if (unknown.length > 0) throw new UsageError(`unknown method(s) ${unknown.join(', ')}`);
      args.methods = /** @type {import('./lib/synthetic/methods.mjs').Method[]} */ (list);
    } else if (arg === '--faces') {
      const file = value();
      /** @type {unknown} */
      const json = JSON.parse(readFileSync(file, 'utf8'));
      if (!json || typeof json !== 'object') throw new UsageError(`${file}: not a JSON object`);
      /** @type {Record<string, import('./lib/synthetic/face.mjs').FaceFraction>} */
      const faces = {};
      for (const [name, face] of Object.entries(json)) {
        if (!isFaceFraction(face))
          throw new UsageError(`${file}: ${name} needs cx, cy, rx, ry as fractions of the frame`);
        faces[name] = face;
      }
      args.faces = faces;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg}\n${USAGE}`);
  }
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const { quiet, ...options } = args;
  let result;
  try {
    result = await generate({ ...options, log: quiet ? () => {} : (line) => console.log(line) });
  } catch (error) {
    console.error(`[synthetic] ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  console.log(summarise(result));
  for (const f of result.failed) console.error(`[synthetic] failed: ${f.file}: ${f.error}`);
  return result.failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
