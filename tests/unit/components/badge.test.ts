import { describe, expect, it } from 'vitest';
import { badgeLabel, formatTime, isMinimal, type BadgeView } from '@/components/Badge';
import { parseOpenTriage } from '@/lib/messaging/content-protocol';
import { de, en } from '../l10n/catalogs';

const base: BadgeView = {
  state: 'scored',
  risk: 12,
  verdict: 'likely-real',
  sampling: true,
  placeholder: false,
};

describe('badge wording', () => {
  it('labels every state in words, with the risk when scored', () => {
    expect(badgeLabel(base, en)).toBe('12% · Likely real');
    expect(badgeLabel({ ...base, state: 'insufficient' }, en)).toBe('Not enough evidence');
    expect(badgeLabel({ ...base, state: 'unsupported' }, en)).toBe("Can't check");
    expect(badgeLabel({ ...base, deep: { progress: 0.42 } }, en)).toBe('Deep check 42%');
    expect(badgeLabel({ ...base, deep: { progress: 1 } }, en)).toBe('12% · Likely real');
  });

  it('labels in German with a German catalog', () => {
    expect(badgeLabel(base, de)).toBe('12 % · Wahrscheinlich echt');
    expect(badgeLabel({ ...base, state: 'idle' }, de)).toBe('Telltale');
    expect(badgeLabel({ ...base, deep: { progress: 0.42 } }, de)).toBe('Gründliche Prüfung 42 %');
  });

  it('quiet mode shrinks only what needs no attention', () => {
    expect(isMinimal({ ...base, quiet: true })).toBe(true);
    expect(isMinimal({ ...base, quiet: true, state: 'analyzing' })).toBe(true);
    expect(isMinimal({ ...base, quiet: true, verdict: 'uncertain' })).toBe(false);
    expect(isMinimal({ ...base, quiet: true, verdict: 'likely-fake', risk: 90 })).toBe(false);
    expect(isMinimal({ ...base, quiet: true, state: 'unsupported' })).toBe(false);
    expect(isMinimal({ ...base, quiet: true, state: 'error' })).toBe(false);
    expect(isMinimal({ ...base, quiet: true, deep: { progress: 0.5 } })).toBe(false);
    expect(isMinimal({ ...base, quiet: false })).toBe(false);
  });

  it('never hides a credential that declares generative AI, whatever the risk', () => {
    const provenance = {
      status: 'valid' as const,
      aiGenerated: true,
      aiLabel: 'Made with AI',
      heading: 'Content Credentials',
      lines: [],
    };
    expect(isMinimal({ ...base, quiet: true, provenance })).toBe(false);
    expect(
      isMinimal({ ...base, quiet: true, provenance: { ...provenance, aiGenerated: false } }),
    ).toBe(true);
  });

  it('formats media times', () => {
    expect(formatTime(75.4)).toBe('1:15');
    expect(formatTime(-3)).toBe('0:00');
  });
});

describe('bg:openTriage payload', () => {
  it('keeps a valid id pair and rejects hostile ids', () => {
    expect(parseOpenTriage({ videoId: 'vabc', mediaId: 'youtube:A0FZIwabctw', x: 1 })).toEqual({
      videoId: 'vabc',
      mediaId: 'youtube:A0FZIwabctw',
    });
    expect(() => parseOpenTriage({ videoId: 'vabc', mediaId: 'javascript:alert(1)' })).toThrow();
    expect(() => parseOpenTriage({ videoId: '../x' })).toThrow();
  });
});
