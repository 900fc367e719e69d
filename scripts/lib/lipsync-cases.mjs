// @ts-check
/**
 * The lip-sync evaluation set built from tracked files (scripts/lib/track-files.mjs): each real
 * clip with speech as it is (label 0), and dubbed variants of it (label 1) made by moving its
 * audio track against the picture (what `ffmpeg -af adelay` does, but exact and without
 * re-encoding) or by putting another clip's audio under it. Fakes that came with their own
 * audio (e.g. audio-driven talking heads) are used as they are. Pure: no browser, no files.
 */

/**
 * @typedef {{ t: number[], aperture: number[], width: number[], jawOpen: number[],
 *   mouthClose: number[], mouthPucker: number[], mouthFunnel: number[] }} Mouth
 * @typedef {import('../../lib/audio/types').AudioTrack} AudioTrack
 * @typedef {{ name: string, label: 0 | 1, method: string, durationS: number, mouth: Mouth,
 *   audio: AudioTrack }} Tracked
 * @typedef {{ name: string, label: 0 | 1, method: string, mouth: Mouth, audio: AudioTrack,
 *   shiftS?: number }} LipCase
 */

/**
 * The audio track moved by `shiftS` (> 0: the sound comes later), cut to the picture's length.
 * @param {AudioTrack} audio @param {number} shiftS @param {number} durationS
 * @returns {AudioTrack}
 */
export function shiftAudio(audio, shiftS, durationS) {
  const keep = audio.times.map((t) => t + shiftS).map((t, i) => ({ t, i }));
  const inside = keep.filter(({ t }) => t >= 0 && t <= durationS);
  return {
    ...audio,
    times: inside.map(({ t }) => t),
    energyDb: inside.map(({ i }) => /** @type {number} */ (audio.energyDb[i])),
    speech: inside.map(({ i }) => /** @type {number} */ (audio.speech[i])),
    ...(audio.bandDb
      ? { bandDb: inside.map(({ i }) => /** @type {number} */ (audio.bandDb?.[i])) }
      : {}),
    visemes: audio.visemes
      .map((v) => ({ ...v, t: v.t + shiftS }))
      .filter((v) => v.t >= 0 && v.t <= durationS),
  };
}

/**
 * Keeps every `step`-th face sample (a lower sampling rate, as a busy page gives).
 * @param {Mouth} mouth @param {number} step
 * @returns {Mouth}
 */
export function subsample(mouth, step) {
  if (step <= 1) return mouth;
  /** @type {any} */
  const out = {};
  for (const [key, values] of Object.entries(mouth)) {
    out[key] = /** @type {number[]} */ (values).filter((_, i) => i % step === 0);
  }
  return out;
}

/**
 * @param {Tracked[]} tracked  files with sound (status 'ok')
 * @param {{ shiftsS: number[] }} options
 * @returns {LipCase[]}
 */
export function lipSyncCases(tracked, { shiftsS }) {
  /** @type {LipCase[]} */
  const cases = [];
  const reals = tracked.filter((f) => f.label === 0);
  for (const f of tracked) {
    cases.push({ name: f.name, label: f.label, method: f.method, mouth: f.mouth, audio: f.audio });
  }
  reals.forEach((f, i) => {
    for (const shiftS of shiftsS) {
      cases.push({
        name: `${f.name} audio ${shiftS > 0 ? '+' : ''}${Math.round(shiftS * 1000)} ms`,
        label: 1,
        method: `shift ${shiftS > 0 ? '+' : ''}${Math.round(shiftS * 1000)} ms`,
        mouth: f.mouth,
        audio: shiftAudio(f.audio, shiftS, f.durationS),
        shiftS,
      });
    }
    // Another real clip's speech under this face (the next one, so every clip donates once).
    const donor = reals[(i + 1) % reals.length];
    if (donor && donor !== f) {
      cases.push({
        name: `${f.name} with ${donor.name}'s audio`,
        label: 1,
        method: 'swap',
        mouth: f.mouth,
        audio: shiftAudio(donor.audio, 0, f.durationS),
      });
    }
  });
  return cases;
}
