// @vitest-environment happy-dom
/**
 * Site adapters against saved pages: the real captured X and TikTok pages and YouTube server
 * HTML in ../shared/fixtures/sites, and the hand-made rendered YouTube pages in
 * tests/fixtures/sites/youtube (see the README there). Expected counts and ids come from each
 * page's provenance notes (../shared/fixtures/sites/MANIFEST.tsv).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainVideos, siteFor } from '@/lib/sites/registry';
import type { SiteAdapter } from '@/lib/sites/types';
import { youtubeSite, youtubeVideoId } from '@/lib/sites/youtube';
import { HAS_SHARED_SITES, LOCAL_SITES, SHARED_SITES, loadPage } from './load';

if (!HAS_SHARED_SITES) console.warn(`[sites] ${SHARED_SITES} is absent: captured pages skipped`);

interface Expected {
  mediaId: string;
  author?: string;
  postUrl?: string;
}

function contexts(site: SiteAdapter, doc: Document, url: URL) {
  return mainVideos(site, doc, url).map((video) => site.context(video, url));
}

function roles(site: SiteAdapter, doc: Document, url: URL) {
  return [...doc.querySelectorAll('video')].map((video) => site.role(video, url));
}

describe('siteFor', () => {
  it.each([
    ['https://www.youtube.com/watch?v=A0FZIwabctw', 'youtube'],
    ['https://m.youtube.com/shorts/aBcDeFgHiJk', 'youtube'],
    ['https://www.youtube-nocookie.com/embed/A0FZIwabctw', 'youtube'],
    ['https://x.com/verge/status/1', 'x'],
    ['https://mobile.twitter.com/home', 'x'],
    ['https://www.tiktok.com/foryou', 'tiktok'],
    ['https://notyoutube.com/watch?v=A0FZIwabctw', 'generic'],
    ['https://x.com.example.org/', 'generic'],
    ['http://127.0.0.1:8080/', 'generic'],
  ])('%s -> %s', (url, id) => {
    expect(siteFor(new URL(url)).id).toBe(id);
  });
});

describe('youtubeVideoId', () => {
  it.each([
    ['https://www.youtube.com/watch?v=A0FZIwabctw&t=10', 'A0FZIwabctw'],
    ['https://www.youtube.com/shorts/aBcDeFgHiJk', 'aBcDeFgHiJk'],
    ['https://www.youtube-nocookie.com/embed/A0FZIwabctw?autoplay=1', 'A0FZIwabctw'],
    ['https://www.youtube.com/live/A0FZIwabctw', 'A0FZIwabctw'],
    ['https://youtu.be/A0FZIwabctw', 'A0FZIwabctw'],
    ['https://www.youtube.com/watch?v=short', undefined],
    ['https://www.youtube.com/', undefined],
    ['https://www.youtube.com/channel/UCzcRQ3vRNr6fJ1A9rqFn7QA', undefined],
  ])('%s', (url, id) => {
    expect(youtubeVideoId(new URL(url))).toBe(id);
  });
});

describe.skipIf(!HAS_SHARED_SITES)('X, captured pages', () => {
  const cases: [string, string, Expected[]][] = [
    [
      'metascraper-x__post-video.html',
      'https://x.com/verge/status/957383241714970624',
      [
        {
          mediaId: 'x:957383241714970624',
          author: '@verge',
          postUrl: 'https://x.com/verge/status/957383241714970624',
        },
      ],
    ],
    [
      'metascraper-x__profile-video.html',
      'https://x.com/javilop',
      [
        { mediaId: 'x:1891903285470388521', author: '@javilop' },
        { mediaId: 'x:1827080302172500161', author: '@javilop' },
        { mediaId: 'x:1954943693871632665', author: '@javilop' },
      ],
    ],
    [
      'metascraper-x__post-gif.html',
      'https://x.com/Kikobeats/status/880139124791029763',
      [{ mediaId: 'x:880139124791029763', author: '@Kikobeats' }],
    ],
    ['metascraper-x__post.html', 'https://x.com/Kikobeats/status/1222907250383245320', []],
    ['metascraper-x__post-on-x.html', 'https://x.com/Kikobeats/status/1222907250383245320', []],
    ['metascraper-x__post-image.html', 'https://x.com/x/status/934106870834454529', []],
    ['metascraper-x__post-link.html', 'https://x.com/Forbes/status/2016058596782670275', []],
    ['metascraper-x__profile.html', 'https://x.com/Kikobeats', []],
  ];
  it.each(cases)('%s', (file, href, expected) => {
    const url = new URL(href);
    const doc = loadPage(path.join(SHARED_SITES, 'x', file));
    const site = siteFor(url);
    expect(site.id).toBe('x');
    const found = contexts(site, doc, url);
    expect(found).toHaveLength(expected.length);
    found.forEach((context, i) => expect(context).toMatchObject(expected[i]!));
    // Media ids are unique on a page and valid for the background's validator.
    expect(new Set(found.map((c) => c.mediaId)).size).toBe(found.length);
    for (const context of found) expect(context.mediaId).toMatch(/^x:\d+(-\d+)?$/);
  });

  it('anchors the badge to the videoPlayer block', () => {
    const url = new URL('https://x.com/javilop');
    const doc = loadPage(path.join(SHARED_SITES, 'x', 'metascraper-x__profile-video.html'));
    for (const video of mainVideos(siteFor(url), doc, url)) {
      expect(siteFor(url).anchor(video).getAttribute('data-testid')).toBe('videoPlayer');
    }
  });

  it('tweet text becomes the title of a video post', () => {
    const url = new URL('https://x.com/verge/status/957383241714970624');
    const doc = loadPage(path.join(SHARED_SITES, 'x', 'metascraper-x__post-video.html'));
    const [context] = contexts(siteFor(url), doc, url);
    expect(context?.title).toContain('game cartridges');
  });

  it('a promoted tweet is an ad', () => {
    const url = new URL('https://x.com/verge/status/957383241714970624');
    const doc = loadPage(path.join(SHARED_SITES, 'x', 'metascraper-x__post-video.html'));
    const article = doc.querySelector('article')!;
    const label = doc.createElement('span');
    label.textContent = 'Ad';
    article.append(label);
    expect(roles(siteFor(url), doc, url)).toEqual(['ad']);
  });
});

describe.skipIf(!HAS_SHARED_SITES)('TikTok, captured pages', () => {
  it('video page: both feed players, ids from the xgplayer wrappers, authors from the items', () => {
    const url = new URL('https://www.tiktok.com/@illojuan/video/7571863205253778710');
    const doc = loadPage(path.join(SHARED_SITES, 'tiktok', 'metascraper-tiktok__video.html'));
    const site = siteFor(url);
    expect(site.id).toBe('tiktok');
    const found = contexts(site, doc, url);
    expect(found).toEqual([
      expect.objectContaining({
        mediaId: 'tiktok:7571863205253778710',
        author: '@illojuan',
        postUrl: 'https://www.tiktok.com/@illojuan/video/7571863205253778710',
      }),
      expect.objectContaining({ mediaId: 'tiktok:7586458564600827138', author: '@lacasa2edicion' }),
    ]);
    for (const video of mainVideos(site, doc, url)) {
      expect(site.anchor(video).classList.contains('xgplayer-container')).toBe(true);
    }
  });

  it('profile page: the grid hover preview is not analysed', () => {
    const url = new URL('https://www.tiktok.com/@illojuan');
    const doc = loadPage(path.join(SHARED_SITES, 'tiktok', 'metascraper-tiktok__profile.html'));
    expect(roles(siteFor(url), doc, url)).toEqual(['preview']);
  });
});

describe.skipIf(!HAS_SHARED_SITES)('YouTube, captured server HTML', () => {
  // Server HTML has no <video>; a bare one stands in to read the page context the way the
  // adapter does on the first video of a page load (meta tags still describe it).
  it.each([
    ['metascraper-youtube__youtube-video.html', 'hwMkbaS_M_c', 'ONE Media'],
    ['metascraper-youtube__youtube-video-old.html', 'GDRd-BFTYIg', 'Andrewjrt'],
    ['metascraper-youtube__youtube-title.html', 'DIsktwOQZuU', 'Global Brain'],
    ['metascraper-youtube__image-size.html', 'A0FZIwabctw', 'SpaceX'],
    ['metascraper-iframe__youtube.html', 'fJ9rUzIMcZQ', 'Queen Official'],
  ])('%s', (file, id, author) => {
    const doc = loadPage(path.join(SHARED_SITES, 'youtube', file));
    const canonical = doc.querySelector('link[rel="canonical"]')!.getAttribute('href')!;
    const url = new URL(canonical);
    expect(doc.querySelectorAll('video')).toHaveLength(0);
    const video = doc.createElement('video');
    doc.body.append(video);
    expect(youtubeSite.context(video, url)).toMatchObject({ mediaId: `youtube:${id}`, author });
    // The same meta tags must not name a different video (SPA navigation keeps them stale).
    const other = new URL('https://www.youtube.com/watch?v=zzzzzzzzzzz');
    expect(youtubeSite.context(video, other).author).toBeUndefined();
  });

  it('a channel page has no video id', () => {
    const doc = loadPage(
      path.join(SHARED_SITES, 'youtube', 'metascraper-youtube__youtube-channel.html'),
    );
    const video = doc.createElement('video');
    doc.body.append(video);
    const url = new URL('https://www.youtube.com/channel/UCzcRQ3vRNr6fJ1A9rqFn7QA');
    expect(youtubeSite.context(video, url).mediaId).toBeUndefined();
  });
});

describe('YouTube, hand-made rendered pages', () => {
  const page = (name: string) => loadPage(path.join(LOCAL_SITES, 'youtube', name));

  it('watch page: the main player, its id, channel and title; the anchor is the player', () => {
    const url = new URL('https://www.youtube.com/watch?v=A0FZIwabctw');
    const doc = page('watch.html');
    expect(contexts(youtubeSite, doc, url)).toEqual([
      {
        mediaId: 'youtube:A0FZIwabctw',
        postUrl: 'https://www.youtube.com/watch?v=A0FZIwabctw',
        author: 'SpaceX',
        title: 'Falcon Heavy & Starman',
      },
    ]);
    const video = doc.querySelector('video')!;
    expect(youtubeSite.anchor(video).id).toBe('movie_player');
  });

  it('watch page: an ad playing in the player is not the video', () => {
    const url = new URL('https://www.youtube.com/watch?v=A0FZIwabctw');
    const doc = page('watch.html');
    doc.querySelector('#movie_player')!.classList.add('ad-showing');
    expect(roles(youtubeSite, doc, url)).toEqual(['ad']);
    doc.querySelector('#movie_player')!.classList.remove('ad-showing');
    expect(roles(youtubeSite, doc, url)).toEqual(['main']);
  });

  it('watch page after SPA navigation: id from the URL, stale metadata ignored', () => {
    const url = new URL('https://www.youtube.com/watch?v=hwMkbaS_M_c');
    const [context] = contexts(youtubeSite, page('watch.html'), url);
    expect(context?.mediaId).toBe('youtube:hwMkbaS_M_c');
    expect(context?.author).toBeUndefined();
    expect(context?.title).not.toBe('Falcon Heavy & Starman');
  });

  it('shorts: only the active reel has a player', () => {
    const url = new URL('https://www.youtube.com/shorts/aBcDeFgHiJk');
    expect(contexts(youtubeSite, page('shorts.html'), url)).toEqual([
      expect.objectContaining({
        mediaId: 'youtube:aBcDeFgHiJk',
        author: '@NASA',
        postUrl: 'https://www.youtube.com/shorts/aBcDeFgHiJk',
      }),
    ]);
  });

  it('embed: id from the URL, channel from the player chrome', () => {
    const url = new URL('https://www.youtube-nocookie.com/embed/A0FZIwabctw');
    expect(contexts(youtubeSite, page('embed.html'), url)).toEqual([
      expect.objectContaining({
        mediaId: 'youtube:A0FZIwabctw',
        author: 'SpaceX',
        title: 'Falcon Heavy & Starman',
      }),
    ]);
  });

  it('home feed: the miniplayer keeps its video, the hover preview is skipped', () => {
    const url = new URL('https://www.youtube.com/');
    const doc = page('home-miniplayer.html');
    expect(roles(youtubeSite, doc, url)).toEqual(['preview', 'main']);
    expect(contexts(youtubeSite, doc, url)).toEqual([
      expect.objectContaining({ mediaId: 'youtube:A0FZIwabctw', author: 'SpaceX' }),
    ]);
  });
});

describe('generic sites', () => {
  it('every video is a main video without a media id; figcaption is the title', () => {
    const url = new URL('https://news.example.org/story');
    const doc = new DOMParser().parseFromString(
      '<figure><video></video><figcaption>Interview, 2026</figcaption></figure><video></video>',
      'text/html',
    );
    expect(contexts(siteFor(url), doc, url)).toEqual([{ title: 'Interview, 2026' }, {}]);
  });
});
