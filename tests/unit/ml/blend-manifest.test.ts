/** The project's own model is committed, listed in the manifest with its digest, and small. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../scripts/lib/models.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('models/telltale-blend.onnx', () => {
  it('matches its manifest entry and stays under 10 MB', async () => {
    const entries = await readManifest(path.join(root, 'models', 'manifest.json'));
    const entry = entries.find((e) => e.file === 'telltale-blend.onnx');
    expect(entry?.local).toBe('models/telltale-blend.onnx');
    const bytes = readFileSync(path.join(root, 'models', 'telltale-blend.onnx'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry?.sha256);
    expect(bytes.length).toBe(entry?.bytes);
    expect(bytes.length).toBeLessThanOrEqual(10 * 1024 * 1024);
  });
});
