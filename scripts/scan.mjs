// @ts-check
/**
 * npm run scan -- FILE [--json] [--max-seconds N] [--hash-list LIST] [--lip-sync]
 *
 * Plays FILE in headless Chromium with the built extension, through the same content-script ->
 * offscreen path as a web page (a local page on 127.0.0.1), and prints the report. With
 * --lip-sync, the lip-sync cues also run frame-accurately on the file (scripts/lib/lipsync-scan.mjs).
 * Exit codes: 0 report printed; 2 usage / missing file; 3 not a playable video; 4 internal error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXTENSION_DIR, ROOT } from './lib/browser.mjs';
import { frameAccurateLipSync } from './lib/lipsync-scan.mjs';
import { isImage, readProvenance } from './lib/provenance-scan.mjs';
import { ScanError, Scanner, scanOrTranscode, toJson } from './lib/scanner.mjs';

const USAGE =
  'usage: npm run scan -- FILE [--json] [--max-seconds N] [--hash-list LIST] [--lip-sync]';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ file?: string, json: boolean, maxSeconds: number, hashList?: string, lipSync: boolean }} */
  const args = { json: false, maxSeconds: 120, lipSync: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--lip-sync') args.lipSync = true;
    else if (arg === '--max-seconds') args.maxSeconds = Number(argv[++i]);
    else if (arg === '--hash-list') {
      args.hashList = argv[++i];
      if (!args.hashList) throw new ScanError('--hash-list needs a file', 2);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg?.startsWith('--')) throw new ScanError(`unknown option ${arg}`, 2);
    else if (arg !== undefined) args.file = arg;
  }
  if (!args.file) throw new ScanError(USAGE, 2);
  if (!(args.maxSeconds > 0)) throw new ScanError('--max-seconds must be a positive number', 2);
  return args;
}

/** @param {string} file */
async function checkFile(file) {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ScanError(`${file}: no such file`, 2);
  }
  if (!info.isFile()) throw new ScanError(`${file}: not a regular file`, 2);
  if (info.size === 0) throw new ScanError(`${file}: empty file, not a video`, 3);
}

function ensureBuilt() {
  if (existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) return;
  console.error('[scan] no built extension yet: running "npm run build" once');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new ScanError('build failed', 4);
}

/** Words for the scan's provenance line. @param {any} p */
function provenanceText(p) {
  if (!p) return '-';
  if (p.status === 'none') return 'no Content Credentials';
  const who = [
    p.issuer ? `signed by ${p.issuer}` : null,
    p.claimGenerator ? `with ${p.claimGenerator}` : null,
    p.signedAt ? `on ${p.signedAt}` : null,
  ].filter(Boolean);
  return [
    `${p.status}${p.reason ? ` (${p.reason})` : ''}`,
    ...who,
    p.aiGenerated ? 'MADE WITH GENERATIVE AI (per the manifest)' : null,
  ]
    .filter(Boolean)
    .join('; ');
}

/** @param {ReturnType<typeof import('./lib/scanner.mjs').toJson> & { lipSync: any, provenance: any }} json */
function toText(json) {
  const f = json.face;
  const lines = [
    `Telltale scan: ${json.file}`,
    `  duration   ${json.durationS === null ? 'unknown' : `${json.durationS.toFixed(2)} s`}`,
    `  state      ${json.state}${json.reason ? ` (${json.reason})` : ''}`,
    `  risk       ${json.risk === null ? '-' : `${json.risk} / 100, ${json.verdict}`}`,
    `  frames     ${json.frames.sampled} sampled, ${json.frames.analysed} analysed, ${json.frames.dropped} dropped`,
    `  face       ${f ? `${f.framesWithFace}/${f.framesAnalysed} frames with a face, mean ${f.meanFaceSizePx ?? '-'} px (${f.meanSourceFaceSizePx ?? '-'} px in the video, ${f.framesWithNativeCrop ?? 0} frames from native crops), ${f.delegate} delegate` : '-'}`,
    `  analyser   ${json.analyser ? `${json.analyser.id}${json.analyser.placeholder ? ' (placeholder: no detectors yet)' : ''}` : '-'}`,
  ];
  const m = json.match;
  if (m) {
    lines.push(
      `  match      known deepfake "${m.label}" (list ${m.listName}; ${m.matchedFrames}/${m.hashedFrames} frames, distance ${m.distance})`,
    );
  } else if (json.hashes?.listHashes) lines.push('  match      none in the hash list');
  for (const [name, cue] of Object.entries(json.cues)) {
    const c = /** @type {any} */ (cue);
    lines.push(
      `  cue ${name.padEnd(14)} ${c.status === 'ok' ? `score ${Number(c.score).toFixed(2)} conf ${Number(c.confidence).toFixed(2)}` : `abstains: ${c.reason ?? ''}`}`,
    );
  }
  const lip = json.lipSync;
  if (lip?.error) lines.push(`  lip sync   frame-accurate pass failed: ${lip.error}`);
  else if (lip) {
    for (const name of ['avSync', 'phonemeViseme']) {
      const c = lip[name];
      lines.push(
        `  lip sync   ${name.padEnd(14)} ${c.status === 'ok' ? `score ${Number(c.score).toFixed(2)}: ${c.reason}` : `abstains: ${c.reason ?? ''}`} (every frame up to ${lip.fps}/s)`,
      );
    }
  }
  lines.push(`  provenance ${provenanceText(json.provenance)}`);
  if (json.transcoded) lines.push('  note       re-encoded to H.264 with ffmpeg for Chromium');
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const file = /** @type {string} */ (args.file);
  await checkFile(file);
  if (args.hashList && !(await stat(args.hashList).catch(() => null))?.isFile()) {
    throw new ScanError(`${args.hashList}: no such hash list file`, 2);
  }
  ensureBuilt();
  const scanner = await Scanner.start({ lipSync: args.lipSync });
  let json;
  try {
    if (args.hashList) {
      const imported = await scanner.importHashList(args.hashList);
      if (!args.json) console.error(`[scan] ${imported}`);
    }
    const started = Date.now();
    const bytes = await readFile(file);
    const { browser, extensionId } = scanner.session;
    const provenance = await readProvenance(browser, extensionId, bytes);
    if (isImage(bytes)) {
      // A still image: its Content Credentials are read, its faces are not analysed.
      const reason = 'a still image: Telltale analyses faces in video only (provenance was read)';
      const report = { state: 'unsupported', reason };
      const result = { durationS: null, report, wallMs: Date.now() - started };
      json = { ...toJson(file, result, false), lipSync: null, provenance };
    } else {
      const scanned = await scanOrTranscode(scanner, file, args);
      const lipSync = args.lipSync
        ? await frameAccurateLipSync(file, {
            maxSeconds: args.maxSeconds,
            session: scanner.session,
          })
        : null;
      json = { ...scanned, lipSync, provenance };
    }
  } finally {
    await scanner.close();
  }
  console.log(args.json ? JSON.stringify(json, null, 2) : toText(json));
}

main().catch((error) => {
  const code = error instanceof ScanError ? error.code : 4;
  console.error(`[scan] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(code);
});
