/**
 * YouTube: watch pages, Shorts, embeds (youtube.com and youtube-nocookie.com) and the
 * miniplayer. The player (`.html5-video-player`, id movie_player / shorts-player) keeps one
 * <video> and plays ads in it: while the player has `ad-showing` the video is an ad. Hover
 * previews on the home page and in search play in `ytd-video-preview` / the inline preview
 * player and are not analysed. YouTube is a single-page app: the URL is the truth for the
 * current video, the DOM (metadata, miniplayer) lags behind it.
 */
import { closestDeep, compact, firstOf, onDomain, textOf, urlOf } from './dom';
import type { SiteAdapter, VideoContext } from './types';

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

const PLAYER = '.html5-video-player';
const PREVIEW =
  'ytd-video-preview, #inline-preview-player, ytd-thumbnail, ytd-moving-thumbnail-renderer';
const AD_CLASSES = ['ad-showing', 'ad-interrupting'];

/** Channel name selectors, newest markup first. */
const WATCH_AUTHOR = [
  'ytd-watch-metadata ytd-channel-name a',
  '#owner ytd-channel-name a',
  'ytd-video-owner-renderer #channel-name a',
];
const SHORTS_AUTHOR = [
  'ytd-reel-player-header-renderer #channel-name a',
  '.ytReelChannelBarViewModelChannelName a',
  'ytd-channel-name a',
];
const WATCH_TITLE = [
  'ytd-watch-metadata h1 yt-formatted-string',
  'ytd-watch-metadata h1',
  'h1.title',
];

/** The 11-character video id in a YouTube URL (watch, shorts, embed, live, youtu.be). */
export function youtubeVideoId(url: URL | undefined): string | undefined {
  if (!url) return undefined;
  const v = url.searchParams.get('v');
  if (url.pathname === '/watch' && v && VIDEO_ID.test(v)) return v;
  const match = /^\/(?:shorts|embed|live|v)\/([A-Za-z0-9_-]{11})(?:[/?#]|$)/.exec(url.pathname);
  if (match?.[1]) return match[1];
  if (url.hostname === 'youtu.be') {
    const id = url.pathname.slice(1);
    if (VIDEO_ID.test(id)) return id;
  }
  return undefined;
}

function playerOf(video: HTMLVideoElement): Element | null {
  return closestDeep(video, PLAYER);
}

/** The video id shown by the player's own title link (embeds, miniplayer). */
function playerLinkId(player: Element | null, base: URL): string | undefined {
  const link = player?.querySelector('a.ytp-title-link[href]');
  return youtubeVideoId(urlOf(link?.getAttribute('href'), base));
}

function stripSuffix(title: string): string {
  return title.replace(/\s+-\s+YouTube$/, '').trim();
}

export const youtubeSite: SiteAdapter = {
  id: 'youtube',
  label: 'YouTube',
  matches: ['*://*.youtube.com/*', '*://*.youtube-nocookie.com/*'],
  test: (url) =>
    onDomain(url.hostname, 'youtube.com') || onDomain(url.hostname, 'youtube-nocookie.com'),

  role(video) {
    if (closestDeep(video, PREVIEW)) return 'preview';
    const player = playerOf(video);
    if (player?.id === 'inline-preview-player') return 'preview';
    if (player && AD_CLASSES.some((name) => player.classList.contains(name))) return 'ad';
    return 'main';
  },

  context(video, url) {
    const doc = video.ownerDocument;
    const player = playerOf(video);
    const miniplayer = closestDeep(video, 'ytd-miniplayer');
    const shorts = closestDeep(video, 'ytd-reel-video-renderer, ytd-shorts');
    const metaId = doc
      .querySelector('meta[itemprop="identifier"], meta[itemprop="videoId"]')
      ?.getAttribute('content');

    let id: string | undefined;
    if (miniplayer) {
      const link = miniplayer.querySelector('a[href*="watch?v="]');
      id = playerLinkId(player, url) ?? youtubeVideoId(urlOf(link?.getAttribute('href'), url));
    } else {
      id =
        youtubeVideoId(url) ??
        playerLinkId(player, url) ??
        (closestDeep(video, '[video-id]')?.getAttribute('video-id') || undefined);
    }
    if (id !== undefined && !VIDEO_ID.test(id)) id = undefined;
    const context: VideoContext = {};
    if (id === undefined) return context;
    context.mediaId = `youtube:${id}`;
    context.postUrl = shorts
      ? `https://www.youtube.com/shorts/${id}`
      : `https://www.youtube.com/watch?v=${id}`;

    // Server-rendered meta tags describe the first video of the page load only.
    const metaFresh = metaId === id;
    let author: string | undefined;
    let title: string | undefined;
    let pageFresh = youtubeVideoId(url) === id;
    if (miniplayer) {
      author = textOf(
        firstOf(miniplayer, ['#owner-name', '.miniplayer-channel', 'ytd-channel-name']),
        100,
      );
      title = textOf(firstOf(miniplayer, ['.miniplayer-title', '#video-title', 'h1']), 200);
    } else if (shorts) {
      const active = closestDeep(video, 'ytd-reel-video-renderer') ?? shorts;
      author = textOf(firstOf(active, SHORTS_AUTHOR), 100);
    } else {
      // During SPA navigation the metadata below the player still describes the last video.
      const shown = doc.querySelector('ytd-watch-metadata[video-id]')?.getAttribute('video-id');
      pageFresh &&= !shown || shown === id;
      if (pageFresh) {
        author = textOf(firstOf(doc, WATCH_AUTHOR), 100);
        title = textOf(firstOf(doc, WATCH_TITLE), 200);
      }
    }
    author ??= textOf(
      player?.querySelector('.ytp-title-channel-name, .ytp-title-expanded-title'),
      100,
    );
    if (author === undefined && metaFresh) {
      author =
        doc
          .querySelector('span[itemprop="author"] link[itemprop="name"]')
          ?.getAttribute('content') ?? undefined;
    }
    if (playerLinkId(player, url) === id) {
      title ??= textOf(player?.querySelector('a.ytp-title-link'), 200);
    }
    if (title === undefined && doc.title && pageFresh)
      title = stripSuffix(doc.title).slice(0, 200) || undefined;
    return compact({ ...context, author, title });
  },

  anchor: (video) => playerOf(video) ?? video,
};
