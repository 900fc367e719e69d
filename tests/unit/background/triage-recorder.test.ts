import { describe, expect, it } from 'vitest';
import {
  describeStoreError,
  TriageRecorder,
  type StoreProblem,
} from '@/lib/background/triage-recorder';
import type { TriageDb } from '@/lib/storage/db';
import { report } from '../triage/fixtures';

describe('describeStoreError', () => {
  it('tells a full disk from other write errors', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(describeStoreError(quota).kind).toBe('quota');
    // Dexie wraps IndexedDB errors and keeps the original as `inner`.
    const wrapped = Object.assign(new Error('AbortError'), {
      name: 'AbortError',
      inner: new DOMException('x', 'QuotaExceededError'),
    });
    expect(describeStoreError(wrapped).kind).toBe('quota');
    expect(describeStoreError(new Error('disk on fire'))).toEqual({
      kind: 'write',
      detail: 'Error: disk on fire',
    });
  });
});

describe('TriageRecorder write problems', () => {
  it('reports a failed write and clears it when writes work again', async () => {
    // A store whose transactions fail (a full disk) until `full` is turned off.
    let full = true;
    const table = { bulkGet: async () => [], bulkPut: async () => undefined };
    const db = {
      items: table,
      details: table,
      transaction: async (...args: unknown[]) => {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return (args[args.length - 1] as () => Promise<unknown>)();
      },
    } as unknown as TriageDb;
    const problems: (StoreProblem | null)[] = [];
    const settings = { get: async () => ({}) };
    const recorder = new TriageRecorder(
      db,
      settings,
      () => Date.now(),
      (p) => problems.push(p),
    );
    const one = report('v00000000000000000001');
    recorder.record(one);
    await recorder.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'quota' });
    full = false;
    recorder.record(one);
    await recorder.flush();
    expect(problems).toEqual([problems[0], null]);
    // Nothing more to say while writes keep working.
    recorder.record(one);
    await recorder.flush();
    expect(problems).toHaveLength(2);
  });

  it('clears a problem an earlier worker left, on its first good write', async () => {
    const table = { bulkGet: async () => [], bulkPut: async () => undefined };
    const db = {
      items: table,
      details: table,
      transaction: async (...args: unknown[]) =>
        (args[args.length - 1] as () => Promise<unknown>)(),
    } as unknown as TriageDb;
    const problems: (StoreProblem | null)[] = [];
    const recorder = new TriageRecorder(db, { get: async () => ({}) }, Date.now, (p) =>
      problems.push(p),
    );
    recorder.record(report('v00000000000000000001'));
    await recorder.flush();
    expect(problems).toEqual([null]);
  });
});
