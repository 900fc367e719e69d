/**
 * A site adapter knows one site's pages: which <video> elements are its media (not ads, not
 * hover previews), the stable id and context of each, and which element the badge follows.
 * Adapters only read the DOM; they never change the page.
 */
import type { SiteId } from '../messaging/types';

/** What a <video> is to its page. Only 'main' videos are analysed. */
export type VideoRole = 'main' | 'ad' | 'preview';

/** What the page says about one video. */
export interface VideoContext {
  /** '<site>:<id>', stable across page loads (see PageContext.mediaId). */
  mediaId?: string;
  /** Author / channel handle, e.g. '@verge'. */
  author?: string;
  /** Title or post text, trimmed. */
  title?: string;
  /** Canonical URL of the post or video, when the page is a feed. */
  postUrl?: string;
}

export interface SiteAdapter {
  id: SiteId;
  /** Shown in the options page. */
  label: string;
  /** Match patterns the adapter covers (documentation and options). */
  matches: readonly string[];
  /** True when the adapter handles pages at `url`. */
  test(url: URL): boolean;
  /** What `video` is right now (an ad can play in the main player element). */
  role(video: HTMLVideoElement, url: URL): VideoRole;
  /** Ids and context of `video`, read from the DOM and `url`. */
  context(video: HTMLVideoElement, url: URL): VideoContext;
  /** The element whose box the badge stays inside (the site's player), or the video itself. */
  anchor(video: HTMLVideoElement): Element;
}
