import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/hashing/csv';
import { withProvenance, STILL_IMAGE_REASON } from '@/lib/local-files/provenance-item';
import type { Provenance } from '@/lib/provenance/types';
import { applyReport } from '@/lib/storage/item-from-report';
import { toCsv, toJson } from '@/lib/triage/export';
import { parseImport } from '@/lib/triage/import-parse';
import { media, report } from './fixtures';

const signed: Provenance = {
  status: 'invalid',
  reason: 'assertion.dataHash.mismatch: hashes do not match',
  issuer: 'C2PA Test Signing Cert',
  signer: 'C2PA Signer',
  claimGenerator: 'make_test_images/0.33.1 c2pa-rs/0.33.1',
  signedAt: '2024-08-06T21:53:37.000Z',
  aiGenerated: true,
  actions: [{ action: 'c2pa.opened' }, { action: 'c2pa.color_adjustments' }],
  failures: ['assertion.dataHash.mismatch'],
  notChecked: ['trustList', 'revocation', 'remoteManifest'],
};

describe('provenance in the triage export', () => {
  it('round-trips through the JSON export', () => {
    const items = [media('a', { provenance: signed }), media('b')];
    const parsed = parseImport(toJson(items, 'test'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.media[0]?.item.provenance).toEqual(signed);
    expect(parsed.media[1]?.item).not.toHaveProperty('provenance');
  });

  it('refuses an import whose provenance is malformed, naming the field', () => {
    const doc = JSON.parse(toJson([media('a', { provenance: signed })], 'test'));
    doc.items[0].provenance.status = 'trusted';
    const parsed = parseImport(JSON.stringify(doc));
    expect(parsed).toMatchObject({ ok: false });
    if (!parsed.ok) expect(parsed.error).toMatch(/items\[0\]\.provenance\.status/);
    doc.items[0].provenance = { ...signed, actions: 'c2pa.opened' };
    expect(parseImport(JSON.stringify(doc)).ok).toBe(false);
  });

  it('writes the provenance columns to CSV, empty when not read', () => {
    const parsed = parseCsv(toCsv([media('a', { provenance: signed }), media('b')]));
    if (!parsed.ok) throw new Error(parsed.error);
    const rows = parsed.rows.map((r) => r.cells);
    const header = rows[0] ?? [];
    const at = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)];
    expect(at(rows[1], 'provenance')).toBe('invalid');
    expect(at(rows[1], 'provenanceAiGenerated')).toBe('true');
    expect(at(rows[1], 'provenanceIssuer')).toBe('C2PA Test Signing Cert');
    expect(at(rows[1], 'provenanceActions')).toBe('c2pa.opened;c2pa.color_adjustments');
    expect(at(rows[2], 'provenance')).toBe('');
  });
});

describe('provenance in the store', () => {
  it('keeps the stored provenance when later reports do not carry it, and takes a new one', () => {
    const first = applyReport(undefined, report('v1', { provenance: signed }), 1);
    expect(first?.item.provenance).toEqual(signed);
    const later = applyReport(first ?? undefined, report('v1'), 2);
    expect(later?.item.provenance).toEqual(signed);
    const none: Provenance = { ...signed, status: 'none', aiGenerated: false, actions: [] };
    expect(
      applyReport(later ?? undefined, report('v1', { provenance: none }), 3)?.item.provenance,
    ).toEqual(none);
  });

  it("adds a local video's provenance to its item, and makes an item for a still image", () => {
    const info = { name: 'XCA.jpg', size: 142765, lastModified: 1 };
    expect(withProvenance(undefined, info, signed, false, 'v1', 5)).toBeNull();
    const video = media('file:abc');
    expect(withProvenance(video, info, signed, false, 'v1', 5)?.item).toMatchObject({
      key: 'file:abc',
      state: video.item.state,
      provenance: signed,
    });
    const still = withProvenance(undefined, info, signed, true, 'v1', 5);
    expect(still?.item).toMatchObject({
      source: 'file',
      url: 'local:XCA.jpg',
      state: 'unsupported',
      reason: STILL_IMAGE_REASON,
      final: true,
      provenance: signed,
    });
    expect(still?.item.key).toMatch(/^file:[0-9a-f]{16}$/);
    // A still image's item exports and imports like any other.
    expect(parseImport(toJson([still!], 'test')).ok).toBe(true);
  });
});
