import { describe, expect, it } from 'vitest';
import { judgeLint } from '../../../scripts/lib/addons-lint.mjs';

const finding = (code: string, file: string) => ({ code, file, message: code });

describe('judgeLint (addons-linter findings on the Firefox package)', () => {
  it('passes the explained warnings and names why', () => {
    const verdict = judgeLint({
      errors: [],
      notices: [],
      warnings: [
        finding('UNSAFE_VAR_ASSIGNMENT', 'chunks/jsxRuntime.module-ZEw5OpFG.js'),
        finding('DANGEROUS_EVAL', 'chunks/offscreen-Cv-4xrvr.js'),
        finding('UNSAFE_VAR_ASSIGNMENT', 'assets/audio-worker-KaAPIBBP.js'),
      ],
    });
    expect(verdict.unexpected).toEqual([]);
    expect(verdict.explained).toHaveLength(3);
    expect(verdict.explained[1]?.why).toMatch(/onnxruntime-web/);
  });

  it('fails a known code in a file it was not explained for, and any new code', () => {
    const verdict = judgeLint({
      errors: [finding('MANIFEST_FIELD_INVALID', 'manifest.json')],
      notices: [],
      warnings: [
        finding('DANGEROUS_EVAL', 'chunks/popup-abc.js'),
        finding('KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION', 'manifest.json'),
      ],
    });
    expect(verdict.unexpected.map((f) => f.code)).toEqual([
      'DANGEROUS_EVAL',
      'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
    ]);
    expect(verdict.errors).toHaveLength(1);
  });
});
