import { describe, expect, it } from 'vitest';
import type { AudioStateMessage } from '@/lib/messaging/audio-protocol';
import type { AckMessage, FrameMessage } from '@/lib/messaging/frame-protocol';
import type { AudioSideMessage, FrameTransport } from '@/lib/sampling/frame-transport';
import { AudioStateOutbox } from '@/lib/sampling/audio-state-outbox';

class FakeTransport implements FrameTransport {
  readonly kind = 'bridge';
  alive = true;
  audio: AudioSideMessage[] = [];
  send(_frame: FrameMessage): void {}
  sendAudio(message: AudioSideMessage): void {
    if (!this.alive) throw new Error('sent on a closed transport');
    this.audio.push(message);
  }
  onAck(_listener: (ack: AckMessage) => void): void {}
  close(): void {
    this.alive = false;
  }
}

const state = (reason: string): AudioStateMessage => ({
  kind: 'audio-state',
  videoId: 'v0123456789abcdef0123',
  state: 'none',
  reason,
});

describe('AudioStateOutbox (issue #17: an audio state said while no transport could carry it)', () => {
  it('sends a state said before the first transport came up once it does', () => {
    const outbox = new AudioStateOutbox();
    expect(outbox.tell(state('no audio track'), null)).toBe(false);
    const transport = new FakeTransport();
    expect(outbox.offer(transport)).toBe(true);
    expect(outbox.offer(transport)).toBe(false);
    expect(transport.audio).toEqual([state('no audio track')]);
  });

  it('re-sends a state said after the transport closed on the next transport', () => {
    const outbox = new AudioStateOutbox();
    const closed = new FakeTransport();
    closed.close();
    expect(outbox.tell(state('no audio track'), closed)).toBe(false);
    expect(closed.audio).toEqual([]);
    const fresh = new FakeTransport();
    outbox.offer(fresh);
    expect(fresh.audio).toEqual([state('no audio track')]);
  });

  it('sends at once on a live transport, and again to a re-created host', () => {
    const outbox = new AudioStateOutbox();
    const transport = new FakeTransport();
    expect(outbox.tell(state('blocked'), transport)).toBe(true);
    expect(outbox.offer(transport)).toBe(false);
    outbox.hostReplaced();
    expect(outbox.offer(transport)).toBe(true);
    expect(transport.audio).toEqual([state('blocked'), state('blocked')]);
  });

  it('holds only the latest state', () => {
    const outbox = new AudioStateOutbox();
    outbox.tell(state('first'), null);
    outbox.tell(state('second'), null);
    const transport = new FakeTransport();
    outbox.offer(transport);
    expect(transport.audio).toEqual([state('second')]);
    expect(outbox.state?.reason).toBe('second');
  });

  it('sends nothing when nothing was said', () => {
    const transport = new FakeTransport();
    expect(new AudioStateOutbox().offer(transport)).toBe(false);
    expect(transport.audio).toEqual([]);
  });
});
