/**
 * The face analyser as the extension ships it: MediaPipe's landmarker, the frame models and the
 * shipped judge. One constructor for the offscreen document and the diagnostics page's
 * file-analysis mode, so that `npm run eval:cv` measures exactly what users run.
 */
import { landmarkerUrls, loadLandmarkerAssets } from '../ml/face/assets';
import { BLEND_MODEL_PATH, BlendModel } from '../ml/frame-model/blend-model';
import { loadLrnet } from '../ml/lrnet';
import { MesoNet } from '../ml/onnx/mesonet';
import { createFaceAnalyserFactory } from './face-analyser';
import {
  PreferWorkerPool,
  WorkerLandmarkerPool,
  type LandmarkWorkerPort,
} from './landmark-worker-client';
import { InThreadLandmarkerPool } from './landmarker-pool';
import { faceThumbnail, rgbaJpeg } from './thumbnail';

/** Resolves a path inside the extension to a URL (browser.runtime.getURL). */
export type ExtensionUrl = (path: string) => string;

export interface ShippedFaceOptions {
  /** False skips the triage keyframes. */
  thumbnails?: boolean;
  /**
   * Starts the landmark worker (lib/analysis/landmark-worker.ts); without it, or when it
   * cannot load the landmarker, the landmarks are found on this thread.
   */
  landmarkWorker?: () => LandmarkWorkerPort;
}

/** The shipped face analyser factory. */
export function shippedFaceFactory(
  url: ExtensionUrl,
  { thumbnails = true, landmarkWorker }: ShippedFaceOptions = {},
) {
  const inThread = () =>
    new InThreadLandmarkerPool((onProgress) => loadLandmarkerAssets(url, onProgress));
  const worker = landmarkWorker
    ? new WorkerLandmarkerPool(landmarkWorker(), landmarkerUrls(url))
    : null;
  return createFaceAnalyserFactory({
    landmarkers: new PreferWorkerPool(worker, inThread),
    loadFrameModel: () => MesoNet.load(url('/models/mesonet/meso4_df.onnx')),
    loadBlendModel: () => BlendModel.load(url(BLEND_MODEL_PATH)),
    loadLrnet: () => loadLrnet(url('/models/lrnet/')),
    ...(thumbnails ? { thumbnail: faceThumbnail, mapImage: rgbaJpeg } : {}),
  });
}
