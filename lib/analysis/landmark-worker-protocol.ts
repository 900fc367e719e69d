/**
 * Messages between the offscreen document and the landmark worker (lib/analysis/
 * landmark-worker.ts). Both ends are the extension's own code; replies are still checked for
 * shape on arrival, so a bug on one side fails at the boundary instead of inside a track.
 *
 *   document -> worker: init (asset URLs, once), detect (RGBA pixels, buffer transferred),
 *   release (a video is gone)
 *   worker -> document: progress, ready (the delegate chosen) or unavailable (init failed),
 *   and per detect, in order, faces or failed
 */
import type { FaceDetection } from '../ml/face/detections';
import type { DelegateChoice } from '../ml/face/landmarker';
import { ValidationError, int, record, str } from '../messaging/validate';

/** Where the worker loads the landmarker from (inside the extension). */
export interface LandmarkerUrls {
  wasmLoaderPath: string;
  wasmBinaryPath: string;
  modelUrl: string;
}

export type ToLandmarkWorker =
  | { type: 'init'; urls: LandmarkerUrls }
  | {
      type: 'detect';
      id: number;
      key: number;
      width: number;
      height: number;
      pixels: ArrayBuffer;
      mediaTimeMs: number;
    }
  | { type: 'release'; key: number };

export type FromLandmarkWorker =
  | { type: 'progress'; progress: number }
  | { type: 'ready'; choice: DelegateChoice }
  | { type: 'unavailable'; error: string }
  | { type: 'faces'; id: number; faces: FaceDetection[] }
  | { type: 'failed'; id: number; error: string };

const MAX_ERROR_LENGTH = 500;

/** Checks a worker reply's shape (the detections are the worker's own toDetections output). */
export function parseFromLandmarkWorker(value: unknown): FromLandmarkWorker {
  const m = record(value, 'landmark worker message');
  switch (m.type) {
    case 'progress':
      return { type: 'progress', progress: Math.min(1, Math.max(0, Number(m.progress) || 0)) };
    case 'ready': {
      const choice = record(m.choice, 'choice') as unknown as DelegateChoice;
      if (choice.delegate !== 'CPU' && choice.delegate !== 'GPU') {
        throw new ValidationError('choice.delegate must be CPU or GPU');
      }
      return { type: 'ready', choice };
    }
    case 'unavailable':
      return { type: 'unavailable', error: str(m.error, 'error', MAX_ERROR_LENGTH) };
    case 'faces': {
      if (!Array.isArray(m.faces)) throw new ValidationError('faces must be an array');
      for (const face of m.faces) {
        const f = record(face, 'face');
        if (!(f.landmarks instanceof Float32Array) || !(f.blendshapes instanceof Float32Array)) {
          throw new ValidationError('face landmarks must be Float32Arrays');
        }
      }
      return {
        type: 'faces',
        id: int(m.id, 'id', 1, Number.MAX_SAFE_INTEGER),
        faces: m.faces as FaceDetection[],
      };
    }
    case 'failed':
      return {
        type: 'failed',
        id: int(m.id, 'id', 1, Number.MAX_SAFE_INTEGER),
        error: str(m.error, 'error', MAX_ERROR_LENGTH),
      };
    default:
      throw new ValidationError(`unknown landmark worker message ${String(m.type)}`);
  }
}

/** An error as text short enough for a message. */
export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
}
