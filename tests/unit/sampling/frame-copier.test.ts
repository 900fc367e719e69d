/**
 * Planar frames read off the page's main thread (lib/sampling/frame-copier.ts,
 * lib/sampling/unread-frame.ts): the worker program run here against a fake worker scope, the
 * content script's FrameCopier against a fake Worker, and the main-thread read. Every
 * VideoFrame must end closed, whichever way it goes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FRAME_WORKER_PORT } from '@/lib/messaging/frame-protocol';
import { copierProgram, FrameCopier } from '@/lib/sampling/frame-copier';
import { readHere, splitUnread, type UnreadFrameMessage } from '@/lib/sampling/unread-frame';

/** A VideoFrame whose copyTo writes 1, 2, 3... (or fails). */
function fakeFrame(fails = false) {
  const frame = {
    closed: false,
    copyTo: async (data: ArrayBuffer) => {
      if (fails) throw new Error('copy refused');
      new Uint8Array(data).forEach((_, i, a) => (a[i] = i + 1));
      return [];
    },
    close() {
      frame.closed = true;
    },
  };
  return frame;
}

function unreadMessage(frame: ReturnType<typeof fakeFrame>, seq = 3): UnreadFrameMessage {
  return {
    kind: 'frame',
    videoId: 'v',
    seq,
    mediaTimeS: 1,
    captureTs: 0,
    captureMs: 0.1,
    width: 2,
    height: 2,
    sourceWidth: 2,
    sourceHeight: 2,
    unread: {
      frame: frame as unknown as VideoFrame,
      format: 'I420',
      codedWidth: 2,
      codedHeight: 2,
      byteLength: 6,
      crop: { sx: 0, sy: 0, sourceSide: 2, side: 2 },
    },
  };
}

interface Posted {
  message: unknown;
  transfer?: Transferable[];
}

