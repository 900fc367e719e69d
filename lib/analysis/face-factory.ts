/**
 * The face analyser as the extension ships it: MediaPipe's landmarker, the frame models and the
 * shipped judge. One constructor for the offscreen document and the diagnostics page's
 * file-analysis mode, so that `npm run eval:cv` measures exactly what users run.
 */
import { loadLandmarkerAssets } from '../ml/face/assets';
import { BLEND_MODEL_PATH, BlendModel } from '../ml/frame-model/blend-model';
import { loadLrnet } from '../ml/lrnet';
import { MesoNet } from '../ml/onnx/mesonet';
import { createFaceAnalyserFactory } from './face-analyser';
import { faceThumbnail, rgbaJpeg } from './thumbnail';

/** Resolves a path inside the extension to a URL (browser.runtime.getURL). */
export type ExtensionUrl = (path: string) => string;

/** The shipped face analyser factory; `thumbnails: false` skips the triage keyframes. */
export function shippedFaceFactory(url: ExtensionUrl, { thumbnails = true } = {}) {
  return createFaceAnalyserFactory({
    loadAssets: (onProgress) => loadLandmarkerAssets(url, onProgress),
    loadFrameModel: () => MesoNet.load(url('/models/mesonet/meso4_df.onnx')),
    loadBlendModel: () => BlendModel.load(url(BLEND_MODEL_PATH)),
    loadLrnet: () => loadLrnet(url('/models/lrnet/')),
    ...(thumbnails ? { thumbnail: faceThumbnail, mapImage: rgbaJpeg } : {}),
  });
}
