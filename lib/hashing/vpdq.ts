/**
 * vPDQ: a video as a bag of per-frame PDQ hashes (ThreatExchange vpdq/).
 *
 * Matching follows python-threatexchange's brute matcher (extensions/vpdq), which is
 * what HMA runs: drop exact-duplicate hashes, drop frames with quality < 50, then count
 * the frames of each video that have some frame of the other within distance 31
 * (inclusive). Frame numbers and timestamps play no part in matching.
 */

import {
  hammingWords,
  hexToWords,
  isPdqHex,
  PDQ_MATCH_DISTANCE,
  PDQ_MIN_QUALITY,
  PDQ_WORDS,
} from './hash256';

/** One hashed frame, as in the reference per-frame files. */
export interface VpdqFeature {
  frameNumber: number;
  /** PDQ quality 0..100. */
  quality: number;
  /** 64-digit lowercase hex PDQ hash. */
  hash: string;
  /** Presentation time in seconds (frameNumber / frame rate in the reference). */
  seconds: number;
}

/** Result of parsing text input: every problem is reported, nothing partial is returned. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const MAX_REPORTED_ERRORS = 50;

/**
 * Parses the reference's per-frame hash file: one `frameNumber,quality,pdqHex,seconds`
 * line per frame (vpdq-hash-video output, vpdq/sample-hashes). Blank lines are
 * ignored; anything else malformed fails the whole file with line-numbered errors.
 */
export function parseVpdqHashFile(text: string): ParseResult<VpdqFeature[]> {
  const features: VpdqFeature[] = [];
  const errors: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && errors.length < MAX_REPORTED_ERRORS; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const at = `line ${i + 1}`;
    const errorsBefore = errors.length;
    const parts = line.split(',');
    if (parts.length !== 4) {
      errors.push(
        `${at}: expected 4 fields frameNumber,quality,pdqHex,seconds, got ${parts.length}`,
      );
      continue;
    }
    const [frameText, qualityText, hash, secondsText] = parts as [string, string, string, string];
    const frameNumber = /^\d{1,9}$/.test(frameText) ? Number(frameText) : NaN;
    const quality = /^\d{1,3}$/.test(qualityText) ? Number(qualityText) : NaN;
    const seconds = /^\d{1,9}(\.\d{1,9})?$/.test(secondsText) ? Number(secondsText) : NaN;
    if (Number.isNaN(frameNumber))
      errors.push(`${at}: frame number "${frameText}" is not an integer`);
    if (Number.isNaN(quality) || quality > 100)
      errors.push(`${at}: quality "${qualityText}" is not 0..100`);
    if (!isPdqHex(hash)) errors.push(`${at}: hash is not 64 hex digits`);
    if (Number.isNaN(seconds))
      errors.push(`${at}: seconds "${secondsText}" is not a non-negative number`);
    if (errors.length === errorsBefore)
      features.push({ frameNumber, quality, hash: hash.toLowerCase(), seconds });
  }
  if (errors.length >= MAX_REPORTED_ERRORS) errors.push('too many errors; stopped reading');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: features };
}

/** Formats features in the reference per-frame format (seconds to 3 decimals). */
export function formatVpdqHashFile(features: readonly VpdqFeature[]): string {
  return features
    .map((f) => `${f.frameNumber},${f.quality},${f.hash},${f.seconds.toFixed(3)}\n`)
    .join('');
}

/**
 * Distance used by {@link pruneConsecutiveFrames} by default: the vPDQ README's
 * example D_prune. Upstream's reference implementation does not prune at all.
 */
export const VPDQ_PRUNE_DISTANCE = 2;

/**
 * Drops each frame that is within `maxDistance` of the last frame kept ("Pruning
 * Frames" in the vPDQ README). Keeps the first frame; input order is preserved. Useful
 * before storing or indexing a video sampled at a high frame rate.
 */
export function pruneConsecutiveFrames(
  features: readonly VpdqFeature[],
  maxDistance = VPDQ_PRUNE_DISTANCE,
): VpdqFeature[] {
  const kept: VpdqFeature[] = [];
  const last = new Uint32Array(PDQ_WORDS);
  const cur = new Uint32Array(PDQ_WORDS);
  for (const feature of features) {
    hexToWords(feature.hash, cur);
    if (kept.length > 0 && hammingWords(cur, 0, last, 0) <= maxDistance) continue;
    kept.push(feature);
    last.set(cur);
  }
  return kept;
}

