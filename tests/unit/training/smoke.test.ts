/**
 * The training code's smoke test (training/tests/test_smoke.py): a few steps on a few synthetic
 * faces, ONNX export and reload. Needs Debian's python3-torch (training/setup.sh installs it);
 * skipped, with the reason printed, where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PYTHON, pythonMissing } from './python';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const missing = pythonMissing();
if (missing) console.warn(`[training smoke test skipped] ${missing}`);

describe.skipIf(missing !== null)('training smoke test (Python)', () => {
  it('trains two steps, exports ONNX and reloads it', { timeout: 120_000 }, () => {
    const r = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'training/tests'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
  });
});
