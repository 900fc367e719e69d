/**
 * Diagnostics "track a file" mode (`diagnostics.html?track`, then
 * `telltaleTrackFile(base64, fps)`): decodes a video's sound in full and takes its frames at a
 * fixed rate (the video pauses on each until it is analysed, so the rate does not depend on how
 * busy the machine is), and returns the main face's mouth series and the audio track exactly as
 * the lip-sync cues see them. `npm run eval:lipsync` and tests/e2e/lipsync-tracked.test.ts use
 * it to measure the lip-sync cues on real clips and on dubbed variants made from them.
 */
import { audioModelUrls, loadAudioModels } from '@/lib/analysis/audio-models';
import { AudioModelStream } from '@/lib/analysis/audio-model-stream';
import { AudioTrackBuilder } from '@/lib/audio/track-builder';
import { mixToMono, speechSegments, totalSeconds } from '@/lib/audio/envelope';
import { AUDIO_SAMPLE_RATE, type AudioTrack } from '@/lib/audio/types';
import { emptyMouthSeries, mouthSeries, type MouthSeries } from '@/lib/cues/mouth';
import { FaceLandmarks } from '@/lib/ml/face/landmarker';
import type { LandmarkerAssets } from '@/lib/ml/face/landmarker';
import { DEFAULT_MAX_SIDE, scaledSize } from '@/lib/sampling/frame-capture';
import { measureFace } from '@/lib/tracks/measure';
import { FaceTracker } from '@/lib/tracks/tracker';

export interface TrackedFile {
  fps: number;
  durationS: number;
  frames: number;
  framesWithFace: number;
  mouth: MouthSeries;
  audio: AudioTrack;
  ms: { frames: number; audio: number };
}

/** With `speechOnly`, files with less speech than this are not landmarked, s. */
const MIN_SPEECH_S = 1;
/** Seconds kept of a file's face track and audio: all of it. */
const WINDOW_S = 3600;

export async function decodeMono16k(bytes: ArrayBuffer): Promise<Float32Array | null> {
  const context = new OfflineAudioContext(1, AUDIO_SAMPLE_RATE, AUDIO_SAMPLE_RATE);
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(bytes);
  } catch {
    return null; // no audio track (or one Chromium cannot decode)
  }
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) =>
    buffer.getChannelData(c),
  );
  return mixToMono(channels);
}

/** The file's audio track, through the same model code as the audio worker. */
export async function audioTrack(
  pcm: Float32Array | null,
  url: (path: string) => string,
): Promise<AudioTrack> {
  const builder = new AudioTrackBuilder(WINDOW_S);
  if (!pcm) {
    builder.markStatus('none', 'this video has no audio track');
    return builder.snapshot();
  }
  builder.addPcm(0, pcm);
  const models = await loadAudioModels(audioModelUrls(url));
  if (!models.vad) builder.markVadFailed();
  const result = await new AudioModelStream(models).process(0, pcm);
  builder.addSpeech(result.speech);
  builder.addVisemes(result.visemes);
  return builder.snapshot();
}

/**
 * A muted video element on `url`, loaded, with a canvas for its frames at the size the page's
 * sampler sends (at most DEFAULT_MAX_SIDE).
 */
export async function openVideo(url: string) {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.src = url;
  await new Promise<void>((resolve, reject) => {
    video.addEventListener('loadeddata', () => resolve(), { once: true });
    video.addEventListener('error', () => reject(new Error('cannot load the video')), {
      once: true,
    });
  });
  const { width, height } = scaledSize(video.videoWidth, video.videoHeight, DEFAULT_MAX_SIDE);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas');
  return { video, width, height, context };
}

/** No new frame for this long means playback is over (or stuck), ms. */
const STALL_MS = 5000;

/**
 * Calls `visit` with the video's frames at about `fps` up to `untilS`, in order, each at its own
 * media time:
 * the video plays muted and pauses on every frame it keeps until `visit` is done. Playback,
 * not seeking: a seek decodes from the previous keyframe, which on a clip with one keyframe
 * costs the whole clip so far for every frame.
 */
export function eachFrame(
  video: HTMLVideoElement,
  fps: number,
  untilS: number,
  visit: (mediaTimeS: number) => void | Promise<void>,
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let timer = setTimeout(resolve, STALL_MS);
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      clearTimeout(timer);
      if (meta.mediaTime > untilS) {
        video.pause();
        resolve();
        return;
      }
      const carryOn = () => {
        if (video.ended) resolve();
        else {
          timer = setTimeout(resolve, STALL_MS);
          video.requestVideoFrameCallback(onFrame);
        }
      };
      if (meta.mediaTime + 1e-3 >= next) {
        video.pause();
        const visited = visit(meta.mediaTime);
        next = meta.mediaTime + 1 / fps - 0.5 / 1000;
        const resume = () => {
          carryOn();
          void video.play();
        };
        if (visited instanceof Promise) visited.then(resume, resume);
        else resume();
        return;
      }
      carryOn();
    };
    video.addEventListener('ended', () => resolve(), { once: true });
    video.requestVideoFrameCallback(onFrame);
    void video.play();
  });
}

export async function trackFile(
  bytes: ArrayBuffer,
  fps: number,
  assets: LandmarkerAssets,
  url: (path: string) => string,
  { speechOnly = false, maxSeconds = Infinity }: { speechOnly?: boolean; maxSeconds?: number } = {},
): Promise<TrackedFile> {
  const blob = URL.createObjectURL(new Blob([bytes]));
  const audioStarted = performance.now();
  const pcm = await decodeMono16k(bytes.slice(0));
  const audio = await audioTrack(
    pcm && Number.isFinite(maxSeconds)
      ? pcm.subarray(0, Math.round(maxSeconds * AUDIO_SAMPLE_RATE))
      : pcm,
    url,
  );
  const audioMs = performance.now() - audioStarted;
  const speechS = totalSeconds(speechSegments(audio.times, audio.speech, audio.hopS));
  if (speechOnly && speechS < MIN_SPEECH_S) {
    // Nothing for the lip-sync cues to compare: the frames are not worth landmarking.
    return {
      fps,
      durationS: NaN,
      frames: 0,
      framesWithFace: 0,
      mouth: emptyMouthSeries(),
      audio,
      ms: { frames: 0, audio: Math.round(audioMs) },
    };
  }

  const { video, width, height, context } = await openVideo(blob);
  const landmarks = await FaceLandmarks.create(assets, 'CPU');
  const tracker = new FaceTracker({ windowS: WINDOW_S });
  const started = performance.now();
  let frames = 0;
  let withFace = 0;
  await eachFrame(video, fps, maxSeconds, (t) => {
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    const faces = landmarks.detect(image, t * 1000);
    if (faces.length > 0) withFace++;
    tracker.update(
      { t, index: frames++, width, height },
      faces.map((face) => ({ ...face, ...measureFace(image, face) })),
    );
  });
  landmarks.close();
  URL.revokeObjectURL(blob);
  const main = tracker.mainTrack();
  return {
    fps,
    durationS: video.duration,
    frames,
    framesWithFace: withFace,
    mouth: main ? mouthSeries(main) : emptyMouthSeries(),
    audio,
    ms: { frames: Math.round(performance.now() - started), audio: Math.round(audioMs) },
  };
}
