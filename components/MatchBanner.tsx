/** The known-deepfake line under the badge pill (issue 9): shown whenever a list matches. */
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

// Inline so that it does not depend on the badge stylesheet (Okabe-Ito vermillion, as likely-fake).
const STYLE = {
  pointerEvents: 'auto',
  display: 'block',
  marginTop: '4px',
  maxWidth: '280px',
  padding: '4px 8px',
  borderRadius: '6px',
  background: 'rgb(213 94 0 / 95%)',
  color: '#fff',
  fontWeight: 600,
};

export function MatchBanner({ match, t }: { match: MatchView | undefined; t: Translate }) {
  if (!match) return null;
  return (
    <p class="tt-match" role="status" style={STYLE} title={t('matchFromList', match.listName)}>
      {matchText(match, t)}
    </p>
  );
}
