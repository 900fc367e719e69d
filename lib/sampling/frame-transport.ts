/** Hands a message to the ack listeners if it is a valid ack; anything else is ignored. */
export function deliverAck(message: unknown, listeners: readonly ((ack: AckMessage) => void)[]) {
  let ack: AckMessage;
  try {
    ack = parseAck(message);
  } catch {
    return;
  }
  for (const listener of listeners) listener(ack);
}

/**
 * Content-script side of the frame path (see lib/messaging/frame-protocol.ts). One transport per
 * content-script instance, shared by every video in the frame.
 */
import type { Runtime } from 'webextension-polyfill';
import type { PlanarFrameMessage } from '../messaging/frame-planes';
import { FrameCopier } from './frame-copier';
import { isUnread, readHere, type UnreadFrameMessage } from './unread-frame';
import type { ProvenanceMessage } from '../messaging/provenance-protocol';
import type {
  AudioChunkMessage,
  AudioStateMessage,
  MediaClockMessage,
} from '../messaging/audio-protocol';

/** What travels beside the frames: audio chunks, audio states, playback reports. */
export type AudioSideMessage = AudioChunkMessage | AudioStateMessage | MediaClockMessage;
import {
  BRIDGE_CONNECT,
  FRAME_PORT_NAME,
  bytesToBase64,
  encodePortFrame,
  parseAck,
  type AckMessage,
  type FrameMessage,
  type TransportKind,
} from '../messaging/frame-protocol';

export type { TransportKind };

export interface FrameTransport {
  readonly kind: TransportKind;
  /** False once the page removed the bridge or the port disconnected. */
  readonly alive: boolean;
  /**
   * Sends a frame; the pixel buffer is transferred (unusable afterwards) where possible. Planar
   * frames travel only on the bridge (`kind` 'bridge'); the Port drops them. An unread frame's
   * VideoFrame is read (by the page worker when `offPage`) and closed, or closed when dropped.
   */
  send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): void;
  /** Whether unread planar frames are read off the page's main thread now (frame-copier.ts). */
  readonly offPage?: boolean;
  /** Sends audio (lib/messaging/audio-protocol.ts); samples are transferred where possible. */
  sendAudio(message: AudioSideMessage): void;
  /**
   * Sends the media's bytes (or why there are none) for its Content Credentials. Only the
   * bridge carries a Blob: a transport without it leaves the method out.
   */
  sendProvenance?(message: ProvenanceMessage): void;
  /** Subscribes to acks for frames this transport sent. */
  onAck(listener: (ack: AckMessage) => void): void;
  close(): void;
}

/** What the transport needs from the environment (defaults are the real page). */
export interface TransportEnv {
  document: Document;
  /** chrome-extension://<id>/frame-bridge.html */
  bridgeUrl: string;
  /** The tab's bridge token, from the background (lib/background/bridge-tokens.ts). */
  bridgeToken: () => Promise<string>;
  /** Opens a runtime Port to the offscreen document (fallback path). */
  connectPort: (name: string) => Runtime.Port;
  /** How long to wait for the bridge before frames go over the Port meanwhile, ms. */
  bridgeTimeoutMs?: number;
  /** How long the bridge may take at all; the Port is kept for good after it, ms. */
  bridgeDeadlineMs?: number;
}

class BridgeTransport implements FrameTransport {
  readonly kind = 'bridge';
  private listeners: ((ack: AckMessage) => void)[] = [];

  private readonly copier: FrameCopier | null;

  constructor(
    private readonly iframe: HTMLIFrameElement,
    private readonly port: MessagePort,
  ) {
    port.onmessage = (event: MessageEvent<unknown>) => {
      deliverAck(event.data, this.listeners);
    };
    this.copier = FrameCopier.start(port);
  }

  get alive(): boolean {
    return this.iframe.isConnected;
  }

  get offPage(): boolean {
    return this.copier?.ready === true;
  }

  send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): void {
    frame.transport = 'bridge';
    if (isUnread(frame)) {
      if (this.copier?.ready && this.copier.send(frame)) return;
      // The worker failed after the sampler looked: read here (rare; the post is not timed).
      readHere(frame).then(
        (planar) => this.send(planar),
        () => undefined, // that frame is lost; the sampler's next read finds out itself
      );
      return;
    }
    const buffers =
      'planes' in frame
        ? [frame.planes.data]
        : frame.faceCrop
          ? [frame.pixels, frame.faceCrop.pixels]
          : [frame.pixels];
    this.port.postMessage(frame, buffers);
  }

  sendProvenance(message: ProvenanceMessage): void {
    this.port.postMessage(message);
  }

  sendAudio(message: AudioSideMessage): void {
    if (message.kind === 'audio') {
      message.transport = 'bridge';
      this.port.postMessage(message, [message.samples]);
    } else this.port.postMessage(message);
  }

  onAck(listener: (ack: AckMessage) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.copier?.close();
    this.port.close();
    this.iframe.remove();
  }
}

class PortTransport implements FrameTransport {
  readonly kind = 'port';
  readonly offPage = false;
  private connected = true;
  private listeners: ((ack: AckMessage) => void)[] = [];

  constructor(private readonly port: Runtime.Port) {
    port.onMessage.addListener((message: unknown) => {
      deliverAck(message, this.listeners);
    });
    port.onDisconnect.addListener(() => {
      this.connected = false;
    });
  }

  get alive(): boolean {
    return this.connected;
  }

