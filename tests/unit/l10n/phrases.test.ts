import { describe, expect, it } from 'vitest';
import { VISUAL_CUES, runVisualCues } from '@/lib/cues';
import { runLipSyncCues } from '@/lib/cues/lip-sync';
import { notEnoughSeconds } from '@/lib/cues/report';
import { createJudge } from '@/lib/analysis/judge';
import { unjudgeable } from '@/lib/analysis/track-gates';
import { emptyAudioTrack } from '@/lib/audio/types';
import { PLACEHOLDER_REASON } from '@/lib/analysis/placeholder-analyser';
import { formatMessage } from '@/lib/l10n/catalog';
import { classifyFeatures } from '@/lib/scoring/classifier';
import { isPhraseKey, localizeText, parsePhrase } from '@/lib/l10n/phrases';
import type { CueReport } from '@/lib/messaging/types';
import type { FaceTrack } from '@/lib/tracks/types';
import { synthTrack } from '../cues/synthetic';
import { de, en, english, german } from './catalogs';

type Entry = {
  message: string;
  placeholders?: Record<string, { content: string; example?: string }>;
};
const phraseKeys = Object.keys(english).filter(isPhraseKey);

/** An entry's message with its examples filled in: what lib would write. */
function example(key: string): { text: string; substitutions: string[] } {
  const entry = (english as Record<string, Entry>)[key]!;
  const substitutions: string[] = [];
  for (const p of Object.values(entry.placeholders ?? {})) {
    substitutions[Number(p.content.slice(1)) - 1] = p.example ?? 'x';
  }
  return { text: formatMessage(english, key, substitutions)!, substitutions };
}

/** Every sentence a set of cue reports shows: abstention reasons and evidence. */
function sentences(reports: Record<string, CueReport>): string[] {
  return Object.values(reports).flatMap((r) => [
    ...(r.status === 'insufficient' && r.reason ? [r.reason] : []),
    ...r.evidence.map((e) => e.text),
  ]);
}

const PROFILE = { yaw: 1.2, pitch: 0, roll: 0 };
const frozen = (track: FaceTrack): FaceTrack => ({
  ...track,
  samples: track.samples.map((s) => ({ ...track.samples[0]!, t: s.t })),
});

describe('lib sentences translated at display time', () => {
  it('finds every phrase key back from its English text, with its substitutions', () => {
    expect(phraseKeys.length).toBeGreaterThan(50);
    for (const key of phraseKeys) {
      const { text, substitutions } = example(key);
      expect(parsePhrase(text), key).toEqual({ key, substitutions });
      expect(localizeText(text, en), key).toBe(text); // English stays word for word
      expect(localizeText(text, de), key).not.toBe(text);
    }
  });

  it('translates state reasons, nested ones and numbers', () => {
    expect(localizeText('Face too small to judge (36 px in the video; needs 48 px)', de)).toBe(
      'Gesicht zu klein für ein Urteil (36 px im Video; nötig sind 48 px)',
    );
    expect(
      localizeText('Kept last score: Need 2 s and 12 frames of face (have 0.8 s, 6)', de),
    ).toBe(
      'Letzte Bewertung beibehalten: 2 s und 12 Einzelbilder mit Gesicht nötig (vorhanden: 0,8 s, 6)',
    );
    expect(localizeText('Collecting evidence Several faces: the main face is analysed.', de)).toBe(
      'Hinweise werden gesammelt Mehrere Gesichter: Das Hauptgesicht wird analysiert.',
    );
    expect(localizeText(PLACEHOLDER_REASON, de)).toMatch(/^In dieser Version/);
    expect(localizeText(notEnoughSeconds(1.5, 3), de)).toBe(
      'zu wenig Daten: 1,5 s Gesicht, nötig sind 3 s',
    );
  });

  it('leaves text it does not know, and keys a locale lacks, in English', () => {
    expect(localizeText('Something new from another branch', de)).toBe(
      'Something new from another branch',
    );
    const partial = (key: Parameters<typeof de>[0], subs?: string | string[]) =>
      key === 'reasonNoFace' ? key : de(key, subs);
    expect(localizeText('No face found in this video', partial)).toBe(
      'No face found in this video',
    );
  });

  it('covers what the cues and gates write (a changed English sentence fails here)', () => {
    const full = synthTrack({
      durationS: 12,
      blinkTimes: [1.5, 4.2, 6.1, 9.8],
      skin: { pulseHz: 1.1 },
      faceCrops: { every: 8, size: 128 },
      eyeCrops: { every: 4 },
    });
    const one = synthTrack({ durationS: 0, skin: { pulseHz: 1 }, faceCrops: {}, eyeCrops: {} });
    const empty = { id: 0, fps: 8, samples: [] };
    const written = [
      ...sentences(runVisualCues(full)),
      ...sentences(runLipSyncCues(full, emptyAudioTrack('none'))),
      ...sentences(runLipSyncCues(full, emptyAudioTrack('unavailable'))),
      ...[empty, one].flatMap((track) =>
        sentences(
          Object.fromEntries(Object.entries(VISUAL_CUES).map(([n, cue]) => [n, cue(track)])),
        ),
      ),
      ...[frozen(full), { ...full, samples: full.samples.map((s) => ({ ...s, pose: PROFILE })) }]
        .map(unjudgeable)
        .filter((r): r is string => r !== null),
    ];
    // The judge's state reasons, live and final, and the cues as it runs them.
    const short = synthTrack({ durationS: 0.5 });
    for (const final of [false, true]) {
      const outcome = createJudge(() => 0)(short, { final, faceFrames: short.samples.length });
      written.push(outcome.reason ?? '', ...sentences(outcome.cues));
    }
    written.push(classifyFeatures({}).reason ?? '');
    expect(written.length).toBeGreaterThan(25);
    for (const text of written) {
      expect(parsePhrase(text), text).not.toBeNull();
      expect(localizeText(text, de), text).not.toBe(text);
    }
  });

  it('has German for every phrase key', () => {
    for (const key of phraseKeys) expect(Object.hasOwn(german, key), key).toBe(true);
  });
});
