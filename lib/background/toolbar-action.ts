/** The calls Telltale makes on the toolbar button. */
export interface ToolbarAction {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
}

/**
 * The toolbar button's API: `action` (Manifest V3: Chromium), else `browserAction` (V2:
 * Firefox's build, whose background page is persistent; see README "Firefox").
 */
export function toolbarAction(api: object): ToolbarAction {
  const { action, browserAction } = api as {
    action?: ToolbarAction;
    browserAction?: ToolbarAction;
  };
  const found = action ?? browserAction;
  if (!found) throw new Error('no toolbar button API (action or browserAction)');
  return found;
}
