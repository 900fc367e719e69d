import { describe, expect, it } from 'vitest';
import {
  CURRENT_VERSION,
  SCHEMAS,
  readStoredDetail,
  readStoredItem,
  upgradeV1,
} from '@/lib/storage/migrations';
import { media } from '../triage/fixtures';

describe('triage store migrations', () => {
  it('declares a schema for every version up to the current one', () => {
    for (let v = 1; v <= CURRENT_VERSION; v++)
      expect(SCHEMAS[v as keyof typeof SCHEMAS]).toBeDefined();
    // Primary keys never change between versions (Dexie cannot change them in an upgrade).
    expect(SCHEMAS[1].items.split(',')[0]).toBe(SCHEMAS[2].items.split(',')[0]);
  });

  it('splits a version 1 record (detail inline) into item and detail without loss', () => {
    const { item, detail } = media('k1', {
      modVerdict: 'authentic',
      reviewedAt: 5,
      notes: 'ok',
      tags: ['a'],
    });
    const { key: _k, ...inline } = detail;
    const v1 = { ...item, ...inline };
    const upgraded = upgradeV1(v1);
    expect(upgraded.item).toEqual(item);
    expect(upgraded.detail).toEqual(detail);
  });

  it('fills defaults for fields a version 1 record lacks or mistyped', () => {
    const upgraded = upgradeV1({
      key: 'old',
      risk: 'high',
      site: 'myspace',
      tags: ['x', 3],
      modVerdict: 'maybe',
    });
    expect(upgraded.item).toMatchObject({
      key: 'old',
      risk: null,
      site: 'generic',
      tags: ['x'],
      modVerdict: 'unsure',
      notes: '',
      state: 'idle',
    });
    expect(upgraded.detail.series).toEqual({ t: [], risk: [], cues: {} });
  });
});

describe('reading stored version 2 rows defensively', () => {
  it('keeps a sound row as it is, fields it does not know included', () => {
    const { item, detail } = upgradeV1({ key: 'k', url: 'https://a', risk: 40, site: 'x' });
    const stored = { ...item, provenanceStatus: 'valid' };
    expect(readStoredItem(stored)).toEqual(stored);
    expect(readStoredDetail(detail)).toEqual(detail);
  });

  it('repairs a row with broken fields and refuses one without a key', () => {
    const repaired = readStoredItem({ key: 'k', risk: 'high', tags: 'x', site: 42 });
    expect(repaired).toMatchObject({ key: 'k', risk: null, tags: [], site: 'generic' });
    expect(readStoredItem({ risk: 3 })).toBeNull();
    expect(readStoredItem('garbage')).toBeNull();
    expect(readStoredItem(null)).toBeNull();
    expect(readStoredDetail({ key: 'k', series: 5, cues: [] })).toMatchObject({
      series: { t: [], risk: [], cues: {} },
      cues: {},
    });
    expect(readStoredDetail(undefined)).toBeNull();
  });
});
