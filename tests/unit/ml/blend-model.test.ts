/**
 * The blend model refuses to load rather than score when its file is missing or broken
 * (the analyser then records the error and the blend cue abstains with it).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlendModel } from '@/lib/ml/frame-model/blend-model';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('BlendModel.load', () => {
  it('says when the model file is missing', async () => {
    vi.stubGlobal('fetch', async () => new Response('not found', { status: 404 }));
    await expect(
      BlendModel.load('chrome-extension://x/models/telltale-blend.onnx'),
    ).rejects.toThrow(
      /blend model could not be loaded \(telltale-blend\.onnx\): telltale-blend\.onnx: HTTP 404/,
    );
  });

  it('says when the model file is corrupt', async () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('fetch', async () => new Response(new Uint8Array(4096).fill(7)));
    await expect(
      BlendModel.load('chrome-extension://x/models/telltale-blend.onnx'),
    ).rejects.toThrow(/blend model could not be loaded \(telltale-blend\.onnx\)/);
  });
});
