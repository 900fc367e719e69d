/**
 * Model setup (scripts/lib/models.mjs): sha256 verification, copy vs download vs cache, refusal of
 * corrupted files, and the MesoNet conversion hook.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureModel, installModel, readManifest } from '../../../scripts/lib/models.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sharedModels = path.resolve(root, '..', 'shared', 'models');
const hasShared = existsSync(path.join(sharedModels, 'Meso4_DF.h5'));
if (!hasShared) console.log(`[model-setup] MesoNet hook tests skipped: ${sharedModels} is absent`);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A fetch that must not be reached, or that fails like an offline machine. */
const offlineFetch = (async () => {
  throw new Error('getaddrinfo ENOTFOUND example.invalid');
}) as unknown as typeof fetch;

function fetchReturning(body: Uint8Array, status = 200): typeof fetch {
  return (async () =>
    new Response(new Uint8Array(body).buffer, { status })) as unknown as typeof fetch;
}

let dir = '';
let sharedDir = '';
let destDir = '';
const good = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 31) & 255));
const entry = {
  file: 'model.bin',
  url: 'https://example.invalid/model.bin',
  sha256: sha256(good),
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'telltale-models-'));
  sharedDir = path.join(dir, 'shared');
  destDir = path.join(dir, 'public');
  mkdirSync(sharedDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureModel', () => {
  it('copies a good file from the shared folder, then reports it cached', async () => {
    writeFileSync(path.join(sharedDir, entry.file), good);
    const opts = { destDir, sharedDir, fetchImpl: offlineFetch };
    await expect(ensureModel(entry, opts)).resolves.toBe('copied');
    expect(sha256(readFileSync(path.join(destDir, entry.file)))).toBe(entry.sha256);
    await expect(ensureModel(entry, opts)).resolves.toBe('cached');
  });

  it('refuses a corrupted copy and installs nothing', async () => {
    const bad = good.slice();
    bad[1234] = bad[1234]! ^ 1;
    writeFileSync(path.join(sharedDir, entry.file), bad);
    await expect(
      ensureModel(entry, { destDir, sharedDir, fetchImpl: offlineFetch }),
    ).rejects.toThrow(/sha256 mismatch.*not installed/);
    expect(readdirSync(destDir)).toEqual([]); // neither the file nor a .part left behind
  });

  it('replaces an installed file whose digest no longer matches', async () => {
    mkdirSync(destDir);
    writeFileSync(path.join(destDir, entry.file), 'tampered');
    writeFileSync(path.join(sharedDir, entry.file), good);
    await expect(ensureModel(entry, { destDir, sharedDir, fetchImpl: offlineFetch })).resolves.toBe(
      'copied',
    );
    expect(sha256(readFileSync(path.join(destDir, entry.file)))).toBe(entry.sha256);
  });

  it('fails clearly when the file is not shared and the download fails', async () => {
    await expect(
      ensureModel(entry, { destDir, sharedDir, fetchImpl: offlineFetch }),
    ).rejects.toThrow(
      /model\.bin: not in .* download from https:\/\/example\.invalid\/model\.bin failed \(getaddrinfo/,
    );
    expect(existsSync(path.join(destDir, entry.file))).toBe(false);
  });

  it('fails on an HTTP error', async () => {
    const fetchImpl = fetchReturning(new Uint8Array(), 404);
    await expect(ensureModel(entry, { destDir, fetchImpl })).rejects.toThrow(/HTTP 404/);
  });

  it('downloads when there is no shared copy, and checks the digest of what came', async () => {
    await expect(ensureModel(entry, { destDir, fetchImpl: fetchReturning(good) })).resolves.toBe(
      'downloaded',
    );
    rmSync(path.join(destDir, entry.file));
    const truncated = good.subarray(0, 4000);
    await expect(
      ensureModel(entry, { destDir, fetchImpl: fetchReturning(truncated) }),
    ).rejects.toThrow(/sha256 mismatch/);
    expect(readdirSync(destDir)).toEqual([]);
  });
});

describe.skipIf(!hasShared)('MesoNet entries in models/manifest.json', () => {
  it('list every MesoNet weights file with the digest of the shared copy', async () => {
    const entries = await readManifest(path.join(root, 'models', 'manifest.json'));
    const meso = entries.filter((e) => e.convert?.with === 'mesonet');
    expect(meso.map((e) => e.file).sort()).toEqual([
      'Meso4_DF.h5',
      'Meso4_F2F.h5',
      'MesoInception_DF.h5',
      'MesoInception_F2F.h5',
    ]);
    for (const e of meso) {
      expect(e.dest).toBe('cache');
      expect(e.url).toMatch(
        /^https:\/\/github\.com\/DariusAf\/MesoNet\/raw\/87bd7bb26d393da52288e6ec78bd15766a876c6f\/weights\/\w+$/,
      );
      expect(sha256(readFileSync(path.join(sharedModels, e.file)))).toBe(e.sha256);
    }
  });

  it('installModel verifies the weights into the cache and converts them to ONNX', async () => {
    const entries = await readManifest(path.join(root, 'models', 'manifest.json'));
    const meso4 = entries.find((e) => e.file === 'Meso4_DF.h5')!;
    const cacheDir = path.join(dir, 'cache');
    const line = await installModel(meso4, {
      publicDir: destDir,
      cacheDir,
      sharedDir: sharedModels,
      fetchImpl: offlineFetch,
    });
    expect(line).toMatch(/Meso4_DF\.h5: copied, sha256 ok -> mesonet\/meso4_df\.onnx/);
    expect(existsSync(path.join(cacheDir, 'Meso4_DF.h5'))).toBe(true);
    expect(existsSync(path.join(destDir, 'Meso4_DF.h5'))).toBe(false); // not shipped
    const onnx = readFileSync(path.join(destDir, 'mesonet', 'meso4_df.onnx'));
    expect(onnx.length).toBeGreaterThan(100_000);
    // A second run is idempotent and leaves the file alone.
    await expect(
      installModel(meso4, { publicDir: destDir, cacheDir, sharedDir: sharedModels }),
    ).resolves.toMatch(/cached, sha256 ok .*unchanged/);
  });

  it('installModel refuses corrupted weights and converts nothing', async () => {
    const entries = await readManifest(path.join(root, 'models', 'manifest.json'));
    const meso4 = entries.find((e) => e.file === 'Meso4_DF.h5')!;
    const bad = readFileSync(path.join(sharedModels, 'Meso4_DF.h5'));
    bad[bad.length - 100] = bad[bad.length - 100]! ^ 0x40;
    writeFileSync(path.join(sharedDir, 'Meso4_DF.h5'), bad);
    await expect(
      installModel(meso4, {
        publicDir: destDir,
        cacheDir: path.join(dir, 'cache'),
        sharedDir,
        fetchImpl: offlineFetch,
      }),
    ).rejects.toThrow(/Meso4_DF\.h5: sha256 mismatch/);
    expect(existsSync(path.join(destDir, 'mesonet'))).toBe(false);
    expect(existsSync(path.join(dir, 'cache', 'Meso4_DF.h5'))).toBe(false);
  });
});
