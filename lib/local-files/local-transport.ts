/**
 * Frame transport for the extension's own triage page: it is same-origin with the offscreen
 * document, so it posts frames straight onto the BroadcastChannel the frame bridges use,
 * stamped with its own tab id, and reads acks from that tab's ack channel.
 */
import {
  FRAME_BROADCAST,
  ackChannelName,
  type AckMessage,
  type FrameMessage,
} from '../messaging/frame-protocol';
import type { PlanarFrameMessage } from '../messaging/frame-planes';
import type { AudioChunkMessage, AudioStateMessage } from '../messaging/audio-protocol';
import { deliverAck, type FrameTransport } from '../sampling/frame-transport';
import { isUnread, type UnreadFrameMessage } from '../sampling/unread-frame';

export class LocalTransport implements FrameTransport {
  readonly kind = 'bridge';
  private readonly frames = new BroadcastChannel(FRAME_BROADCAST);
  private readonly acks: BroadcastChannel;
  private readonly listeners: ((ack: AckMessage) => void)[] = [];
  private open = true;

  constructor(private readonly tabId: number) {
    this.acks = new BroadcastChannel(ackChannelName(tabId));
    this.acks.onmessage = (event: MessageEvent<unknown>) => {
      deliverAck(event.data, this.listeners);
    };
  }

  get alive(): boolean {
    return this.open;
  }

  send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): void {
    // The local checker samples canvas frames only; an unread frame is never sent here.
    if (isUnread(frame)) {
      frame.unread.frame.close();
      return;
    }
    frame.transport = 'bridge';
    this.frames.postMessage({ ...frame, tabId: this.tabId });
  }

  sendAudio(message: AudioChunkMessage | AudioStateMessage): void {
    if (message.kind === 'audio') message.transport = 'bridge';
    this.frames.postMessage({ ...message, tabId: this.tabId });
  }

  onAck(listener: (ack: AckMessage) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.open = false;
    this.frames.close();
    this.acks.close();
  }
}
