/**
 * One video's audio model work on the calling thread: used in Node (tests, eval) and by the
 * offscreen document when the audio worker cannot be started. Chunks wait for the models, then
 * run one at a time in call order.
 */
import { AudioModelStream } from './audio-model-stream';
import {
  MAX_BACKLOG,
  emptyResult,
  modelStatus,
  type AudioChunkResult,
  type AudioModelStatus,
  type AudioModels,
  type AudioProcessor,
} from './audio-processor';

export class InThreadAudioProcessor implements AudioProcessor {
  /** The analyser's count of outstanding chunks is this processor's backlog. */
  readonly maxOutstanding = MAX_BACKLOG;
  readonly models: Promise<AudioModelStatus>;
  private stream: AudioModelStream | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly loaded: Promise<AudioModels>) {
    this.models = loaded.then(modelStatus);
  }

  process(startS: number, pcm: Float32Array): Promise<AudioChunkResult> {
    const run = this.queue.then(async () => {
      const models = await this.loaded;
      if (this.disposed) return emptyResult();
      this.stream ??= new AudioModelStream(models);
      return this.stream.process(startS, pcm);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.disposed = true;
    this.stream?.dispose();
  }
}
