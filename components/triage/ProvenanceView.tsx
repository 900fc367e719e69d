/** A media item's Content Credentials (C2PA) in plain words. */
import type { Translate } from '@/lib/i18n';
import { provenanceLines } from '@/lib/provenance/describe';
import type { Provenance } from '@/lib/provenance/types';

export interface ProvenanceViewProps {
  provenance: Provenance;
  t: Translate;
}

export function ProvenanceView({ provenance, t }: ProvenanceViewProps) {
  const [status, ...rest] = provenanceLines(provenance, t);
  return (
    <section
      class={`tt-provenance is-${provenance.status}${provenance.aiGenerated ? ' is-ai' : ''}`}
      data-provenance={provenance.status}
      data-ai={String(provenance.aiGenerated)}
      aria-label={t('provenanceHeading')}
    >
      <h3>{t('provenanceHeading')}</h3>
      <p class="tt-provenance-status">{status}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
