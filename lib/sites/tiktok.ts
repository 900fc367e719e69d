/**
 * TikTok: the For You / following feed, video pages (/@user/video/ID, which also list more
 * videos) and swiping between them. Each player is an xgplayer whose wrapper id ends with the
 * video id (`xgwrapper-0-7571863205253778710`). Profile and search grids play short hover
 * previews (`[data-e2e="user-post-item"]`): those are not analysed.
 */
import { closestDeep, compact, firstOf, onDomain, textOf, urlOf } from './dom';
import type { SiteAdapter, VideoContext } from './types';

const VIDEO_PATH = /^\/@([A-Za-z0-9_.]{1,40})\/video\/(\d{5,25})(?:[/?#]|$)/;
const ITEM = '[data-e2e="recommend-list-item-container"], article, [data-e2e="feed-video"]';
const PREVIEW =
  '[data-e2e="user-post-item"], [data-e2e="search_top-item"], [data-e2e="search-card-item"]';

function wrapperId(video: HTMLVideoElement): string | undefined {
  const wrapper = closestDeep(video, '[id^="xgwrapper-"]');
  return /^xgwrapper-\d+-(\d{5,25})$/.exec(wrapper?.id ?? '')?.[1];
}

export const tiktokSite: SiteAdapter = {
  id: 'tiktok',
  label: 'TikTok',
  matches: ['*://*.tiktok.com/*'],
  test: (url) => onDomain(url.hostname, 'tiktok.com'),

  role(video) {
    if (closestDeep(video, PREVIEW)) return 'preview';
    const item = closestDeep(video, ITEM);
    if (item?.querySelector('[data-e2e="ad-tag"], [data-e2e="video-ad-tag"]')) return 'ad';
    return 'main';
  },

  context(video, url) {
    const item =
      closestDeep(video, '[data-e2e="recommend-list-item-container"]') ?? closestDeep(video, ITEM);
    const pageMatch = VIDEO_PATH.exec(url.pathname);
    const id = wrapperId(video) ?? (item ? undefined : pageMatch?.[2]);
    const authorLink = item
      ? firstOf(item, [
          'a[data-e2e="video-author-avatar"]',
          '[data-e2e="video-author-uniqueid"]',
          'a[href^="/@"]',
        ])
      : null;
    const linkUser = /^\/@([A-Za-z0-9_.]{1,40})/.exec(
      urlOf(authorLink?.getAttribute('href'), url)?.pathname ?? '',
    )?.[1];
    const user =
      linkUser ??
      textOf(authorLink, 40)?.replace(/^@/, '') ??
      (id === pageMatch?.[2] ? pageMatch?.[1] : undefined);
    const context: VideoContext = {};
    if (id) {
      context.mediaId = `tiktok:${id}`;
      if (user) context.postUrl = `https://www.tiktok.com/@${user}/video/${id}`;
    }
    if (user) context.author = `@${user}`;
    const desc = item?.querySelector('[data-e2e="video-desc"], [data-e2e="browse-video-desc"]');
    return compact({ ...context, title: textOf(desc, 200) });
  },

  anchor: (video) => closestDeep(video, '.xgplayer-container, [data-e2e="feed-video"]') ?? video,
};
