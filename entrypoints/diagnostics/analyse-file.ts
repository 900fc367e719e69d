/**
 * Diagnostics "analyse a file" mode (`diagnostics.html?track`, then
 * `telltaleAnalyseFile(base64, fps, { maxSeconds })`): runs the shipped face analyser (the one
 * the offscreen document uses: landmarks, frame models, cues, features, classifier) over a
 * video's frames at a fixed rate, with the file's sound decoded in full for the lip-sync cues,
 * and returns its final outcome. The video pauses on each frame until it is analysed, so the
 * result does not depend on how busy the machine is. `npm run eval:cv` uses it to measure and
 * fit the classifier on labelled corpora.
 */
import type { AnalyserFactory, AnalyserOutcome } from '@/lib/analysis/analyser';
import type { ExtensionUrl } from '@/lib/analysis/face-factory';
import { AUDIO_SAMPLE_RATE } from '@/lib/audio/types';
import type { AnalysisFrame } from '@/lib/analysis/analyser';
import { FaceCropper, faceCropRegion } from '@/lib/sampling/face-crop';
import { audioTrack, decodeMono16k, eachFrame, openVideo } from './track-file';

export interface AnalysedFile {
  fps: number;
  durationS: number;
  width: number;
  height: number;
  frames: number;
  outcome: AnalyserOutcome;
  ms: { frames: number; audio: number };
}

export async function analyseFile(
  bytes: ArrayBuffer,
  fps: number,
  factory: AnalyserFactory,
  url: ExtensionUrl,
  { maxSeconds = 10 }: { maxSeconds?: number } = {},
): Promise<AnalysedFile> {
  const audioStarted = performance.now();
  const pcm = await decodeMono16k(bytes.slice(0));
  const audio = await audioTrack(
    pcm ? pcm.subarray(0, Math.round(maxSeconds * AUDIO_SAMPLE_RATE)) : null,
    url,
  );
  const audioMs = performance.now() - audioStarted;

  const blob = URL.createObjectURL(new Blob([bytes]));
  const { video, width, height, context } = await openVideo(blob);
  const analyser = factory.create();
  const cropper = new FaceCropper();
  analyser.setWindow?.(maxSeconds + 1);
  analyser.attachAudio?.(() => audio);
  const started = performance.now();
  let frames = 0;
  try {
    await eachFrame(video, fps, maxSeconds, async (t) => {
      context.drawImage(video, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      const frame: AnalysisFrame = {
        videoId: 'file',
        seq: frames++,
        mediaTimeS: t,
        captureTs: 0,
        captureMs: 0,
        width,
        height,
        sourceWidth: video.videoWidth,
        sourceHeight: video.videoHeight,
        pixels: image.data.buffer,
      };
      // As the page's sampler does: a native crop around where the analyser last saw the
      // main face (lib/sampling/video-sampler.ts).
      const face = analyser.faceBox?.() ?? null;
      const region = face
        ? faceCropRegion(face, width, height, video.videoWidth, video.videoHeight)
        : null;
      if (region) frame.faceCrop = cropper.draw(video, region);
      await analyser.analyse(frame);
    });
    return {
      fps,
      durationS: video.duration,
      width: video.videoWidth,
      height: video.videoHeight,
      frames,
      outcome: analyser.outcome(true),
      ms: { frames: Math.round(performance.now() - started), audio: Math.round(audioMs) },
    };
  } finally {
    analyser.dispose();
    URL.revokeObjectURL(blob);
  }
}
