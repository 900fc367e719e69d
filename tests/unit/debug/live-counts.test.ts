import { describe, expect, it } from 'vitest';
import { closed, countedWorker, liveCounts, opened } from '@/lib/debug/live-counts';

describe('live counts (soak bench)', () => {
  it('counts a worker from its start to its terminate, once', () => {
    const before = liveCounts().workers;
    let terminated = 0;
    const fake = { terminate: () => void terminated++ } as unknown as Worker;
    const worker = countedWorker(fake);
    expect(liveCounts().workers).toBe(before + 1);
    worker.terminate();
    expect(terminated).toBe(1);
    expect(liveCounts().workers).toBe(before);
  });

  it('never goes below zero', () => {
    opened('indexedDb');
    closed('indexedDb');
    closed('indexedDb');
    expect(liveCounts().indexedDb).toBe(0);
  });
});
