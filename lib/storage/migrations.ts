/**
 * Record migrations of the triage store, pure so they run in Node tests and in Dexie upgrades.
 * Version 1 kept one record per item with the detail inline; version 2 splits it into the
 * summary row (`items`) and the detail (`details`) so the table loads without the series and
 * thumbnails. Missing or mistyped fields get defaults rather than failing the upgrade.
 */
import type { StoredMedia, TriageDetail, TriageItem } from './types';
import { MODERATOR_VERDICTS } from './types';
import { SITE_IDS, VIDEO_STATES } from '../messaging/types';

/** Dexie schema per version (primary key first). */
export const SCHEMAS = {
  1: { items: '&key, lastSeen' },
  2: { items: '&key, lastSeen, risk, site, modVerdict', details: '&key' },
} as const;
export const CURRENT_VERSION = 2;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asStr = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const asNum = (v: unknown, fallback: number) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const asNumOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const oneOfOr = <T extends string>(v: unknown, all: readonly T[], fallback: T): T =>
  typeof v === 'string' && (all as readonly string[]).includes(v) ? (v as T) : fallback;

/** A version 1 record (item and detail inline), as far as the upgrade relies on it. */
export type V1Record = Record<string, unknown> & { key: string };

/** Splits a version 1 record into the version 2 item and detail. */
export function upgradeV1(record: V1Record): StoredMedia {
  const now = Date.now();
  const scores: Record<string, number | null> = {};
  if (isObj(record.cueScores)) {
    for (const [name, v] of Object.entries(record.cueScores)) scores[name] = asNumOrNull(v);
  }
  const item: TriageItem = {
    key: record.key,
    source: record.source === 'file' ? 'file' : 'web',
    site: oneOfOr(record.site, SITE_IDS, 'generic'),
    url: asStr(record.url, ''),
    firstSeen: asNum(record.firstSeen, now),
    lastSeen: asNum(record.lastSeen, now),
    videoId: asStr(record.videoId, ''),
    state: oneOfOr(record.state, VIDEO_STATES, 'idle'),
    risk: asNumOrNull(record.risk),
    verdict:
      record.verdict === 'likely-real' ||
      record.verdict === 'uncertain' ||
      record.verdict === 'likely-fake'
        ? record.verdict
        : null,
    final: record.final === true,
    cueScores: scores,
    fusionVersion: typeof record.fusionVersion === 'string' ? record.fusionVersion : null,
    analyserId: asStr(record.analyserId, 'unknown'),
    modVerdict:
      typeof record.modVerdict === 'string'
        ? oneOfOr(record.modVerdict, MODERATOR_VERDICTS, 'unsure')
        : null,
    reviewedAt: asNumOrNull(record.reviewedAt),
    notes: asStr(record.notes, ''),
    tags: Array.isArray(record.tags) ? record.tags.filter((t) => typeof t === 'string') : [],
  };
  for (const field of ['mediaId', 'title', 'author', 'reason'] as const) {
    const value = record[field];
    if (typeof value === 'string') item[field] = value;
  }
  const series = isObj(record.series) ? record.series : {};
  const detail: TriageDetail = {
    key: record.key,
    cues: isObj(record.cues) ? (record.cues as TriageDetail['cues']) : {},
    fusion: isObj(record.fusion) ? (record.fusion as unknown as TriageDetail['fusion']) : null,
    face: isObj(record.face) ? (record.face as unknown as TriageDetail['face']) : null,
    frames: isObj(record.frames)
      ? {
          sampled: asNum(record.frames.sampled, 0),
          analysed: asNum(record.frames.analysed, 0),
          dropped: asNum(record.frames.dropped, 0),
        }
      : { sampled: 0, analysed: 0, dropped: 0 },
    series: {
      t: Array.isArray(series.t) ? (series.t as number[]) : [],
      risk: Array.isArray(series.risk) ? (series.risk as (number | null)[]) : [],
      cues: isObj(series.cues) ? (series.cues as Record<string, (number | null)[]>) : {},
    },
    keyframes: Array.isArray(record.keyframes)
      ? record.keyframes.filter((k): k is string => typeof k === 'string')
      : [],
  };
  return { item, detail };
}

/**
 * Reads a stored version 2 row defensively: a record with a key but broken fields (a bug, a disk
 * error, a hand-edited profile) comes back with defaults, like a version 1 upgrade; anything
 * without a string key is unreadable (null). The triage page shows what it could not read.
 */
export function readStoredItem(raw: unknown): TriageItem | null {
  if (!isObj(raw) || typeof raw.key !== 'string') return null;
  // Fields this reader does not know (added later) are kept as they are.
  return { ...raw, ...upgradeV1(raw as V1Record).item };
}

/** The same for a stored detail. */
export function readStoredDetail(raw: unknown): TriageDetail | null {
  if (!isObj(raw) || typeof raw.key !== 'string') return null;
  return { ...raw, ...upgradeV1(raw as V1Record).detail };
}
