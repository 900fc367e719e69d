/**
 * Loads the audio models once for the offscreen document: silero VAD (onnxruntime-web) and
 * HeadAudio's viseme worklet. Either may fail on its own; the audio analysis then runs with
 * what loaded (lib/analysis/audio-analyser.ts) and the failure is logged.
 */
import { SileroVad } from '../ml/audio/silero';
import { VisemeDetector } from '../ml/audio/visemes';
import type { AudioModels } from './audio-analyser';

/** Extension paths of the audio model files (copied at build, see wxt.config.ts). */
export const AUDIO_MODEL_PATHS = {
  vad: '/models/vad/silero_vad_v5.onnx',
  worklet: '/models/headaudio/headworklet.min.mjs',
  visemeModel: '/models/headaudio/model-en-mixed.bin',
} as const;

export async function loadAudioModels(url: (path: string) => string): Promise<AudioModels> {
  const urls = {
    worklet: url(AUDIO_MODEL_PATHS.worklet),
    model: url(AUDIO_MODEL_PATHS.visemeModel),
  };
  const [vad, visemes] = await Promise.allSettled([
    SileroVad.load(url(AUDIO_MODEL_PATHS.vad)),
    VisemeDetector.load(urls),
  ]);
  if (vad.status === 'rejected') console.warn('[telltale] VAD unavailable:', vad.reason);
  if (visemes.status === 'rejected')
    console.warn('[telltale] visemes unavailable:', visemes.reason);
  return {
    vad: vad.status === 'fulfilled' ? vad.value : null,
    visemes: visemes.status === 'fulfilled' ? visemes.value : null,
  };
}
