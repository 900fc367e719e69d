/** The known-deepfake line under the badge pill (issue 9): shown whenever a list matches. */
import { bannerStyle } from './banner-style';
import type { Translate } from '@/lib/l10n/keys';

/** What the banner shows; absent when the video matches no list item. */
export interface MatchView {
  label: string;
  listName: string;
}

/** Sentence the banner (and its accessible name) says. */
export function matchText(match: MatchView, t: Translate): string {
  return t('matchKnown', match.label);
}

// Okabe-Ito vermillion, as likely-fake.
const STYLE = bannerStyle('rgb(213 94 0 / 95%)', '#fff');

export function MatchBanner({ match, t }: { match: MatchView | undefined; t: Translate }) {
  if (!match) return null;
  return (
    <p class="tt-match" role="status" style={STYLE} title={t('matchFromList', match.listName)}>
      {matchText(match, t)}
    </p>
  );
}
