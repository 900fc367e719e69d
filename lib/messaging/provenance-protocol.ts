/**
 * The page's media bytes for reading Content Credentials (issue #18), content script -> frame
 * bridge -> offscreen document. The content script sends the bytes it could get without a
 * request of its own (a blob: URL's Blob), or why it could not; everything is untrusted.
 */
import { ValidationError, isRecord, optStr, videoId } from './validate';

/** Largest Blob the offscreen document reads, bytes (the C2PA reader holds it in memory). */
export const MAX_PROVENANCE_BYTES = 512 * 1024 * 1024;

export interface ProvenanceMessage {
  kind: 'provenance';
  videoId: string;
  /** The media's bytes, when the page had them. */
  bytes?: Blob;
  /** Why there are no bytes (exactly one of bytes / unreadable). */
  unreadable?: string;
}

/** Validates a provenance message from a page. Throws ValidationError. */
export function parseProvenanceMessage(value: unknown): ProvenanceMessage {
  if (!isRecord(value) || value.kind !== 'provenance') {
    throw new ValidationError('not a provenance message');
  }
  const out: ProvenanceMessage = { kind: 'provenance', videoId: videoId(value.videoId) };
  const reason = optStr(value.unreadable, 'unreadable', 500);
  if (value.bytes !== undefined) {
    if (!(value.bytes instanceof Blob)) throw new ValidationError('bytes must be a Blob');
    if (value.bytes.size > MAX_PROVENANCE_BYTES) {
      throw new ValidationError(`bytes larger than ${MAX_PROVENANCE_BYTES}`);
    }
    out.bytes = value.bytes;
  }
  if (reason !== undefined) out.unreadable = reason;
  if ((out.bytes === undefined) === (reason === undefined)) {
    throw new ValidationError('a provenance message carries bytes or a reason, not both');
  }
  return out;
}
