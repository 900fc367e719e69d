/** Cue names in the UI language (lib/cues/labels.ts keeps the English used in exports). */
import { cueLabel, cueShortName } from '../cues/labels';
import type { MessageKey, Translate } from './keys';

const LABEL_KEYS: Readonly<Record<string, MessageKey>> = {
  temporal: 'cueLabelTemporal',
  blink: 'cueLabelBlink',
  headPose: 'cueLabelHeadPose',
  boundary: 'cueLabelBoundary',
  eyeReflection: 'cueLabelEyeReflection',
  pulse: 'cueLabelPulse',
  motion: 'cueLabelMotion',
  mesonet: 'cueLabelMesonet',
  lrnet: 'cueLabelLrnet',
  blend: 'cueLabelBlend',
  avSync: 'cueLabelAvSync',
  phonemeViseme: 'cueLabelPhonemeViseme',
};

const SHORT_KEYS: Readonly<Record<string, MessageKey>> = {
  temporal: 'cueShortTemporal',
  blink: 'cueShortBlink',
  headPose: 'cueShortHeadPose',
  boundary: 'cueShortBoundary',
  eyeReflection: 'cueShortEyeReflection',
  pulse: 'cueShortPulse',
  motion: 'cueShortMotion',
  mesonet: 'cueShortMesonet',
  lrnet: 'cueShortLrnet',
  blend: 'cueShortBlend',
  avSync: 'cueShortAvSync',
  phonemeViseme: 'cueShortPhonemeViseme',
};

/** What the cue found, in plain words ("Blinking looks unnatural"); unknown cues by name. */
export function cueLabelIn(t: Translate, cue: string): string {
  const key = LABEL_KEYS[cue];
  return key ? t(key) : cueLabel(cue);
}

/** What the cue looks at ("blinking"); unknown cues by name. */
export function cueShortNameIn(t: Translate, cue: string): string {
  const key = SHORT_KEYS[cue];
  return key ? t(key) : cueShortName(cue);
}
