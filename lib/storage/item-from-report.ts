/**
 * Folds a VideoReport into the stored media item (pure). Moderator fields are never touched
 * here; the cue time series gets one point per report and is thinned when it grows too long.
 */
import type { VideoReport } from '../messaging/types';
import type { CueSeries, StoredMedia, TriageDetail, TriageItem } from './types';

/** Most points kept per series; beyond it every other point is dropped (the shape survives). */
export const MAX_POINTS = 600;
/** Most keyframes kept per item. */
export const MAX_KEYFRAMES = 8;

/** Store key of a report's media item, or null when the report has no page context. */
export function itemKey(report: Pick<VideoReport, 'videoId' | 'page'>): string | null {
  const page = report.page;
  if (!page) return null;
  return page.mediaId ?? `${page.url}#${report.videoId}`;
}

function emptySeries(): CueSeries {
  return { t: [], risk: [], cues: {} };
}

/** Appends one point (or replaces the last one when the media time did not move). */
export function appendPoint(series: CueSeries, report: VideoReport): CueSeries {
  if (report.mediaTimeS === undefined) return series;
  const last = series.t[series.t.length - 1];
  const keep =
    last !== undefined && Math.abs(last - report.mediaTimeS) < 1e-6
      ? series.t.length - 1
      : series.t.length;
  const out: CueSeries = {
    t: [...series.t.slice(0, keep), report.mediaTimeS],
    risk: [...series.risk.slice(0, keep), report.risk ?? null],
    cues: {},
  };
  // Cues first seen now get nulls for the earlier points.
  const names = new Set([...Object.keys(series.cues), ...Object.keys(report.cues)]);
  for (const name of names) {
    const previous = (series.cues[name] ?? []).slice(0, keep);
    while (previous.length < keep) previous.push(null);
    out.cues[name] = [...previous, report.cues[name]?.score ?? null];
  }
  return out.t.length > MAX_POINTS ? thin(out) : out;
}

/** Keeps every other point (and always the last). */
function thin(series: CueSeries): CueSeries {
  const keep = (_: unknown, i: number, all: readonly unknown[]) =>
    i % 2 === 0 || i === all.length - 1;
  const cues: CueSeries['cues'] = {};
  for (const [name, values] of Object.entries(series.cues)) cues[name] = values.filter(keep);
  return { t: series.t.filter(keep), risk: series.risk.filter(keep), cues };
}

/**
 * The item after `report`. `previous` is the stored item (if any); `keyframe` a new thumbnail
 * (by default the report's; kept when it differs from the last one). Returns null when the report cannot be keyed (no page).
 */
export function applyReport(
  previous: StoredMedia | undefined,
  report: VideoReport,
  now: number,
  keyframe = report.keyframe,
): StoredMedia | null {
  const key = itemKey(report);
  const page = report.page;
  if (key === null || !page) return null;
  const sameVideo = previous?.item.videoId === report.videoId;
  const cueScores: TriageItem['cueScores'] = {};
  for (const [name, cue] of Object.entries(report.cues)) cueScores[name] = cue.score;
  const item: TriageItem = {
    key,
    source: page.url.startsWith('local:') ? 'file' : 'web',
    site: page.site ?? 'generic',
    url: page.url,
    firstSeen: previous?.item.firstSeen ?? now,
    lastSeen: now,
    videoId: report.videoId,
    state: report.state,
    risk: report.state === 'scored' ? (report.risk ?? null) : null,
    verdict: report.state === 'scored' ? (report.verdict ?? null) : null,
    final: report.final === true,
    cueScores,
    fusionVersion: report.fusion?.version ?? null,
    analyserId: report.analyser.id,
    modVerdict: previous?.item.modVerdict ?? null,
    reviewedAt: previous?.item.reviewedAt ?? null,
    notes: previous?.item.notes ?? '',
    tags: previous?.item.tags ?? [],
  };
  if (page.mediaId !== undefined) item.mediaId = page.mediaId;
  const title = page.title ?? previous?.item.title;
  if (title !== undefined) item.title = title;
  const author = page.author ?? previous?.item.author;
  if (author !== undefined) item.author = author;
  if (report.reason !== undefined) item.reason = report.reason;
  if (previous?.item.hashes) item.hashes = previous.item.hashes;
  // Provenance is read once per media (the page's bytes, or a local file by the triage page):
  // later reports without it keep the stored one.
  const provenance = report.provenance ?? previous?.item.provenance;
  if (provenance) item.provenance = provenance;

  const series = sameVideo && previous ? previous.detail.series : emptySeries();
  const keyframes = sameVideo && previous ? previous.detail.keyframes : [];
  const detail: TriageDetail = {
    key,
    cues: report.cues,
    fusion: report.fusion ?? null,
    face: report.face ?? null,
    // The export schema's counts only (docs/triage-export.md); the report's other counts
    // (ignored, planar) are transport details that an import would drop.
    frames: {
      sampled: report.frames.sampled,
      analysed: report.frames.analysed,
      dropped: report.frames.dropped,
    },
    series: appendPoint(series, report),
    keyframes:
      keyframe && keyframes.at(-1) !== keyframe
        ? [...keyframes, keyframe].slice(-MAX_KEYFRAMES)
        : keyframes,
  };
  return { item, detail };
}
