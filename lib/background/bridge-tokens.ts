/**
 * One secret per tab that the content script must present to the frame bridge. The bridge page
 * is web-accessible, so a page script can open its own copy (or post to the content script's)
 * and would otherwise feed forged frames into its tab's analysis. The background hands the token
 * to content scripts only (runtime messages, which page scripts cannot send) and keeps it in
 * storage.session, which extension pages such as the bridge can read and web pages cannot.
 */
import { bridgeTokenKey } from '../messaging/frame-protocol';
import type { SessionArea } from './report-store';

export class BridgeTokens {
  constructor(
    private readonly area: SessionArea,
    private readonly random: () => string = () => crypto.randomUUID(),
  ) {}

  /** The tab's token, made on first use (and kept across service-worker restarts). */
  async forTab(tabId: number): Promise<string> {
    const key = bridgeTokenKey(tabId);
    const stored = (await this.area.get(key))[key];
    if (typeof stored === 'string' && stored.length > 0) return stored;
    const token = this.random();
    await this.area.set({ [key]: token });
    return token;
  }

  /** The tab closed: its token goes with it. */
  forget(tabId: number): Promise<void> {
    return this.area.remove(bridgeTokenKey(tabId));
  }
}
