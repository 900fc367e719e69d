/**
 * Reads the Content Credentials of a Blob with @contentauth/c2pa-web, offline. Runs in an
 * extension page or the offscreen document: the library starts its own worker (from a blob: URL
 * made by the page, which the extension CSP allows as 'self') and loads its wasm from the
 * extension (`wasmUrl`, shipped in the build: wxt.config.ts). Trust lists, OCSP and remote
 * manifests are switched off, and the extension CSP (connect-src 'self') refuses any request
 * the library might still try, so nothing leaves the device. Never throws.
 */
import { createC2pa, isSupportedReaderFormat } from '@contentauth/c2pa-web';
import type { C2paSdk, Settings } from '@contentauth/c2pa-web';
import {
  provenanceFromError,
  provenanceFromStore,
  unreadableProvenance,
} from './from-manifest-store';
import { mediaFormat } from './media-format';
import type { Provenance } from './types';

/** The library's wasm inside the extension (copied there by wxt.config.ts). */
export const C2PA_WASM_PATH = '/c2pa/c2pa_bg.wasm';

/** Leading bytes read to tell the format (media-format.ts). */
const HEAD_BYTES = 16;

// c2pa-web turns camelCase keys into c2pa-rs settings (verify.ocsp_fetch, ...); its type lists
// only some of them, hence the untyped object.
const verify = {
  verifyTrust: false,
  verifyTimestampTrust: false,
  ocspFetch: false,
  remoteManifestFetch: false,
};
const OFFLINE: Settings = { verify };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export class ProvenanceReader {
  private sdk: Promise<C2paSdk> | null = null;

  /**
   * @param wasmUrl the library's wasm inside the extension (browser.runtime.getURL)
   * @param timeoutMs per read, and for starting the library
   */
  constructor(
    private readonly wasmUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  private load(): Promise<C2paSdk> {
    this.sdk ??= withTimeout(
      createC2pa({ wasmSrc: this.wasmUrl, settings: OFFLINE }),
      this.timeoutMs,
      'starting the C2PA reader',
    );
    return this.sdk;
  }

  /** Provenance of the bytes in `blob`; `status: 'unreadable'` with a reason when it cannot tell. */
  async read(blob: Blob): Promise<Provenance> {
    try {
      const head = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
      const format = mediaFormat(head, blob.type, isSupportedReaderFormat);
      if (!format) {
        return unreadableProvenance(
          `not a format Content Credentials can be read from (${blob.type || 'unknown type'})`,
        );
      }
      let sdk: C2paSdk;
      try {
        sdk = await this.load();
      } catch (error) {
        this.sdk = null;
        throw error;
      }
      const reader = await withTimeout(
        sdk.reader.fromBlob(format, blob),
        this.timeoutMs,
        'reading Content Credentials',
      );
      if (!reader) return provenanceFromStore(null);
      try {
        return provenanceFromStore(await reader.manifestStore());
      } finally {
        await reader.free().catch(() => undefined);
      }
    } catch (error) {
      return provenanceFromError(error);
    }
  }

  dispose(): void {
    void this.sdk?.then((sdk) => sdk.dispose()).catch(() => undefined);
    this.sdk = null;
  }
}
