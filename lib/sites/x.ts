/**
 * X (x.com, twitter.com): timelines, status pages and profiles, several videos per page,
 * autoplaying in the feed. Each video sits in `[data-testid="videoPlayer"]` inside a tweet
 * `article`; the tweet's permalink (the `<a>` around its `<time>`) gives the status id and the
 * author. A tweet with several videos numbers them (`x:<status>-2`).
 */
import { closestDeep, compact, onDomain, textOf, urlOf } from './dom';
import type { SiteAdapter, VideoContext } from './types';

const STATUS_PATH = /^\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,25})(?:[/?#]|$)/;

interface Status {
  user: string;
  id: string;
}

function statusOf(href: string | null | undefined, base: URL): Status | undefined {
  const url = urlOf(href, base);
  const match = url ? STATUS_PATH.exec(url.pathname) : null;
  return match?.[1] && match[2] ? { user: match[1], id: match[2] } : undefined;
}

/** The tweet's own permalink: the link wrapping its timestamp. */
function permalink(article: Element, base: URL): Status | undefined {
  for (const time of article.querySelectorAll('a[href*="/status/"] time')) {
    const status = statusOf(time.closest('a')?.getAttribute('href'), base);
    if (status) return status;
  }
  return undefined;
}

function isPromoted(article: Element): boolean {
  return [...article.querySelectorAll('span')].some((span) => {
    const text = span.textContent?.trim();
    return (text === 'Ad' || text === 'Promoted') && span.children.length === 0;
  });
}

export const xSite: SiteAdapter = {
  id: 'x',
  label: 'X (Twitter)',
  matches: ['*://*.x.com/*', '*://*.twitter.com/*'],
  test: (url) => onDomain(url.hostname, 'x.com') || onDomain(url.hostname, 'twitter.com'),

  role(video) {
    const article = closestDeep(video, 'article');
    if (article && isPromoted(article)) return 'ad';
    return 'main';
  },

  context(video, url) {
    const article = closestDeep(video, 'article');
    const status = (article && permalink(article, url)) ?? statusOf(url.pathname, url);
    const context: VideoContext = {};
    if (status) {
      const siblings = article ? [...article.querySelectorAll('video')] : [video];
      const index = siblings.indexOf(video);
      context.mediaId = `x:${status.id}${index > 0 ? `-${index + 1}` : ''}`;
      context.postUrl = `https://x.com/${status.user}/status/${status.id}`;
      context.author = `@${status.user}`;
    }
    const text = article?.querySelector('[data-testid="tweetText"]');
    return compact({ ...context, title: textOf(text, 200) });
  },

  anchor: (video) =>
    closestDeep(video, '[data-testid="videoPlayer"]') ??
    closestDeep(video, '[data-testid="videoComponent"]') ??
    video,
};
