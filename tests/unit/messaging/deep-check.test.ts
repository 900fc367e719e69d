import { describe, expect, it } from 'vitest';
import { DEEP_CHECK_MENU_ID, deepCheckMenu, requestFromMenu } from '@/lib/background/context-menu';
import { parseDeepCheckRequest } from '@/lib/messaging/deep-check';
import { ValidationError } from '@/lib/messaging/validate';

describe('deep-check requests', () => {
  it('parses ids and source URLs, drops unknown keys', () => {
    expect(parseDeepCheckRequest({})).toEqual({});
    expect(parseDeepCheckRequest({ videoId: 'vabc', srcUrl: 'https://a/b.mp4', evil: 1 })).toEqual({
      videoId: 'vabc',
      srcUrl: 'https://a/b.mp4',
    });
  });

  it('rejects malformed requests', () => {
    for (const bad of [
      null,
      'x',
      { videoId: 'a b' },
      { srcUrl: 3 },
      { srcUrl: 'x'.repeat(9000) },
    ]) {
      expect(() => parseDeepCheckRequest(bad)).toThrow(ValidationError);
    }
  });

  it('the context menu is on videos and pages; a click on a video names its source and frame', () => {
    expect(deepCheckMenu('Check').contexts).toEqual(['video', 'page']);
    expect(
      requestFromMenu({
        menuItemId: DEEP_CHECK_MENU_ID,
        mediaType: 'video',
        srcUrl: 'https://s/v.mp4',
        frameId: 3,
      }),
    ).toEqual({ request: { srcUrl: 'https://s/v.mp4' }, frameId: 3 });
    expect(requestFromMenu({ menuItemId: DEEP_CHECK_MENU_ID })).toEqual({
      request: {},
      frameId: 0,
    });
    // An image's source is not a video's.
    expect(
      requestFromMenu({ menuItemId: DEEP_CHECK_MENU_ID, mediaType: 'image', srcUrl: 'x.png' }),
    ).toEqual({ request: {}, frameId: 0 });
    expect(requestFromMenu({ menuItemId: 'other' })).toBeNull();
  });
});
