/**
 * Tab audio, the fallback for a deep check when the video element's own sound cannot be read
 * (`captureStream()` refused, or the sound plays from another element or from Web Audio).
 * The background gets a stream id from `chrome.tabCapture.getMediaStreamId` (allowed only
 * after the user invoked Telltale on the tab: context menu or toolbar); here, in the offscreen
 * document, it becomes a MediaStream.
 *
 * - The user keeps hearing the tab: a captured tab is muted by Chrome, so the stream is played
 *   back through this document's AudioContext (its default rate and device).
 * - An AudioWorklet tap (public/worklets/audio-tap.js) takes the same sound on the audio
 *   thread, stamped with wall-clock time; TabAudioMapper (lib/audio/tab-audio-mapper.ts) puts
 *   it on the media clock with the playback reports the content script sends.
 * - Tab audio is everything the tab plays, so it is used only on request, and the report says
 *   where the sound came from (`audio.source`).
 */
import type { AudioChunkMessage, MediaClockMessage } from '../messaging/audio-protocol';
import { TabAudioMapper, isTapBatch } from '../audio/tab-audio-mapper';
import { closed, opened } from '../debug/live-counts';

export interface TabAudioHooks {
  onChunk(chunk: AudioChunkMessage): void;
  /** The capture failed or ended by itself (stream gone, tab navigated). */
  onEnd(reason: string): void;
}

/** Chromium's constraints for a tab-capture stream id (not in the standard typings). */
function tabConstraints(streamId: string): MediaStreamConstraints {
  return {
    audio: { mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: streamId } },
    video: false,
  } as unknown as MediaStreamConstraints;
}

export class TabAudioCapture {
  private stopped = false;
  private readonly mapper: TabAudioMapper;

  private constructor(
    readonly videoId: string,
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly hooks: TabAudioHooks,
  ) {
    this.mapper = new TabAudioMapper(videoId, (chunk) => hooks.onChunk(chunk));
  }

  /** Opens the tab's stream; rejects with a reason a user can read. */
  static async open(
    streamId: string,
    videoId: string,
    workletUrl: string,
    hooks: TabAudioHooks,
  ): Promise<TabAudioCapture> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(tabConstraints(streamId));
    } catch (error) {
      throw new Error(
        `the tab's sound could not be captured (${error instanceof Error ? error.name : 'error'})`,
      );
    }
    const context = new AudioContext();
    opened('audioContexts');
    try {
      await context.audioWorklet.addModule(workletUrl);
      const source = context.createMediaStreamSource(stream);
      // Chrome mutes a captured tab: play it back so the user still hears the video.
      source.connect(context.destination);
      const tap = new AudioWorkletNode(context, 'telltale-audio-tap', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
      });
      source.connect(tap);
      const capture = new TabAudioCapture(videoId, stream, context, hooks);
      tap.port.onmessage = (event: MessageEvent<unknown>) => {
        if (isTapBatch(event.data) && !capture.stopped) capture.mapper.onBatch(event.data);
      };
      for (const track of stream.getAudioTracks()) {
        track.addEventListener('ended', () => capture.end('the tab capture ended'));
      }
      await context.resume();
      return capture;
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      void context.close().catch(() => undefined);
      closed('audioContexts');
      throw new Error(
        `the tab's sound could not be routed (${error instanceof Error ? error.message : 'error'})`,
      );
    }
  }

  /** The offscreen graph and the mapping so far (diagnostics and tests). */
  get status() {
    const context = this.context;
    return {
      contextState: context.state,
      sampleRate: context.sampleRate,
      // What the playback route adds before the user hears the tab (besides the capture lag).
      playbackLatencyMs: Math.round((context.baseLatency + (context.outputLatency || 0)) * 1000),
      ...this.mapper.counts,
    };
  }

  /** A playback report from the content script. */
  onClock(message: MediaClockMessage): void {
    if (!this.stopped) this.mapper.onClock(message);
  }

  /** Stops capturing; the tab plays through its own output again. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const track of this.stream.getTracks()) track.stop();
    void this.context.close().catch(() => undefined);
    closed('audioContexts');
  }

  private end(reason: string): void {
    if (this.stopped) return;
    this.stop();
    this.hooks.onEnd(reason);
  }
}
