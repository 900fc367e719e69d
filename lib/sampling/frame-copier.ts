/**
 * Reads planar frames off the page's main thread (issue #16): the content script hands each
 * decoded `VideoFrame` to a dedicated worker of the page (a transfer, no copy), and the worker
 * copies its planes and posts them to the frame bridge on a MessagePort of its own. The page's
 * main thread then spends only the `new VideoFrame(video)` and one postMessage per frame,
 * whatever the video's size: before, the copy and the cross-process post of the bytes (0.9 ms
 * per MB) ran there (bench/RESULTS.md).
 *
 * The worker is made from a blob of `copierProgram`'s source, since a page cannot start a worker
 * from the extension's origin. A page whose Content-Security-Policy forbids blob workers, or a
 * worker that fails, leaves the copy on the main thread as before (FrameCopier.failure).
 */
import { FRAME_WORKER_PORT } from '../messaging/frame-protocol';
import { splitUnread, type UnreadFrameMessage } from './unread-frame';

/** Page worker -> content script. */
type FromCopier = { kind: 'up' } | { kind: 'failed'; error: string };

/**
 * The worker's whole program. It is turned into source text (`String(copierProgram)`), so it
 * must use nothing from outside its own body: no imports, no helpers, no closure.
 */
export function copierProgram(): void {
  const scope = self as unknown as {
    onmessage: ((event: MessageEvent) => void) | null;
    postMessage(message: unknown): void;
  };
  let out: MessagePort | null = null;
  scope.onmessage = (event: MessageEvent) => {
    // A frame comes taken apart (splitUnread): the worker only copies and puts it together.
    const m = (event.data ?? {}) as {
      kind?: string;
      frame?: VideoFrame;
      byteLength?: number;
      header?: object;
      layout?: object;
    };
    if (m.kind === 'port' && event.ports[0]) {
      out = event.ports[0];
      return;
    }
    const { frame, byteLength = 0, header, layout } = m;
    if (m.kind !== 'frame' || !frame) return;
    const port = out;
    if (!port) {
      frame.close(); // no bridge yet (never happens: the port is sent first); never leak it
      return;
    }
    const data = new ArrayBuffer(byteLength);
    frame.copyTo(data).then(
      () => {
        frame.close();
        port.postMessage({ ...header, offPage: true, planes: { ...layout, data } }, [data]);
      },
      (error: unknown) => {
        frame.close();
        scope.postMessage({ kind: 'failed', error: String(error) });
      },
    );
  };
  scope.postMessage({ kind: 'up' });
}

/** The content script's side: one page worker per bridge. */
export class FrameCopier {
  private up = false;
  private failed: string | null = null;

  private constructor(
    private readonly worker: Worker,
    private url: string | null,
  ) {
    worker.onmessage = (event: MessageEvent<FromCopier>) => {
      const m = event.data;
      if (m?.kind === 'up') {
        this.up = true;
        this.revoke();
      } else if (m?.kind === 'failed') this.fail(`copy failed in the page worker: ${m.error}`);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || 'the page worker failed');
    };
  }

  /**
   * Starts the worker and gives it a port to the bridge (`bridge` is the content script's end
   * of the bridge's channel); null where the page cannot have one (CSP, no Worker).
   */
  static start(bridge: MessagePort): FrameCopier | null {
    let worker: Worker;
    const url = URL.createObjectURL(
      new Blob([`(${String(copierProgram)})();`], { type: 'text/javascript' }),
    );
    try {
      worker = new Worker(url);
    } catch {
      URL.revokeObjectURL(url);
      return null; // forbidden by the page's Content-Security-Policy, or no workers at all
    }
    const channel = new MessageChannel();
    worker.postMessage({ kind: 'port' }, [channel.port1]);
    bridge.postMessage({ kind: FRAME_WORKER_PORT }, [channel.port2]);
    // The blob URL is kept until the worker has loaded from it.
    return new FrameCopier(worker, url);
  }

  /** Whether frames can go to the worker now (it started and has not failed). */
  get ready(): boolean {
    return this.up && this.failed === null;
  }

  /** Why the worker cannot copy frames, or null. */
  get failure(): string | null {
    return this.failed;
  }

  /**
   * Hands the frame to the worker (its VideoFrame is transferred: closed here). False when it
   * could not be posted (the frame is still the caller's; the copier is failed from now on).
   */
  send(message: UnreadFrameMessage): boolean {
    const split = splitUnread(message);
    try {
      this.worker.postMessage({ kind: 'frame', ...split }, [split.frame]);
      return true;
    } catch (error) {
      this.fail(`a frame could not be handed to the page worker: ${String(error)}`);
      return false;
    }
  }

  close(): void {
    this.worker.terminate();
    this.up = false;
    this.revoke();
  }

  private fail(reason: string): void {
    if (this.failed === null) this.failed = reason;
    this.worker.terminate();
    this.revoke();
  }

  private revoke(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
