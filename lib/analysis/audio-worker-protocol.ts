/**
 * Messages between the offscreen document and the audio worker. Both ends are the extension's
 * own code, but every message is still parsed on arrival: the shapes are checked, numbers
 * bounded, unknown keys dropped, so a bug on one side fails loudly at the boundary instead of
 * corrupting a track.
 *
 *   document -> worker: init (model URLs, once), chunk (PCM, buffer transferred), dispose
 *   worker -> document: models (which loaded, once), and per chunk, in order, one of result,
 *   skipped (the worker's backlog was full) or failed
 */
import type { SpeechFrame } from '../audio/track-builder';
import { AUDIO_SAMPLE_RATE, VISEME, type VisemeEvent } from '../audio/types';
import { MAX_AUDIO_CHUNK } from '../messaging/audio-protocol';
import { ValidationError, int, num, record, str } from '../messaging/validate';
import type { AudioModelUrls } from './audio-models';
import type { AudioChunkResult, AudioModelStatus } from './audio-processor';

export type ToAudioWorker =
  | { type: 'init'; urls: AudioModelUrls }
  | { type: 'chunk'; key: number; startS: number; samples: ArrayBuffer }
  | { type: 'dispose'; key: number };

export type FromAudioWorker =
  | ({ type: 'models' } & AudioModelStatus)
  | ({ type: 'result'; key: number } & Omit<AudioChunkResult, 'skipped'>)
  | { type: 'skipped'; key: number }
  | { type: 'failed'; key: number; error: string };

/** Largest media time accepted, s (as lib/messaging/audio-protocol.ts). */
const MAX_TIME_S = 1e7;
/** VAD frames in one chunk: 2 s plus the carried samples of the last, in 512-sample frames. */
const MAX_SPEECH_FRAMES = Math.ceil((MAX_AUDIO_CHUNK + 512) / 512);
/** Viseme events in one chunk (HeadAudio gives at most one per 16 ms hop; generous). */
const MAX_VISEMES = 1024;
const MAX_ERRORS = 8;
const MAX_ERROR_LENGTH = 500;

function key(value: unknown): number {
  return int(value, 'key', 1, Number.MAX_SAFE_INTEGER);
}

function url(value: unknown, what: string): string {
  const text = str(value, what, 2048);
  try {
    new URL(text);
  } catch {
    throw new ValidationError(`${what} must be a URL`);
  }
  return text;
}

function list<T>(value: unknown, what: string, max: number, item: (x: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new ValidationError(`${what} must be an array`);
  if (value.length > max) throw new ValidationError(`${what} has more than ${max} entries`);
  return value.map(item);
}

function speechFrame(value: unknown): SpeechFrame {
  const f = record(value, 'speech frame');
  const start = num(f.start, 'speech.start', -1, MAX_TIME_S);
  const end = num(f.end, 'speech.end', start, MAX_TIME_S + 1);
  return { start, end, p: num(f.p, 'speech.p', 0, 1) };
}

function visemeEvent(value: unknown): VisemeEvent {
  const v = record(value, 'viseme');
  return {
    t: num(v.t, 'viseme.t', -1, MAX_TIME_S + 1),
    viseme: int(v.viseme, 'viseme.viseme', 0, VISEME.sil),
    d: num(v.d, 'viseme.d', 0, 10),
  };
}

/** Parses a message arriving in the worker. */
export function parseToAudioWorker(value: unknown): ToAudioWorker {
  const data = record(value, 'message');
  switch (data.type) {
    case 'init': {
      const urls = record(data.urls, 'urls');
      return {
        type: 'init',
        urls: {
          vad: url(urls.vad, 'urls.vad'),
          worklet: url(urls.worklet, 'urls.worklet'),
          visemeModel: url(urls.visemeModel, 'urls.visemeModel'),
        },
      };
    }
    case 'chunk': {
      const samples = data.samples;
      if (!(samples instanceof ArrayBuffer)) throw new ValidationError('samples: not a buffer');
      const n = samples.byteLength / 4;
      if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIO_CHUNK) {
        throw new ValidationError(`samples must hold 1..${MAX_AUDIO_CHUNK} float32 values`);
      }
      return {
        type: 'chunk',
        key: key(data.key),
        startS: num(data.startS, 'startS', 0, MAX_TIME_S),
        samples,
      };
    }
    case 'dispose':
      return { type: 'dispose', key: key(data.key) };
    default:
      throw new ValidationError('unknown message type');
  }
}

/** Parses a message arriving from the worker. */
export function parseFromAudioWorker(value: unknown): FromAudioWorker {
  const data = record(value, 'message');
  switch (data.type) {
    case 'models': {
      if (data.vad !== null && data.vad !== 'silero') throw new ValidationError('vad: unknown');
      if (typeof data.visemes !== 'boolean') throw new ValidationError('visemes: not a boolean');
      return {
        type: 'models',
        vad: data.vad,
        visemes: data.visemes,
        errors: list(data.errors, 'errors', MAX_ERRORS, (e) => str(e, 'error', MAX_ERROR_LENGTH)),
      };
    }
    case 'result':
      return {
        type: 'result',
        key: key(data.key),
        speech: list(data.speech, 'speech', MAX_SPEECH_FRAMES, speechFrame),
        visemes: list(data.visemes, 'visemes', MAX_VISEMES, visemeEvent),
        costMs: num(data.costMs, 'costMs', 0, 1e7),
        audioS: num(data.audioS, 'audioS', 0, MAX_AUDIO_CHUNK / AUDIO_SAMPLE_RATE),
      };
    case 'skipped':
      return { type: 'skipped', key: key(data.key) };
    case 'failed':
      return {
        type: 'failed',
        key: key(data.key),
        error: str(data.error, 'error', MAX_ERROR_LENGTH),
      };
    default:
      throw new ValidationError('unknown message type');
  }
}

/** An error as it travels in a message (bounded). */
export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
}
