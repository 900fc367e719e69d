/**
 * The "Check this video" context menu: on a <video> (Chromium gives its source URL and frame)
 * or anywhere on a page (the content script then picks the largest playing video).
 */
import type { DeepCheckRequest } from '../messaging/deep-check';

export const DEEP_CHECK_MENU_ID = 'telltale-deep-check';

/** What `contextMenus.create` gets. */
export function deepCheckMenu(title: string) {
  return { id: DEEP_CHECK_MENU_ID, title, contexts: ['video', 'page'] as ['video', 'page'] };
}

/** The parts of a click's `info` the deep check reads. */
export interface MenuClick {
  menuItemId: string | number;
  mediaType?: string;
  srcUrl?: string;
  frameId?: number;
}

/** The deep-check request and target frame for a click, or null when the click is not ours. */
export function requestFromMenu(
  info: MenuClick,
): { request: DeepCheckRequest; frameId: number } | null {
  if (info.menuItemId !== DEEP_CHECK_MENU_ID) return null;
  const request: DeepCheckRequest = {};
  if (info.mediaType === 'video' && info.srcUrl) request.srcUrl = info.srcUrl;
  return { request, frameId: info.frameId ?? 0 };
}
