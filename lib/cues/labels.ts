/**
 * Plain-word names of the cues, by report key, for people who never read the code (badge,
 * popup, triage, exports). Unknown keys fall back to the key itself.
 */
export const CUE_LABELS: Readonly<Record<string, string>> = {
  temporal: 'Face landmarks jitter between frames',
  blink: 'Blinking looks unnatural',
  headPose: 'Inner and outer face turn differently',
  boundary: 'Seam where a face was blended in',
  eyeReflection: 'Eye reflections disagree',
  pulse: 'No pulse signal in the skin',
  motion: 'Head and face move unnaturally smoothly or jerkily',
  mesonet: 'Frame model sees a synthesised face',
  lrnet: 'Face movement looks synthesised (landmark model)',
  blend: 'Frame model sees a face blended in',
  avSync: 'Lips out of sync with the speech',
  phonemeViseme: 'Mouth shapes do not fit the sounds',
};

export function cueLabel(cue: string): string {
  return CUE_LABELS[cue] ?? cue;
}

/** Short names of what each cue looks at ("Looked at: blinking, head pose…"). */
export const CUE_SHORT_NAMES: Readonly<Record<string, string>> = {
  temporal: 'landmark jitter',
  blink: 'blinking',
  headPose: 'head pose',
  boundary: 'blend seams',
  eyeReflection: 'eye reflections',
  pulse: 'pulse',
  motion: 'head and face movement',
  mesonet: 'frame model',
  lrnet: 'landmark motion model',
  blend: 'blend model',
  avSync: 'lip sync',
  phonemeViseme: 'mouth shapes vs sounds',
};

export function cueShortName(cue: string): string {
  return CUE_SHORT_NAMES[cue] ?? cue;
}
