import { describe, expect, it } from 'vitest';
import { itemKeyFromHash } from '@/lib/triage/deep-link';

const items = [
  { key: 'youtube:A0FZIwabctw', mediaId: 'youtube:A0FZIwabctw', videoId: 'v1' },
  { key: 'http://127.0.0.1/#v2', videoId: 'v2' },
];

describe('triage deep links', () => {
  it('finds an item by media id or, without one, by video id', () => {
    expect(itemKeyFromHash('#media=youtube%3AA0FZIwabctw', items)).toBe('youtube:A0FZIwabctw');
    expect(itemKeyFromHash('#video=v2', items)).toBe('http://127.0.0.1/#v2');
  });

  it('names nothing for unknown or malformed hashes', () => {
    expect(itemKeyFromHash('#media=x%3A1', items)).toBeNull();
    expect(itemKeyFromHash('', items)).toBeNull();
    expect(itemKeyFromHash('#%%%', items)).toBeNull();
  });
});
