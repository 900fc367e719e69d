/**
 * Provenance in plain words for the badge panel and the triage page (pure; strings from
 * public/_locales through the caller's `t`).
 */
import type { MessageKey, Translate } from '../i18n';
import type { Provenance, ProvenanceStatus } from './types';

export const STATUS_KEY: Record<ProvenanceStatus, MessageKey> = {
  none: 'provenanceStatusNone',
  valid: 'provenanceStatusValid',
  invalid: 'provenanceStatusInvalid',
  unreadable: 'provenanceStatusUnreadable',
};

/** `c2pa.color_adjustments` -> `color adjustments`; other vendors' labels are kept whole. */
export function actionWords(action: string): string {
  return action.startsWith('c2pa.') ? action.slice(5).replaceAll('_', ' ') : action;
}

/** `2023-12-02T16:34:19.000Z` -> `2023-12-02 16:34 UTC`. */
function day(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Lines that say what the credential is, who signed it and with what, and its caveats. */
export function provenanceLines(p: Provenance, t: Translate): string[] {
  const lines = [t(STATUS_KEY[p.status])];
  if (p.aiGenerated) lines.push(t('provenanceAiGenerated'));
  if (p.status === 'none') return lines;
  if ((p.status === 'invalid' || p.status === 'unreadable') && p.reason) {
    lines.push(t('provenanceReason', p.reason));
  }
  if (p.issuer) lines.push(t('provenanceSignedBy', p.issuer));
  if (p.claimGenerator) lines.push(t('provenanceMadeWith', p.claimGenerator));
  if (p.signedAt) lines.push(t('provenanceSignedAt', day(p.signedAt)));
  if (p.actions.length > 0) {
    const names = [...new Set(p.actions.map((a) => actionWords(a.action)))];
    lines.push(t('provenanceActions', names.join(', ')));
  }
  if (p.status === 'valid') lines.push(t('provenanceNotProof'));
  if (p.status !== 'unreadable' && p.notChecked.length > 0) lines.push(t('provenanceNotChecked'));
  return lines;
}
