/**
 * Validation of an imported triage JSON file (docs/triage-export.md). The file is untrusted:
 * every field is type- and range-checked, strings and arrays are bounded, unknown keys are
 * dropped, and object keys that could reach a prototype are refused. One bad item rejects the
 * whole file, with a message naming the field, so an import never half-happens.
 */
import type { CueEvidence, CueReport, FaceSummary, FusionSummary } from '../messaging/types';
import { SITE_IDS, VIDEO_STATES } from '../messaging/types';
import { ValidationError, int, num, oneOf, optStr, record, str } from '../messaging/validate';
import { MAX_KEYFRAMES, MAX_POINTS } from '../storage/item-from-report';
import type { CueSeries, StoredMedia, TriageDetail, TriageItem } from '../storage/types';
import { MODERATOR_VERDICTS } from '../storage/types';
import { parseProvenance } from '../provenance/parse-provenance';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export';

/** Largest file accepted, characters. */
export const MAX_IMPORT_CHARS = 256 * 1024 * 1024;
export const MAX_IMPORT_ITEMS = 100_000;

export type ImportResult = { ok: true; media: StoredMedia[] } | { ok: false; error: string };

const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const RESERVED = new Set(['constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const MEDIA_ID = /^[a-z]{1,16}:[A-Za-z0-9_.-]{1,128}$/;
const KEYFRAME = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/;

function arr(value: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new ValidationError(`${what} must be an array`);
  if (value.length > max) throw new ValidationError(`${what} has more than ${max} entries`);
  return value;
}

/** A record with safe, bounded keys, each value parsed by `each`. */
function dict<T>(value: unknown, what: string, max: number, each: (v: unknown, w: string) => T) {
  const input = record(value, what);
  const entries = Object.keys(input);
  if (entries.length > max) throw new ValidationError(`${what} has more than ${max} keys`);
  const out: Record<string, T> = {};
  for (const k of entries) {
    if (!SAFE_KEY.test(k) || RESERVED.has(k)) throw new ValidationError(`${what} has a bad key`);
    out[k] = each(input[k], `${what}.${k}`);
  }
  return out;
}

const nullable =
  <T>(parse: (v: unknown, w: string) => T) =>
  (v: unknown, w: string): T | null =>
    v === null ? null : parse(v, w);
const score = (v: unknown, w: string) => num(v, w, 0, 1);
const time = (v: unknown, w: string) => num(v, w, 0, 1e14);
const bool = (v: unknown, w: string) => {
  if (typeof v !== 'boolean') throw new ValidationError(`${w} must be true or false`);
  return v;
};

function evidence(v: unknown, w: string): CueEvidence {
  const e = record(v, w);
  const out: CueEvidence = { text: str(e.text, `${w}.text`, 2000) };
  if (e.times !== undefined) {
    out.times = arr(e.times, `${w}.times`, 500).map((t, i) => num(t, `${w}.times[${i}]`, 0, 1e7));
  }
  if (e.value !== undefined) out.value = num(e.value, `${w}.value`, -1e12, 1e12);
  const unit = optStr(e.unit, `${w}.unit`, 32);
  if (unit !== undefined) out.unit = unit;
  const image = optStr(e.image, `${w}.image`, 200_000);
  if (image !== undefined) {
    if (!/^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/.test(image)) {
      throw new ValidationError(`${w}.image must be a JPEG data URL`);
    }
    out.image = image;
  }
  return out;
}

function cue(v: unknown, w: string): CueReport {
  const c = record(v, w);
  const out: CueReport = {
    status: oneOf(c.status, `${w}.status`, ['ok', 'insufficient'] as const),
    score: nullable(score)(c.score, `${w}.score`),
    confidence: score(c.confidence, `${w}.confidence`),
    evidence: arr(c.evidence, `${w}.evidence`, 50).map((e, i) =>
      evidence(e, `${w}.evidence[${i}]`),
    ),
  };
  const reason = optStr(c.reason, `${w}.reason`, 2000);
  if (reason !== undefined) out.reason = reason;
  if (c.measures !== undefined) {
    out.measures = dict(c.measures, `${w}.measures`, 64, (x, what) => num(x, what, -1e12, 1e12));
  }
  return out;
}

function fusion(v: unknown, w: string): FusionSummary {
  const f = record(v, w);
  return {
    version: str(f.version, `${w}.version`, 64),
    probability: nullable(score)(f.probability, `${w}.probability`),
    drivers: arr(f.drivers, `${w}.drivers`, 64).map((d, i) => {
      const r = record(d, `${w}.drivers[${i}]`);
      return {
        cue: str(r.cue, `${w}.drivers[${i}].cue`, 64),
        contribution: num(r.contribution, `${w}.drivers[${i}].contribution`, -1e6, 1e6),
        share: num(r.share, `${w}.drivers[${i}].share`, -1e6, 1e6),
      };
    }),
  };
}

function face(v: unknown, w: string): FaceSummary {
  const f = record(v, w);
  const count = (k: string) => int(f[k], `${w}.${k}`, 0, 1e9);
  const warm = record(f.warmupMs, `${w}.warmupMs`);
  const warmupMs: FaceSummary['warmupMs'] = {};
  if (warm.CPU !== undefined) warmupMs.CPU = num(warm.CPU, `${w}.warmupMs.CPU`, 0, 1e7);
  if (warm.GPU !== undefined) warmupMs.GPU = num(warm.GPU, `${w}.warmupMs.GPU`, 0, 1e7);
  const optional: Pick<
    FaceSummary,
    'meanSourceFaceSizePx' | 'framesWithNativeCrop' | 'landmarksIn' | 'modelLoadMs'
  > = {};
  if (f.meanSourceFaceSizePx !== undefined) {
    optional.meanSourceFaceSizePx = nullable((x, y) => num(x, y, 0, 1e5))(
      f.meanSourceFaceSizePx,
      `${w}.meanSourceFaceSizePx`,
    );
  }
  if (f.framesWithNativeCrop !== undefined) {
    optional.framesWithNativeCrop = count('framesWithNativeCrop');
  }
  if (f.landmarksIn !== undefined) {
    optional.landmarksIn = oneOf(f.landmarksIn, `${w}.landmarksIn`, [
      'worker',
      'document',
    ] as const);
  }
  if (f.modelLoadMs !== undefined) {
    optional.modelLoadMs = dict(f.modelLoadMs, `${w}.modelLoadMs`, 16, (x, what) =>
      num(x, what, 0, 1e7),
    );
  }
  return {
    framesAnalysed: count('framesAnalysed'),
    framesWithFace: count('framesWithFace'),
    framesWithSeveral: count('framesWithSeveral'),
    meanFaceSizePx: nullable((x, y) => num(x, y, 0, 1e5))(f.meanFaceSizePx, `${w}.meanFaceSizePx`),
    ...optional,
    landmarksPerFace: nullable((x, y) => int(x, y, 0, 1e5))(
      f.landmarksPerFace,
      `${w}.landmarksPerFace`,
    ),
    tracks: count('tracks'),
    mainTrackId: nullable((x, y) => int(x, y, 0, 1e9))(f.mainTrackId, `${w}.mainTrackId`),
    delegate: oneOf(f.delegate, `${w}.delegate`, ['CPU', 'GPU'] as const),
    warmupMs,
  };
}

function series(v: unknown, w: string): CueSeries {
  const s = record(v, w);
  const max = MAX_POINTS * 2;
  const t = arr(s.t, `${w}.t`, max).map((x, i) => num(x, `${w}.t[${i}]`, 0, 1e7));
  const sameLength = (values: unknown[], what: string) => {
    if (values.length !== t.length)
      throw new ValidationError(`${what} must match ${w}.t in length`);
    return values;
  };
  const points = (x: unknown, what: string, hi: number) =>
    sameLength(arr(x, what, max), what).map((y, i) =>
      nullable((a, b) => num(a, b, 0, hi))(y, `${what}[${i}]`),
    );
  return {
    t,
    risk: points(s.risk, `${w}.risk`, 100),
    cues: dict(s.cues, `${w}.cues`, 64, (x, what) => points(x, what, 1)),
  };
}

function detail(v: unknown, w: string, key: string): TriageDetail {
  const d = record(v, w);
  const frames = record(d.frames, `${w}.frames`);
  const frameCount = (k: string) => int(frames[k], `${w}.frames.${k}`, 0, Number.MAX_SAFE_INTEGER);
  return {
    key,
    cues: dict(d.cues, `${w}.cues`, 64, cue),
    fusion: nullable(fusion)(d.fusion, `${w}.fusion`),
    face: nullable(face)(d.face, `${w}.face`),
    frames: {
      sampled: frameCount('sampled'),
      analysed: frameCount('analysed'),
      dropped: frameCount('dropped'),
    },
    series: series(d.series, `${w}.series`),
    keyframes: arr(d.keyframes, `${w}.keyframes`, MAX_KEYFRAMES * 2).map((k, i) => {
      const s = str(k, `${w}.keyframes[${i}]`, 200_000);
      if (!KEYFRAME.test(s))
        throw new ValidationError(`${w}.keyframes[${i}] is not an image data URL`);
      return s;
    }),
  };
}

function item(v: unknown, w: string): StoredMedia {
  const r = record(v, w);
  const key = str(r.key, `${w}.key`, 5000);
  if (key.length === 0) throw new ValidationError(`${w}.key is empty`);
  const out: TriageItem = {
    key,
    source: oneOf(r.source, `${w}.source`, ['web', 'file'] as const),
    site: oneOf(r.site, `${w}.site`, SITE_IDS),
    url: str(r.url, `${w}.url`, 4096),
    firstSeen: time(r.firstSeen, `${w}.firstSeen`),
    lastSeen: time(r.lastSeen, `${w}.lastSeen`),
    videoId: str(r.videoId, `${w}.videoId`, 64),
    state: oneOf(r.state, `${w}.state`, VIDEO_STATES),
    risk: nullable((x, y) => int(x, y, 0, 100))(r.risk, `${w}.risk`),
    verdict: nullable((x, y) => oneOf(x, y, ['likely-real', 'uncertain', 'likely-fake'] as const))(
      r.verdict,
      `${w}.verdict`,
    ),
    final: bool(r.final, `${w}.final`),
    cueScores: dict(r.cueScores, `${w}.cueScores`, 64, nullable(score)),
    fusionVersion: nullable((x, y) => str(x, y, 64))(r.fusionVersion, `${w}.fusionVersion`),
    analyserId: str(r.analyserId, `${w}.analyserId`, 128),
    modVerdict: nullable((x, y) => oneOf(x, y, MODERATOR_VERDICTS))(
      r.modVerdict,
      `${w}.modVerdict`,
    ),
    reviewedAt: nullable(time)(r.reviewedAt, `${w}.reviewedAt`),
    notes: str(r.notes, `${w}.notes`, 20_000),
    tags: arr(r.tags, `${w}.tags`, 64).map((t, i) => str(t, `${w}.tags[${i}]`, 64)),
  };
  const mediaId = optStr(r.mediaId, `${w}.mediaId`, 160);
  if (mediaId !== undefined) {
    if (!MEDIA_ID.test(mediaId)) throw new ValidationError(`${w}.mediaId has unexpected form`);
    out.mediaId = mediaId;
  }
  for (const [field, max] of [
    ['title', 512],
    ['author', 256],
    ['reason', 2000],
  ] as const) {
    const value = optStr(r[field], `${w}.${field}`, max);
    if (value !== undefined) out[field] = value;
  }
  if (r.hashes !== undefined) {
    out.hashes = arr(r.hashes, `${w}.hashes`, 4096).map((h, i) => {
      const s = str(h, `${w}.hashes[${i}]`, 4096);
      if (!/^[0-9a-f]+$/i.test(s)) throw new ValidationError(`${w}.hashes[${i}] is not hex`);
      return s;
    });
  }
  if (r.provenance !== undefined) out.provenance = parseProvenance(r.provenance, `${w}.provenance`);
  if (out.lastSeen < out.firstSeen) throw new ValidationError(`${w}.lastSeen is before firstSeen`);
  return { item: out, detail: detail(r.detail, `${w}.detail`, key) };
}

/** Parses and validates an export file; never throws. */
export function parseImport(text: string): ImportResult {
  if (text.length > MAX_IMPORT_CHARS)
    return { ok: false, error: 'The file is too large to import.' };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `Not a JSON file (${error instanceof Error ? error.message : 'parse error'}).`,
    };
  }
  try {
    const d = record(doc, 'file');
    if (d.format !== EXPORT_FORMAT)
      throw new ValidationError(`not a Telltale triage export (format must be "${EXPORT_FORMAT}")`);
    const version = int(d.version, 'version', 1, Number.MAX_SAFE_INTEGER);
    if (version > EXPORT_VERSION)
      throw new ValidationError(
        `export version ${version} is newer than this extension reads (${EXPORT_VERSION})`,
      );
    const items = arr(d.items, 'items', MAX_IMPORT_ITEMS);
    return { ok: true, media: items.map((v, i) => item(v, `items[${i}]`)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `Import rejected, nothing changed: ${message}.` };
  }
}
