/** The site adapters, most specific first; the generic adapter takes every other page. */
import { genericSite } from './generic';
import { tiktokSite } from './tiktok';
import type { SiteAdapter } from './types';
import { xSite } from './x';
import { youtubeSite } from './youtube';

export const SITES: readonly SiteAdapter[] = [youtubeSite, xSite, tiktokSite, genericSite];

/** The adapter for a page URL. */
export function siteFor(url: URL): SiteAdapter {
  return SITES.find((site) => site.test(url)) ?? genericSite;
}

/** Every <video> of `root` (open shadow roots included) that the adapter calls a main video. */
export function mainVideos(site: SiteAdapter, root: Document, url: URL): HTMLVideoElement[] {
  return [...root.querySelectorAll('video')].filter((video) => site.role(video, url) === 'main');
}
