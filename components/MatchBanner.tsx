/** The known-deepfake line under the badge pill (issue 9): shown whenever a list matches. */

/** What the banner shows; absent when the video matches no list item. */
export interface MatchView {
  label: string;
  listName: string;
}

/** Sentence the banner (and its accessible name) says. */
export function matchText(match: MatchView): string {
  return `Matches a known deepfake: ${match.label}`;
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

export function MatchBanner({ match }: { match: MatchView | undefined }) {
  if (!match) return null;
  return (
    <p class="tt-match" role="status" style={STYLE} title={`From the list “${match.listName}”`}>
      {matchText(match)}
    </p>
  );
}
