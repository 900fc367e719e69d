/**
 * Gets a video's audio state (why its sound cannot be analysed) to the analysis host. The state
 * is said once, when the capture gives up, and that moment can fall where no transport can
 * carry it: the first transport is still connecting (the bridge may take seconds on a loaded
 * machine, longer than the capture's 1.5 s wait for an audio track), or the page removed the
 * bridge. Issue #17: such a state was dropped, and the host never learnt why the audio cues
 * abstained. The outbox keeps the latest state and sends it on each transport it has not yet
 * reached, and again after the host behind the transport was re-created.
 */
import type { AudioStateMessage } from '../messaging/audio-protocol';
import type { FrameTransport } from './frame-transport';

export class AudioStateOutbox {
  private latest: AudioStateMessage | null = null;
  /** The transport the latest state went out on, or null when it still has to go. */
  private reached: FrameTransport | null = null;

  /** The state held for the host, if any. */
  get state(): AudioStateMessage | null {
    return this.latest;
  }

  /**
   * Says `message` (replacing any earlier state) on `transport` when that can carry it, else
   * holds it for {@link offer}. True when it went out now.
   */
  tell(message: AudioStateMessage, transport: FrameTransport | null): boolean {
    this.latest = message;
    this.reached = null;
    return this.offer(transport);
  }

  /**
   * A transport is up (the first one, or a fresh one after the old one closed): the held state
   * goes out on it unless it already did. True when it went out now.
   */
  offer(transport: FrameTransport | null): boolean {
    if (!this.latest || !transport?.alive || transport === this.reached) return false;
    transport.sendAudio(this.latest);
    this.reached = transport;
    return true;
  }

  /** The host may have been re-created behind the same transport: send the state again. */
  hostReplaced(): void {
    this.reached = null;
  }
}
