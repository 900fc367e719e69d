/**
 * Visemes from speech with HeadAudio (@met4citizen/headaudio 0.1.0: MFCC features, Gaussian
 * prototypes, a Mahalanobis classifier; Oculus visemes). Its processor (dist/headworklet.min.mjs,
 * shipped inside the extension) is meant for an AudioWorklet; here it runs in the audio worker
 * (lib/analysis/audio-worker.ts; on the offscreen thread if no worker can run) instead, fed
 * 128-sample blocks of the 16 kHz PCM from the page. Why:
 * `audioWorklet.addModule` never settled for an OfflineAudioContext in the offscreen document
 * (measured, Chromium 14x headless), and a real-time context would tie analysis to wall-clock
 * playback and blur the media timestamps. Run synchronously, every event's time is an exact
 * sample offset, the cost is measurable, and the same code runs in Node for tests and eval.
 *
 * The worklet module is loaded by URL with the two globals it expects from an
 * AudioWorkletGlobalScope (`AudioWorkletProcessor`, `registerProcessor`, plus `sampleRate`),
 * set on whatever global scope runs it (a dedicated worker's, a window's, Node's).
 */
import type { VisemeEvent } from '../../audio/types';

const RATE = 16000;
const BLOCK = 128;
/** Bytes per model record: phoneme, group, viseme, mean (12 floats), inverse covariance (78). */
const RECORD_BYTES = 368;

interface FakePort {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
}

interface ParameterDescriptor {
  name: string;
  defaultValue: number;
}

interface HeadProcessor {
  port: FakePort;
  process(
    inputs: Float32Array[][],
    outputs: Float32Array[][],
    parameters: Record<string, Float32Array>,
  ): boolean;
}

type HeadProcessorClass = (new (options: object) => HeadProcessor) & {
  parameterDescriptors: ParameterDescriptor[];
};

/** Messages the processor posts (its README, "Supported HeadAudio class events"). */
interface ProcessorMessage {
  event?: string;
  t?: number;
  d?: number;
  viseme?: number;
}

function fakePort(): FakePort {
  return { onmessage: null, postMessage: () => undefined };
}

/** Processor classes by module URL (a module runs, and registers, only once). */
const processors = new Map<string, Promise<HeadProcessorClass>>();

/** Imports the worklet module once and returns the processor class it registers. */
function importProcessor(workletUrl: string): Promise<HeadProcessorClass> {
  let loading = processors.get(workletUrl);
  if (!loading) {
    loading = registerFrom(workletUrl);
    processors.set(workletUrl, loading);
    loading.catch(() => processors.delete(workletUrl));
  }
  return loading;
}

async function registerFrom(workletUrl: string): Promise<HeadProcessorClass> {
  const scope = globalThis as unknown as Record<string, unknown>;
  let registered: HeadProcessorClass | null = null;
  scope.sampleRate = RATE;
  scope.AudioWorkletProcessor ??= class {
    port: FakePort = fakePort();
  };
  scope.registerProcessor = (_name: string, cls: HeadProcessorClass) => {
    registered = cls;
  };
  await import(/* @vite-ignore */ workletUrl);
  if (!registered) throw new Error('headworklet did not register a processor');
  return registered;
}

/** Decodes model-en-mixed.bin the way HeadAudio's Training.loadModel does. */
export function decodeVisemeModel(buffer: ArrayBuffer): object[] {
  const model: object[] = [];
  for (let offset = 0; offset + RECORD_BYTES <= buffer.byteLength; offset += RECORD_BYTES) {
    const view = new DataView(buffer, offset, 8);
    const code = view.getUint32(0);
    const hi = code >>> 16;
    const lo = code & 0xffff;
    model.push({
      phoneme: lo === 0 ? String.fromCodePoint(hi) : String.fromCodePoint(hi, lo),
      group: view.getUint8(5),
      viseme: view.getUint8(7),
      mu: new Float32Array(buffer, offset + 8, 12),
      sigmaInvLower: new Float32Array(buffer, offset + 56, 78),
    });
  }
  if (model.length === 0) throw new Error('viseme model is empty');
  return model;
}

/** One contiguous stretch of a video's audio through its own processor. */
export class VisemeStream {
  private readonly events: VisemeEvent[] = [];
  private readonly parameters: Record<string, Float32Array>;
  private readonly block = new Float32Array(BLOCK);
  private filled = 0;

  constructor(
    private readonly processor: HeadProcessor,
    descriptors: readonly ParameterDescriptor[],
    /** Media time of the first sample fed, s. */
    readonly startS: number,
  ) {
    this.parameters = Object.fromEntries(
      descriptors.map((d) => [d.name, Float32Array.of(d.defaultValue)]),
    );
  }

  /** Called by the processor's port. */
  receive(message: ProcessorMessage): void {
    if (message.event !== 'viseme' || message.viseme === undefined || message.t === undefined) {
      return;
    }
    this.events.push({ t: this.startS + message.t, viseme: message.viseme, d: message.d ?? 0.016 });
  }

  /** Feeds 16 kHz samples; returns the viseme events they completed. */
  push(samples: Float32Array): VisemeEvent[] {
    for (let i = 0; i < samples.length;) {
      const n = Math.min(BLOCK - this.filled, samples.length - i);
      this.block.set(samples.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === BLOCK) {
        this.processor.process([[this.block]], [], this.parameters);
        this.filled = 0;
      }
    }
    return this.events.splice(0);
  }
}

export class VisemeDetector {
  private constructor(
    private readonly Processor: HeadProcessorClass,
    private readonly model: object[],
  ) {}

  /** Loads the processor module and the model (both URLs inside the extension, or file URLs). */
  static async load(
    urls: { worklet: string; model: string },
    fetchBytes: (url: string) => Promise<ArrayBuffer> = async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url.split('/').pop()}: HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  ): Promise<VisemeDetector> {
    const [Processor, bytes] = await Promise.all([
      importProcessor(urls.worklet),
      fetchBytes(urls.model),
    ]);
    return new VisemeDetector(Processor, decodeVisemeModel(bytes));
  }

  /** A fresh processor for audio starting at media time `startS`. */
  createStream(startS: number): VisemeStream {
    const processor = new this.Processor({
      processorOptions: { visemeEventsEnabled: false },
    });
    const stream = new VisemeStream(processor, this.Processor.parameterDescriptors, startS);
    // The processor posts through `this.worklet.port`, i.e. its own port.
    processor.port.postMessage = (message: unknown) => stream.receive(message as ProcessorMessage);
    processor.port.onmessage?.({ data: { event: 'model', model: this.model } });
    return stream;
  }
}