/** A port that records what is posted on it. */
function fakePort() {
  const posted: Posted[] = [];
  return {
    posted,
    postMessage: (message: unknown, transfer?: Transferable[]) =>
      posted.push({ message, transfer }),
    close: () => undefined,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('copierProgram (the page worker)', () => {
  function runProgram() {
    const scope = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      posted: [] as unknown[],
      postMessage(message: unknown) {
        scope.posted.push(message);
      },
    };
    vi.stubGlobal('self', scope);
    copierProgram();
    const deliver = (data: unknown, ports: unknown[] = []) =>
      scope.onmessage?.({ data, ports } as unknown as MessageEvent);
    return { scope, deliver };
  }

  it('says it is up, then reads each frame, posts its planes to the bridge and closes it', async () => {
    const { scope, deliver } = runProgram();
    expect(scope.posted).toEqual([{ kind: 'up' }]);
    const port = fakePort();
    deliver({ kind: 'port' }, [port]);
    const frame = fakeFrame();
    deliver({ kind: 'frame', ...splitUnread(unreadMessage(frame)) });
    await settle();
    expect(frame.closed).toBe(true);
    expect(port.posted).toHaveLength(1);
    const { message, transfer } = port.posted[0]!;
    const sent = message as Record<string, unknown> & { planes: Record<string, unknown> };
    expect(sent).toMatchObject({ kind: 'frame', videoId: 'v', seq: 3, offPage: true });
    expect(sent.unread).toBeUndefined();
    expect(sent.planes).toMatchObject({
      format: 'I420',
      codedWidth: 2,
      codedHeight: 2,
      crop: { sx: 0, sy: 0, sourceSide: 2, side: 2 },
    });
    expect(sent.planes.frame).toBeUndefined();
    expect(sent.planes.byteLength).toBeUndefined();
    expect([...new Uint8Array(sent.planes.data as ArrayBuffer)]).toEqual([1, 2, 3, 4, 5, 6]);
    // The bytes are transferred to the bridge, not cloned.
    expect(transfer).toEqual([sent.planes.data]);
  });

  it('closes a frame it cannot read and tells the content script', async () => {
    const { scope, deliver } = runProgram();
    const port = fakePort();
    deliver({ kind: 'port' }, [port]);
    const frame = fakeFrame(true);
    deliver({ kind: 'frame', ...splitUnread(unreadMessage(frame)) });
    await settle();
    expect(frame.closed).toBe(true);
    expect(port.posted).toHaveLength(0);
    expect(scope.posted.at(-1)).toEqual({ kind: 'failed', error: 'Error: copy refused' });
  });

  it('closes a frame that comes before its port, and ignores other messages', async () => {
    const { deliver } = runProgram();
    const frame = fakeFrame();
    deliver({ kind: 'frame', ...splitUnread(unreadMessage(frame)) });
    deliver({ kind: 'nonsense' });
    deliver(null);
    await settle();
    expect(frame.closed).toBe(true);
  });
});

/** A Worker stand-in that records what the content script posts to it. */
class FakeWorker {
  static made: FakeWorker[] = [];
  static refuse = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  posted: Posted[] = [];
  terminated = false;
  constructor(readonly url: string) {
    if (FakeWorker.refuse) throw new DOMException('blocked by CSP', 'SecurityError');
    FakeWorker.made.push(this);
  }
  postMessage(message: unknown, transfer?: Transferable[]) {
    this.posted.push({ message, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  say(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

describe('FrameCopier (the content script side)', () => {
  function start() {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
    const bridge = fakePort();
    const copier = FrameCopier.start(bridge as unknown as MessagePort);
    return { copier, bridge, worker: FakeWorker.made[0] };
  }

  it('gives the worker a port whose other end goes to the bridge, and is ready once up', () => {
    const { copier, bridge, worker } = start();
    expect(copier).not.toBeNull();
    expect(worker?.url).toMatch(/^blob:/);
    expect(worker?.posted[0]?.message).toEqual({ kind: 'port' });
    expect(bridge.posted[0]?.message).toEqual({ kind: FRAME_WORKER_PORT });
    expect(worker?.posted[0]?.transfer).toHaveLength(1);
    expect(bridge.posted[0]?.transfer).toHaveLength(1);
    expect(copier?.ready).toBe(false);
    worker?.say({ kind: 'up' });
    expect(copier?.ready).toBe(true);
    const frame = fakeFrame();
    const message = unreadMessage(frame);
    expect(copier?.send(message)).toBe(true);
    // The VideoFrame is transferred to the worker with its message.
    expect(worker?.posted[1]?.message).toEqual({ kind: 'frame', ...splitUnread(message) });
    expect(worker?.posted[1]?.transfer).toEqual([frame]);
  });

  it('stops being ready when the worker fails a copy or errors', () => {
    const { copier, worker } = start();
    worker?.say({ kind: 'up' });
    worker?.say({ kind: 'failed', error: 'copy refused' });
    expect(copier?.ready).toBe(false);
    expect(copier?.failure).toMatch(/copy refused/);
    expect(worker?.terminated).toBe(true);

    const second = start();
    second.worker?.onerror?.({ message: 'boom', preventDefault: () => undefined } as ErrorEvent);
    second.worker?.say({ kind: 'up' });
    expect(second.copier?.ready).toBe(false);
    expect(second.copier?.failure).toBe('boom');
  });

  it('fails, keeping the frame, when the frame cannot be posted to the worker', () => {
    const { copier, worker } = start();
    worker?.say({ kind: 'up' });
    worker!.postMessage = () => {
      throw new DOMException('VideoFrame could not be cloned', 'DataCloneError');
    };
    const frame = fakeFrame();
    expect(copier?.send(unreadMessage(frame))).toBe(false);
    expect(frame.closed).toBe(false); // still the caller's to read or close
    expect(copier?.ready).toBe(false);
    expect(copier?.failure).toMatch(/DataCloneError|could not be cloned/);
  });

  it('is null where the page forbids the worker', () => {
    FakeWorker.refuse = true;
    try {
      const { copier, bridge } = start();
      expect(copier).toBeNull();
      expect(bridge.posted).toHaveLength(0);
    } finally {
      FakeWorker.refuse = false;
    }
  });
});

describe('readHere (no page worker)', () => {
  it('reads the planes on this thread and closes the frame', async () => {
    const frame = fakeFrame();
    const planar = await readHere(unreadMessage(frame, 7));
    expect(frame.closed).toBe(true);
    expect(planar.seq).toBe(7);
    expect('unread' in planar).toBe(false);
    expect([...new Uint8Array(planar.planes.data)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(planar.planes.crop).toEqual({ sx: 0, sy: 0, sourceSide: 2, side: 2 });
  });

  it('closes the frame when the read fails', async () => {
    const frame = fakeFrame(true);
    await expect(readHere(unreadMessage(frame))).rejects.toThrow(/copy refused/);
    expect(frame.closed).toBe(true);
  });
});