/** Thresholds for {@link matchVideos}; defaults are python-threatexchange's. */
export interface VpdqMatchOptions {
  /** Max Hamming distance for two frames to match (inclusive). Default 31. */
  distance?: number;
  /** Frames below this quality are ignored. Default 50. */
  minQuality?: number;
  /** Share (0..1) of the query's frames that must match. Default 0.8. */
  queryThreshold?: number;
  /**
   * Share (0..1) of the target's frames that must match. Default 0: upstream
   * (VPDQ_INDEX_MATCH_THRESHOLD_PERCENT) does not penalise a target that is longer
   * than the query, e.g. when only part of a known video was seen.
   */
  targetThreshold?: number;
}

/** Default share thresholds (python-threatexchange vpdq_util.py). */
export const VPDQ_QUERY_MATCH_THRESHOLD = 0.8;
export const VPDQ_TARGET_MATCH_THRESHOLD = 0;

/** How two videos compare. Shares are 0..1; 0 when a side has no usable frames. */
export interface VpdqMatchResult {
  /** Share of the query's usable frames with a match in the target. */
  queryShare: number;
  /** Share of the target's usable frames with a match in the query. */
  targetShare: number;
  /** Usable (deduplicated, quality-filtered) frames on each side. */
  queryFrames: number;
  targetFrames: number;
  isMatch: boolean;
}

/** Unique hashes (first occurrence wins) of frames at or above `minQuality`, packed. */
function usableHashes(features: readonly VpdqFeature[], minQuality: number): Uint32Array {
  // Dedupe before the quality filter, in that order, as match_VPDQ_hash_brute does.
  const seen = new Set<string>();
  const keep: string[] = [];
  for (const f of features) {
    const hash = f.hash.toLowerCase();
    if (seen.has(hash)) continue;
    seen.add(hash);
    if (f.quality >= minQuality) keep.push(hash);
  }
  const out = new Uint32Array(keep.length * PDQ_WORDS);
  keep.forEach((hash, i) => hexToWords(hash, out, i * PDQ_WORDS));
  return out;
}

/** Number of hashes in `a` having at least one hash in `b` within `distance`. */
function countMatched(a: Uint32Array, b: Uint32Array, distance: number): number {
  let matched = 0;
  for (let i = 0; i < a.length; i += PDQ_WORDS) {
    for (let j = 0; j < b.length; j += PDQ_WORDS) {
      if (hammingWords(a, i, b, j) <= distance) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/**
 * Compares two videos by the share of frames matched in each direction. O(|A| x |B|)
 * distance checks, like upstream's brute matcher; fine for the few thousand frames of
 * one clip, use the PDQ index to find candidate videos first when comparing against many.
 */
export function matchVideos(
  query: readonly VpdqFeature[],
  target: readonly VpdqFeature[],
  options: VpdqMatchOptions = {},
): VpdqMatchResult {
  const distance = options.distance ?? PDQ_MATCH_DISTANCE;
  const minQuality = options.minQuality ?? PDQ_MIN_QUALITY;
  const queryThreshold = options.queryThreshold ?? VPDQ_QUERY_MATCH_THRESHOLD;
  const targetThreshold = options.targetThreshold ?? VPDQ_TARGET_MATCH_THRESHOLD;
  const q = usableHashes(query, minQuality);
  const t = usableHashes(target, minQuality);
  const queryFrames = q.length / PDQ_WORDS;
  const targetFrames = t.length / PDQ_WORDS;
  if (queryFrames === 0 || targetFrames === 0) {
    // Upstream divides by zero here; nothing usable on a side means no evidence of a match.
    return { queryShare: 0, targetShare: 0, queryFrames, targetFrames, isMatch: false };
  }
  const queryShare = countMatched(q, t, distance) / queryFrames;
  const targetShare = countMatched(t, q, distance) / targetFrames;
  return {
    queryShare,
    targetShare,
    queryFrames,
    targetFrames,
    isMatch: queryShare >= queryThreshold && targetShare >= targetThreshold,
  };
}