  send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): void {
    // A planar frame sampled just before the bridge went away: base64 of full-size planes is
    // too heavy for JSON messaging, so it is dropped (the sampler asks for canvas frames here).
    if (isUnread(frame)) {
      frame.unread.frame.close();
      return;
    }
    if ('planes' in frame) return;
    this.port.postMessage(encodePortFrame(frame));
  }

  sendAudio(message: AudioSideMessage): void {
    if (message.kind !== 'audio') {
      this.port.postMessage(message);
      return;
    }
    const { samples, ...rest } = message;
    this.port.postMessage({
      ...rest,
      transport: 'port',
      samples64: bytesToBase64(new Uint8Array(samples)),
    });
  }

  onAck(listener: (ack: AckMessage) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.connected = false;
    this.port.disconnect();
  }
}

/**
 * Loads the hidden bridge iframe and waits for it to say it is ready; rejects after
 * `deadlineMs` (the iframe is removed then).
 */
function connectBridge(env: TransportEnv, deadlineMs: number): Promise<FrameTransport> {
  return new Promise((resolve, reject) => {
    const iframe = env.document.createElement('iframe');
    iframe.src = env.bridgeUrl;
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.style.cssText =
      'position:fixed!important;width:0!important;height:0!important;border:0!important;' +
      'opacity:0!important;pointer-events:none!important;left:-10px!important;top:-10px!important';
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      iframe.remove();
      channel.port1.close();
      reject(new Error('frame bridge did not answer'));
    }, deadlineMs);
    channel.port1.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { kind?: unknown } | null;
      if (data?.kind !== 'ready') return;
      clearTimeout(timer);
      channel.port1.onmessage = null;
      resolve(new BridgeTransport(iframe, channel.port1));
    };
    const token = env.bridgeToken();
    iframe.addEventListener(
      'load',
      () => {
        const origin = new URL(env.bridgeUrl).origin;
        token.then(
          (value) =>
            iframe.contentWindow?.postMessage({ kind: BRIDGE_CONNECT, token: value }, origin, [
              channel.port2,
            ]),
          () => undefined, // no token, no bridge: the deadline gives the Port the frames
        );
      },
      { once: true },
    );
    env.document.documentElement.append(iframe);
  });
}

/**
 * The runtime Port while the bridge is still loading, then the bridge. The bridge iframe runs
 * in the extension's renderer process, on the same thread as the offscreen document, which is
 * busy for seconds while the models load: the bridge then answers late, and a frame sent on
 * the Port costs the page a base64 copy of its pixels (tens of ms; the scheduler backs off).
 */
export class UpgradingTransport implements FrameTransport {
  private current: FrameTransport;
  private readonly listeners: ((ack: AckMessage) => void)[] = [];
  private closed = false;
  private fallbackClosed = false;
  private pendingProvenance: ProvenanceMessage | null = null;

  constructor(
    private readonly fallback: FrameTransport,
    bridge: Promise<FrameTransport>,
  ) {
    this.current = fallback;
    fallback.onAck((ack) => this.deliver(ack));
    bridge.then(
      (upgraded) => {
        if (this.closed || !this.fallback.alive) {
          upgraded.close();
          return;
        }
        upgraded.onAck((ack) => this.deliver(ack));
        this.current = upgraded;
        if (this.pendingProvenance) upgraded.sendProvenance?.(this.pendingProvenance);
        this.pendingProvenance = null;
        // Acks of frames still on their way over the Port arrive on it; it closes a little later.
        setTimeout(() => this.closeFallback(), PORT_LINGER_MS);
      },
      () => undefined, // the bridge never came: the Port stays
    );
  }

  get kind(): TransportKind {
    return this.current.kind;
  }

  get offPage(): boolean {
    return this.current.offPage === true;
  }

  get alive(): boolean {
    return this.current.alive;
  }

  send(frame: FrameMessage | PlanarFrameMessage | UnreadFrameMessage): void {
    this.current.send(frame);
  }

  /** Sent now on the bridge, or held until the bridge takes over (the Port cannot carry it). */
  sendProvenance(message: ProvenanceMessage): void {
    if (this.current.sendProvenance) this.current.sendProvenance(message);
    else this.pendingProvenance = message;
  }

  sendAudio(message: AudioSideMessage): void {
    this.current.sendAudio(message);
  }

  onAck(listener: (ack: AckMessage) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.closed = true;
    if (this.current !== this.fallback) this.current.close();
    this.closeFallback();
  }

  private closeFallback(): void {
    if (this.fallbackClosed) return;
    this.fallbackClosed = true;
    this.fallback.close();
  }

  private deliver(ack: AckMessage): void {
    for (const listener of this.listeners) listener(ack);
  }
}

/** How long the Port stays open after the bridge took over, ms. */
const PORT_LINGER_MS = 5000;
/** How long the bridge may take before frames go over the Port meanwhile, ms. */
const BRIDGE_FIRST_WAIT_MS = 3000;
/** How long the bridge may take at all before the Port is kept for good, ms. */
const BRIDGE_DEADLINE_MS = 60_000;

/**
 * The cheapest transport that works here: the bridge iframe, else a runtime Port until the
 * bridge answers (see {@link UpgradingTransport}).
 */
export async function connectTransport(env: TransportEnv): Promise<FrameTransport> {
  const firstWait = env.bridgeTimeoutMs ?? BRIDGE_FIRST_WAIT_MS;
  const bridge = connectBridge(
    env,
    Math.max(firstWait, env.bridgeDeadlineMs ?? BRIDGE_DEADLINE_MS),
  );
  bridge.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), firstWait)));
  const first = await Promise.race([bridge.catch(() => null), late]);
  clearTimeout(timer);
  if (first) return first;
  return new UpgradingTransport(new PortTransport(env.connectPort(FRAME_PORT_NAME)), bridge);
}
