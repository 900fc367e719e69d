/** Any other site: every readable <video> is a main video; no media id. */
import { textOf } from './dom';
import type { SiteAdapter } from './types';

export const genericSite: SiteAdapter = {
  id: 'generic',
  label: 'Other sites',
  matches: ['http://*/*', 'https://*/*'],
  test: () => true,
  role: () => 'main',
  context(video) {
    const title = textOf(video.closest('figure')?.querySelector('figcaption')) ?? undefined;
    return title === undefined ? {} : { title };
  },
  anchor: (video) => video,
};
