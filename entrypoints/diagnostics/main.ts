/**
 * Diagnostics page: measures, on this device, how fast face landmarking runs with each delegate
 * and how fast the frame model runs per backend. `npm run bench` reads the result from
 * `document.body.dataset.result`. By default it uses a synthetic test card; `?image=data:...`
 * (the bench passes a fixture face) measures on a real face.
 */
import { browser } from '#imports';
import { fetchBytes, loadLandmarkerAssets } from '@/lib/ml/face/assets';
import { FaceLandmarks, type Delegate } from '@/lib/ml/face/landmarker';
import { BLEND_MODEL_PATH, BlendModel } from '@/lib/ml/frame-model/blend-model';
import { blendInput } from '@/lib/ml/frame-model/input';
import { MesoNet } from '@/lib/ml/onnx/mesonet';
import { mesonetInput } from '@/lib/ml/onnx/mesonet-input';
import { shippedFaceFactory } from '@/lib/analysis/face-factory';
import { C2PA_WASM_PATH, ProvenanceReader } from '@/lib/provenance/read-provenance';
import { analyseFile } from './analyse-file';
import { createImageLandmarker } from './landmark-image';
import { trackFile } from './track-file';

const url = (path: string) => browser.runtime.getURL(path as '/offscreen.html');

async function testImage(): Promise<ImageData> {
  const source = new URLSearchParams(location.search).get('image');
  const canvas = new OffscreenCanvas(384, 384);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  if (source) {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(await fetchBytes(source))]));
    const scale = 384 / Math.max(bitmap.width, bitmap.height);
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
  } else {
    context.fillStyle = '#777';
    context.fillRect(0, 0, 384, 384);
  }
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const median = at(0.5);
  return {
    runs: times.length,
    medianMs: +median.toFixed(2),
    p90Ms: +at(0.9).toFixed(2),
    fps: +(1000 / median).toFixed(1),
  };
}

async function main() {
  const image = await testImage();
  const assets = await loadLandmarkerAssets(url, () => undefined);
  const result: Record<string, unknown> = { image: { width: image.width, height: image.height } };
  for (const delegate of ['CPU', 'GPU'] as Delegate[]) {
    try {
      const started = performance.now();
      const landmarks = await FaceLandmarks.create(assets, delegate);
      const initMs = performance.now() - started;
      const times: number[] = [];
      let faces = 0;
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        faces = landmarks.detect(image, i * 125).length;
        if (i >= 3) times.push(performance.now() - t0);
      }
      landmarks.close();
      result[`landmarker${delegate}`] = { initMs: +initMs.toFixed(0), faces, ...stats(times) };
    } catch (error) {
      result[`landmarker${delegate}`] = { error: String(error) };
    }
  }
  try {
    const started = performance.now();
    const model = await MesoNet.load(url('/models/mesonet/meso4_df.onnx'));
    const initMs = performance.now() - started;
    const input = mesonetInput(image, {
      x: image.width * 0.25,
      y: image.height * 0.2,
      width: image.width * 0.5,
      height: image.height * 0.6,
    });
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      const t0 = performance.now();
      await model.pReal(input);
      if (i >= 3) times.push(performance.now() - t0);
    }
    result.mesonet = { backend: model.backend, initMs: +initMs.toFixed(0), ...stats(times) };
  } catch (error) {
    result.mesonet = { error: String(error) };
  }
  try {
    const started = performance.now();
    const model = await BlendModel.load(url(BLEND_MODEL_PATH));
    const initMs = performance.now() - started;
    const box = {
      x: image.width * 0.25,
      y: image.height * 0.2,
      width: image.width * 0.5,
      height: image.height * 0.6,
    };
    const times: number[] = [];
    let pFake = Number.NaN;
    for (let i = 0; i < 23; i++) {
      const t0 = performance.now();
      // Crop + inference: what the analyser pays per rated frame.
      pFake = (await model.score(blendInput(image, box))).pFake;
      if (i >= 3) times.push(performance.now() - t0);
    }
    result.blend = { backend: model.backend, initMs: +initMs.toFixed(0), pFake, ...stats(times) };
  } catch (error) {
    result.blend = { error: String(error) };
  }
  const text = JSON.stringify(result, null, 2);
  document.getElementById('out')!.textContent = text;
  document.getElementById('status')!.textContent = 'Done.';
  document.body.dataset.result = text;
}

/**
 * `?track`: exposes `telltaleTrackFile(base64, fps, { speechOnly })`, the mouth series and audio track of one
 * file (track-file.ts). The file comes from the caller: extension pages may not fetch from
 * elsewhere (CSP connect-src).
 */
async function exposeTrack() {
  const assets = await loadLandmarkerAssets(url, () => undefined);
  (globalThis as Record<string, unknown>).telltaleTrackFile = (
    base64: string,
    fps: number,
    options: { speechOnly?: boolean; maxSeconds?: number } = {},
  ) =>
    trackFile(
      Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer,
      fps,
      assets,
      url,
      options,
    );
  // The shipped analyser, for telltaleAnalyseFile (analyse-file.ts): models load once.
  const factory = shippedFaceFactory(url, { thumbnails: false });
  await factory.init();
  (globalThis as Record<string, unknown>).telltaleAnalyseFile = (
    base64: string,
    fps: number,
    options: { maxSeconds?: number } = {},
  ) =>
    analyseFile(
      Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer,
      fps,
      factory,
      url,
      options,
    );
  document.getElementById('status')!.textContent = 'Ready to track files.';
  document.body.dataset.trackReady = '1';
}

/**
 * `?landmarks`: exposes `telltaleLandmarkImage(base64)`, the landmarks of every face in one still
 * image (landmark-image.ts; scripts/dump-landmarks.mjs).
 */
async function exposeLandmarks() {
  const assets = await loadLandmarkerAssets(url, () => undefined);
  const landmark = await createImageLandmarker(assets);
  (globalThis as Record<string, unknown>).telltaleLandmarkImage = (base64: string) =>
    landmark(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  document.getElementById('status')!.textContent = 'Ready to landmark images.';
  document.body.dataset.landmarksReady = '1';
}

/**
 * `?provenance`: exposes `telltaleReadProvenance(base64)`, the Content Credentials of one file
 * (lib/provenance; `npm run scan` reads the scanned file's with it). No model is loaded.
 */
function exposeProvenance() {
  const reader = new ProvenanceReader(url(C2PA_WASM_PATH));
  (globalThis as Record<string, unknown>).telltaleReadProvenance = (base64: string) =>
    reader.read(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]));
  document.getElementById('status')!.textContent = 'Ready to read Content Credentials.';
  document.body.dataset.provenanceReady = '1';
  return Promise.resolve();
}

const mode = new URLSearchParams(location.search);
(mode.has('track')
  ? exposeTrack()
  : mode.has('landmarks')
    ? exposeLandmarks()
    : mode.has('provenance')
      ? exposeProvenance()
      : main()
).catch((error) => {
  document.body.dataset.result = JSON.stringify({ error: String(error) });
  document.getElementById('status')!.textContent = `Failed: ${String(error)}`;
});
