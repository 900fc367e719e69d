/**
 * The bytes of a page's video for reading its Content Credentials (issue #18), only where the
 * page already holds them: Telltale makes no network request of its own. A `blob:` URL made
 * from a Blob or File (and a `data:` URL) is read from memory; a same-origin file is tried from
 * the HTTP cache only (`only-if-cached`, which never goes to the network; Chromium does not
 * answer it from what a <video> element downloaded with range requests, so this mostly fails).
 * MediaSource streams (most social sites) are never whole in the page, and cross-origin files
 * could only be had by downloading them again: both are reported as unreadable with the reason.
 */
import { MAX_PROVENANCE_BYTES } from '../messaging/provenance-protocol';

export type MediaBytes = { bytes: Blob } | { unreadable: string };

const NETWORK_ONLY =
  'only on the network: reading the file would take a new download, which Telltale does not make';

/** @param fetchImpl the page's fetch (a parameter for tests) */
export async function pageMediaBytes(
  src: string,
  pageOrigin: string,
  fetchImpl: typeof fetch = fetch,
): Promise<MediaBytes> {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return { unreadable: 'the video has no source URL' };
  }
  let response: Response;
  if (url.protocol === 'blob:' || url.protocol === 'data:') {
    try {
      response = await fetchImpl(src);
    } catch {
      return { unreadable: 'a media stream (MediaSource): the file is never whole in the page' };
    }
  } else if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (url.origin !== pageOrigin) return { unreadable: `cross-origin, ${NETWORK_ONLY}` };
    try {
      response = await fetchImpl(src, { cache: 'only-if-cached', mode: 'same-origin' });
    } catch {
      return { unreadable: `not in the browser cache, ${NETWORK_ONLY}` };
    }
  } else {
    return { unreadable: `a ${url.protocol} source cannot be read` };
  }
  if (!response.ok) return { unreadable: `the page's copy answered ${response.status}` };
  const length = Number(response.headers.get('content-length'));
  if (length > MAX_PROVENANCE_BYTES) return { unreadable: 'the file is too large to read' };
  const bytes = await response.blob();
  if (bytes.size > MAX_PROVENANCE_BYTES) return { unreadable: 'the file is too large to read' };
  return { bytes };
}
