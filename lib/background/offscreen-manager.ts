import { browser as chromeApi } from '@wxt-dev/browser';

/**
 * Owns the single offscreen document. Concurrent callers share one creation; a document that
 * died (crash, closed by the browser) is noticed on the next ensure() and made again.
 */

/** The slice of chrome.offscreen / runtime.getContexts the manager needs (faked in tests). */
export interface OffscreenApi {
  /** True when an offscreen document of this extension exists now. */
  hasDocument(): Promise<boolean>;
  /** Creates it; rejects if one already exists. */
  createDocument(): Promise<void>;
}

export class OffscreenManager {
  private creating: Promise<void> | null = null;
  private created = 0;

  constructor(private readonly api: OffscreenApi) {}

  /** How many times a document was created (1 unless one died). */
  get creations(): number {
    return this.created;
  }

  /** Resolves once an offscreen document exists. */
  async ensure(): Promise<void> {
    if (this.creating) return this.creating;
    if (await this.api.hasDocument()) return;
    // Another caller may have started while we awaited.
    if (this.creating) return this.creating;
    this.creating = this.api
      .createDocument()
      .then(() => {
        this.created++;
      })
      .catch(async (error: unknown) => {
        // "Only a single offscreen document may be created": someone else won the race.
        if (!(await this.api.hasDocument())) throw error;
      })
      .finally(() => {
        this.creating = null;
      });
    return this.creating;
  }
}

/** The real API, over chrome.offscreen (webextension-polyfill does not cover it). */
export function chromeOffscreenApi(url: string): OffscreenApi {
  return {
    async hasDocument() {
      const contexts = await chromeApi.runtime.getContexts({
        contextTypes: [chromeApi.runtime.ContextType.OFFSCREEN_DOCUMENT],
        documentUrls: [chromeApi.runtime.getURL(url)],
      });
      return contexts.length > 0;
    },
    createDocument() {
      return chromeApi.offscreen.createDocument({
        url,
        reasons: [chromeApi.offscreen.Reason.WORKERS, chromeApi.offscreen.Reason.USER_MEDIA],
        justification:
          'Runs face landmarking and deepfake cue models on sampled video frames, on the device.',
      });
    },
  };
}
