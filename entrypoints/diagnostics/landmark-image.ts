/**
 * Diagnostics "landmark images" mode (`diagnostics.html?landmarks`, then
 * `telltaleLandmarkImage(base64)`): decodes one still image (PNG or JPEG) at its own size and
 * returns the 478 FaceLandmarker points of each face in pixels, with the same model, options and
 * pixel conventions as the analyser (lib/ml/face). IMAGE running mode: every image stands alone,
 * so unrelated images (training faces, frames sampled from many videos) do not track into each
 * other. scripts/dump-landmarks.mjs uses it to build the training/evaluation landmark cache.
 */
import { FaceLandmarker } from '@mediapipe/tasks-vision';
import { installModuleFactory, modelAsset, type LandmarkerAssets } from '@/lib/ml/face/landmarker';

export interface LandmarkedImage {
  width: number;
  height: number;
  /** Per face: 478 points as [x0, y0, x1, y1, ...] in pixels of the decoded image. */
  faces: number[][];
}

export async function createImageLandmarker(
  assets: LandmarkerAssets,
): Promise<(bytes: Uint8Array) => Promise<LandmarkedImage>> {
  // The loader is an ES module: install its factory as the analyser's landmarker does.
  await installModuleFactory(assets.wasmLoaderPath);
  const landmarker = await FaceLandmarker.createFromOptions(
    { wasmLoaderPath: '', wasmBinaryPath: assets.wasmBinaryPath },
    {
      baseOptions: { ...modelAsset(assets.model), delegate: 'CPU' },
      runningMode: 'IMAGE',
      numFaces: 4,
      minFaceDetectionConfidence: 0.5,
      minFacePresenceConfidence: 0.5,
    },
  );
  return async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const result = landmarker.detect(image);
    const faces = result.faceLandmarks.map((points) =>
      points.flatMap((p) => [
        Math.round(p.x * image.width * 100) / 100,
        Math.round(p.y * image.height * 100) / 100,
      ]),
    );
    return { width: image.width, height: image.height, faces };
  };
}
