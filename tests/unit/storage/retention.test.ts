import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETENTION_DAYS,
  readRetentionDays,
  retentionCutoff,
} from '@/lib/storage/retention';

const area = (value: unknown) => ({
  get: async (key: string) => (value === undefined ? {} : { [key]: value }),
});

describe('retention', () => {
  it('reads settings.retentionDays, falling back to the default for missing or bad values', async () => {
    expect(await readRetentionDays(area({ retentionDays: 7 }))).toBe(7);
    expect(await readRetentionDays(area(undefined))).toBe(DEFAULT_RETENTION_DAYS);
    expect(await readRetentionDays(area({ retentionDays: -1 }))).toBe(DEFAULT_RETENTION_DAYS);
    expect(await readRetentionDays(area({ retentionDays: '9' }))).toBe(DEFAULT_RETENTION_DAYS);
    expect(await readRetentionDays({ get: () => Promise.reject(new Error('x')) })).toBe(
      DEFAULT_RETENTION_DAYS,
    );
  });

  it('cuts off whole days before now', () => {
    expect(retentionCutoff(2, 10 * 86_400_000)).toBe(8 * 86_400_000);
  });
});
