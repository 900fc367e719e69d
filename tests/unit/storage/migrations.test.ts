import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, SCHEMAS, upgradeV1 } from '@/lib/storage/migrations';
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
