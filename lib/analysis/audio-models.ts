/**
 * Loads the audio models once: silero VAD (onnxruntime-web) and HeadAudio's viseme worklet.
 * Runs in the audio worker (lib/analysis/audio-worker.ts), or in the offscreen document when no
 * worker can run. Either model may fail on its own; the audio analysis then runs with what
 * loaded (lib/analysis/audio-analyser.ts) and the failure is logged and reported.
 */
import { SileroVad } from '../ml/audio/silero';
import { VisemeDetector } from '../ml/audio/visemes';
import type { AudioModels } from './audio-processor';

/** Extension paths of the audio model files (copied at build, see wxt.config.ts). */
export const AUDIO_MODEL_PATHS = {
  vad: '/models/vad/silero_vad_v5.onnx',
  worklet: '/models/headaudio/headworklet.min.mjs',
  visemeModel: '/models/headaudio/model-en-mixed.bin',
} as const;

/** Full URLs of the model files (a worker cannot call `browser.runtime.getURL`). */
export type AudioModelUrls = Record<keyof typeof AUDIO_MODEL_PATHS, string>;

export function audioModelUrls(url: (path: string) => string): AudioModelUrls {
  return {
    vad: url(AUDIO_MODEL_PATHS.vad),
    worklet: url(AUDIO_MODEL_PATHS.worklet),
    visemeModel: url(AUDIO_MODEL_PATHS.visemeModel),
  };
}

function describe(reason: unknown): string {
  return (reason instanceof Error ? reason.message : String(reason)).slice(0, 300);
}

/** Never rejects: a model that fails is null and its reason is in `errors`. */
export async function loadAudioModels(urls: AudioModelUrls): Promise<AudioModels> {
  const [vad, visemes] = await Promise.allSettled([
    SileroVad.load(urls.vad),
    VisemeDetector.load({ worklet: urls.worklet, model: urls.visemeModel }),
  ]);
  const errors: string[] = [];
  if (vad.status === 'rejected') {
    console.warn('[telltale] VAD unavailable:', vad.reason);
    errors.push(`VAD unavailable: ${describe(vad.reason)}`);
  }
  if (visemes.status === 'rejected') {
    console.warn('[telltale] visemes unavailable:', visemes.reason);
    errors.push(`visemes unavailable: ${describe(visemes.reason)}`);
  }
  return {
    vad: vad.status === 'fulfilled' ? vad.value : null,
    visemes: visemes.status === 'fulfilled' ? visemes.value : null,
    errors,
  };
}
