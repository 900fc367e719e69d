/**
 * A planar frame whose bytes are not read yet: the decoded `VideoFrame` and the layout its
 * planes will have. The transport reads it: in the page worker (lib/sampling/frame-copier.ts)
 * when there is one, else here. Whoever holds one last must close its VideoFrame: an unclosed
 * frame holds a decoder buffer and can stall the page's video.
 */
import type { FramePlanes, PlanarFrameMessage } from '../messaging/frame-planes';

export interface UnreadPlanes extends Omit<FramePlanes, 'data'> {
  frame: VideoFrame;
  /** Bytes of the packed planes (planesByteLength), checked against the frame when sampled. */
  byteLength: number;
}

export type UnreadFrameMessage = Omit<PlanarFrameMessage, 'planes'> & { unread: UnreadPlanes };

/** Whether a message to send still holds an unread VideoFrame. */
export function isUnread(message: object): message is UnreadFrameMessage {
  return 'unread' in message;
}

/** An unread frame taken apart: the message's other fields, the planes' layout, the frame. */
export interface SplitFrame {
  header: Omit<UnreadFrameMessage, 'unread'>;
  layout: Omit<FramePlanes, 'data'>;
  frame: VideoFrame;
  byteLength: number;
}

export function splitUnread(message: UnreadFrameMessage): SplitFrame {
  const { unread, ...header } = message;
  const { frame, byteLength, ...layout } = unread;
  return { header, layout, frame, byteLength };
}

/** Reads the planes on this thread and closes the frame; rejects (frame closed) on failure. */
export async function readHere(message: UnreadFrameMessage): Promise<PlanarFrameMessage> {
  const { header, layout, frame, byteLength } = splitUnread(message);
  const data = new ArrayBuffer(byteLength);
  try {
    await frame.copyTo(data);
  } finally {
    frame.close();
  }
  return { ...header, planes: { ...layout, data } };
}
