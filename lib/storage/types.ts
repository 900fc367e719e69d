/**
 * Records of the triage store (IndexedDB, see db.ts). A media item is split in two: the summary
 * row the triage table loads for every item, and the detail (evidence, time series, keyframes)
 * loaded only when one item is opened, so a table of 10k items stays small in memory.
 */
import type {
  CueReport,
  FaceSummary,
  FusionSummary,
  SiteId,
  Verdict,
  VideoState,
} from '../messaging/types';
import type { Provenance } from '../provenance/types';

/** What a moderator decided about an item. */
export type ModeratorVerdict = 'fake' | 'authentic' | 'unsure';
export const MODERATOR_VERDICTS: readonly ModeratorVerdict[] = ['fake', 'authentic', 'unsure'];

/** Where an item came from: a page in a tab, or a file checked from the triage page. */
export type ItemSource = 'web' | 'file';

/** One checked media item: the row of the triage table. */
export interface TriageItem {
  /** page.mediaId when known, else `${page.url}#${videoId}`. */
  key: string;
  source: ItemSource;
  mediaId?: string;
  site: SiteId;
  url: string;
  title?: string;
  author?: string;
  /** Epoch ms the item was first and last reported. */
  firstSeen: number;
  lastSeen: number;
  /** The video element (per page load) of the latest report; a new one restarts the series. */
  videoId: string;
  state: VideoState;
  /** 0-100 when scored, else null. */
  risk: number | null;
  verdict: Verdict | null;
  reason?: string;
  /** The video ended and every frame was analysed. */
  final: boolean;
  /** Cue name -> score (null when the cue abstained). */
  cueScores: Record<string, number | null>;
  fusionVersion: string | null;
  analyserId: string;
  /** Reserved for the hashing issue: PDQ / vPDQ fingerprints as hex. */
  hashes?: string[];
  /** Content Credentials (C2PA) of the media, when its bytes were read (issue #18). */
  provenance?: Provenance;
  modVerdict: ModeratorVerdict | null;
  /** When the moderator last set a verdict (epoch ms), else null. */
  reviewedAt: number | null;
  notes: string;
  tags: string[];
}

/** Cue time series for the plots: one point per stored report, bounded (see MAX_POINTS). */
export interface CueSeries {
  /** Media time, seconds. */
  t: number[];
  /** Risk 0-100 (null before a score existed). */
  risk: (number | null)[];
  /** Cue name -> score per point. */
  cues: Record<string, (number | null)[]>;
}

/** The heavy part of an item, loaded when it is opened. */
export interface TriageDetail {
  key: string;
  cues: Record<string, CueReport>;
  fusion: FusionSummary | null;
  face: FaceSummary | null;
  frames: { sampled: number; analysed: number; dropped: number };
  series: CueSeries;
  /** Small JPEG data URLs of the analysed face, oldest first (bounded). */
  keyframes: string[];
}

/** An item with its detail, as written atomically and as exported. */
export interface StoredMedia {
  item: TriageItem;
  detail: TriageDetail;
}
