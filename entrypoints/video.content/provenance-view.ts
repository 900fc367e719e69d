/** A report's provenance as the badge shows it, in the user's language (issue #18). */
import type { ProvenanceBadgeView } from '@/components/ProvenanceBanner';
import { t } from '@/lib/i18n';
import { provenanceLines } from '@/lib/provenance/describe';
import type { Provenance } from '@/lib/provenance/types';

export function provenanceView(p: Provenance): ProvenanceBadgeView {
  return {
    status: p.status,
    aiGenerated: p.aiGenerated,
    aiLabel: t('provenanceBadgeAi'),
    heading: t('provenanceHeading'),
    lines: provenanceLines(p, t),
  };
}
