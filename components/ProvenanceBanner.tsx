/**
 * Content Credentials (C2PA) on the badge (issue #18): a line under the pill whenever the
 * credential says the media was made with generative AI (whatever the risk), and a section in
 * the panel that says who signed it and with what. Beside the risk, never inside it.
 */
import { bannerStyle } from './banner-style';
import type { ProvenanceStatus } from '@/lib/provenance/types';

/** What the badge shows of the provenance; strings already translated by the caller. */
export interface ProvenanceBadgeView {
  status: ProvenanceStatus;
  aiGenerated: boolean;
  /** Short line under the pill when aiGenerated. */
  aiLabel: string;
  heading: string;
  /** Plain-words lines for the panel (lib/provenance/describe.ts). */
  lines: string[];
}

// Inline, like the match banner (Okabe-Ito reddish purple: not the likely-fake vermillion, since
// a declaration of AI is not a detection).
const STYLE = bannerStyle('rgb(204 121 167 / 95%)', '#000');

export function ProvenanceBanner({ provenance }: { provenance: ProvenanceBadgeView | undefined }) {
  if (!provenance?.aiGenerated) return null;
  return (
    <p class="tt-provenance-ai" role="status" style={STYLE}>
      {provenance.aiLabel}
    </p>
  );
}

export function ProvenancePanel({ provenance }: { provenance: ProvenanceBadgeView | undefined }) {
  if (!provenance || provenance.lines.length === 0) return null;
  return (
    <div class="tt-provenance" data-provenance={provenance.status}>
      <p class="tt-meta">
        <strong>{provenance.heading}</strong>
      </p>
      <ul class="tt-provenance-lines">
        {provenance.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
