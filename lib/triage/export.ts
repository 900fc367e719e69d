/**
 * Export of triage items as JSON (the documented, re-importable format: docs/triage-export.md)
 * and as CSV (one row per item, for spreadsheets; not re-importable).
 */
import { csvCell } from '../hashing/csv';
import type { Provenance } from '../provenance/types';
import type { StoredMedia, TriageDetail, TriageItem } from '../storage/types';

export const EXPORT_FORMAT = 'telltale-triage';
export const EXPORT_VERSION = 1;

/** One exported item: the stored row plus its detail (without the key repeated). */
export type ExportedItem = TriageItem & { detail: Omit<TriageDetail, 'key'> };

export interface ExportDoc {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO time of the export. */
  exportedAt: string;
  /** Extension version that wrote the file. */
  generator: string;
  items: ExportedItem[];
}

export function toExportDoc(
  media: readonly StoredMedia[],
  generator: string,
  now = new Date(),
): ExportDoc {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    generator,
    items: media.map(({ item, detail }) => {
      const { key: _key, ...rest } = detail;
      return { ...item, detail: rest };
    }),
  };
}

export function toJson(media: readonly StoredMedia[], generator: string, now = new Date()): string {
  return JSON.stringify(toExportDoc(media, generator, now), null, 1);
}

/**
 * A CSV cell for untrusted text: quoted as RFC 4180 needs, and prefixed with ' when it starts
 * like a spreadsheet formula (=, +, -, @, tab, CR), so opening the file cannot run one.
 */
export function textCell(value: string): string {
  return csvCell(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

const FIXED = [
  'key',
  'source',
  'site',
  'mediaId',
  'url',
  'title',
  'author',
  'firstSeen',
  'lastSeen',
  'state',
  'risk',
  'verdict',
  'reason',
  'final',
  'fusionVersion',
  'analyserId',
  'moderatorVerdict',
  'reviewedAt',
  'notes',
  'tags',
  // Content Credentials (issue #18), empty when they were not read.
  'provenance',
  'provenanceAiGenerated',
  'provenanceIssuer',
  'provenanceClaimGenerator',
  'provenanceSignedAt',
  'provenanceActions',
  'provenanceReason',
] as const;

function provenanceCells(p: Provenance | undefined): string[] {
  if (!p) return ['', '', '', '', '', '', ''];
  return [
    p.status,
    String(p.aiGenerated),
    p.issuer ?? '',
    p.claimGenerator ?? '',
    p.signedAt ?? '',
    p.actions.map((a) => a.action).join(';'),
    p.reason ?? '',
  ];
}

/** CSV with the fixed columns, one `cue:<name>` score column per cue seen, and the evidence. */
export function toCsv(media: readonly StoredMedia[]): string {
  const cueNames = [...new Set(media.flatMap((m) => Object.keys(m.item.cueScores)))].sort();
  const header = [...FIXED, ...cueNames.map((c) => `cue:${c}`), 'evidence'];
  const lines = [header.map(textCell).join(',')];
  for (const { item, detail } of media) {
    const evidence = Object.entries(detail.cues)
      .flatMap(([cue, report]) => report.evidence.map((e) => `${cue}: ${e.text}`))
      .join(' | ');
    const cells = [
      item.key,
      item.source,
      item.site,
      item.mediaId ?? '',
      item.url,
      item.title ?? '',
      item.author ?? '',
      iso(item.firstSeen),
      iso(item.lastSeen),
      item.state,
      n(item.risk),
      item.verdict ?? '',
      item.reason ?? '',
      String(item.final),
      item.fusionVersion ?? '',
      item.analyserId,
      item.modVerdict ?? '',
      iso(item.reviewedAt),
      item.notes,
      item.tags.join(';'),
      ...provenanceCells(item.provenance),
      ...cueNames.map((c) => n(item.cueScores[c])),
      evidence,
    ];
    lines.push(cells.map(textCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
