/**
 * Known-deepfake matching for one video (issue 9): PDQ-hash about two sampled frames per
 * second of playback, fold near-identical consecutive frames together, and look the
 * distinct ones up in the imported hash lists.
 *
 * Match rule (vPDQ-like, live): a video matches a known item once at least
 * {@link MIN_MATCHED_FRAMES} usable hashed frames are within distance 31 of the item's hashes
 * and they are at least {@link MIN_MATCHED_SHARE} of the usable frames hashed so far. Usable
 * means PDQ quality >= 50 (upstream's cut-off: black or flat frames hash to noise). The half
 * share (upstream asks 80% of a whole video) lets a match show while the video plays and
 * tolerates a known clip cut into a longer one; three frames (1.5 s) keep one lookalike frame
 * from matching. Once declared, a match stays for the video until the lists change.
 */
import { hammingWords, hexToWords, PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY } from '../hashing/hash256';
import type { KnownHashIndex } from '../hashing/known-index';
import { PdqHasher, type RgbaImage } from '../hashing/pdq';
import { VPDQ_PRUNE_DISTANCE } from '../hashing/vpdq';
import type { HashSummary, VideoMatch } from '../messaging/types';
import { SampleWindow } from './stats';

/** Seconds of media between two hashed frames (about two per second). */
export const HASH_INTERVAL_S = 0.5;
export const MIN_MATCHED_FRAMES = 3;
export const MIN_MATCHED_SHARE = 0.5;
/** Distinct frames kept per video (32 bytes each; ~34 minutes at two per second). */
export const MAX_DISTINCT_FRAMES = 4096;
/** Distinct hashes listed in the report. */
export const SAMPLE_HASHES = 8;

export interface FrameHashingOptions {
  intervalS: number;
  maxDistance: number;
  minQuality: number;
  minMatchedFrames: number;
  minMatchedShare: number;
  /** Consecutive usable frames within this distance are one distinct frame. */
  dedupeDistance: number;
  maxDistinct: number;
}

const DEFAULTS: FrameHashingOptions = {
  intervalS: HASH_INTERVAL_S,
  maxDistance: PDQ_MATCH_DISTANCE,
  minQuality: PDQ_MIN_QUALITY,
  minMatchedFrames: MIN_MATCHED_FRAMES,
  minMatchedShare: MIN_MATCHED_SHARE,
  dedupeDistance: VPDQ_PRUNE_DISTANCE,
  maxDistinct: MAX_DISTINCT_FRAMES,
};

/** A frame as the host receives it. */
export interface HashableFrame {
  mediaTimeS: number;
  width: number;
  height: number;
  pixels: ArrayBuffer;
}

/** One PDQ hasher (reusable buffers) shared by every video of the document. */
const sharedHasher = new PdqHasher();

export class VideoFrameHashing {
  private readonly options: FrameHashingOptions;
  private lastHashedAt = Number.NEGATIVE_INFINITY;
  private hashed = 0;
  private usable = 0;
  /** Packed distinct hashes, 8 words each, and how many usable frames each stands for. */
  private words = new Uint32Array(64 * 8);
  private readonly weight: number[] = [];
  private readonly sample: string[] = [];
  private readonly hashMs = new SampleWindow(128);
  /** Lookup result per distinct frame for `index` (item -> best distance). */
  private hits: (Map<number, number> | undefined)[] = [];
  private index: KnownHashIndex | null = null;
  private declared: number | undefined;

  constructor(
    options: Partial<FrameHashingOptions> = {},
    private readonly hasher: PdqHasher = sharedHasher,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Hashes the frame when it is due (every `intervalS` of media time; a seek back restarts
   * the clock). Returns true when it hashed.
   */
  offer(frame: HashableFrame): boolean {
    const t = frame.mediaTimeS;
    const due = t >= this.lastHashedAt + this.options.intervalS || t < this.lastHashedAt;
    if (!due || this.weight.length >= this.options.maxDistinct) return false;
    this.lastHashedAt = t;
    const image: RgbaImage = {
      width: frame.width,
      height: frame.height,
      data: new Uint8Array(frame.pixels),
    };
    const started = performance.now();
    const { hash, quality } = this.hasher.hash(image);
    this.hashMs.add(performance.now() - started);
    this.hashed++;
    if (quality < this.options.minQuality) return true;
    this.usable++;
    this.addUsable(hash);
    return true;
  }

  private addUsable(hash: string): void {
    const n = this.weight.length;
    if (this.words.length < (n + 1) * 8) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    hexToWords(hash, this.words, n * 8);
    if (
      n > 0 &&
      hammingWords(this.words, n * 8, this.words, (n - 1) * 8) <= this.options.dedupeDistance
    ) {
      this.weight[n - 1]!++;
      return;
    }
    this.weight.push(1);
    if (this.sample.length < SAMPLE_HASHES) this.sample.push(hash);
  }

  /** The hashing record for the report; `listHashes` is the loaded index's size. */
  summary(listHashes: number): HashSummary {
    return {
      hashed: this.hashed,
      usable: this.usable,
      distinct: this.weight.length,
      sample: [...this.sample],
      listHashes,
      hashMs: this.hashMs.summary(),
    };
  }

  /**
   * The match against `index` (null: lists not loaded), or undefined. Looks up distinct
   * frames not yet looked up in this index; a different index starts over.
   */
  match(index: KnownHashIndex | null): VideoMatch | undefined {
    if (index !== this.index) {
      this.index = index;
      this.hits = [];
      this.declared = undefined;
    }
    if (!index || index.size === 0 || this.usable === 0) return undefined;
    const frames = new Map<number, number>();
    const best = new Map<number, number>();
    for (let i = 0; i < this.weight.length; i++) {
      let hit = this.hits[i];
      if (!hit) {
        hit = index.lookup(this.words.subarray(i * 8, i * 8 + 8), this.options.maxDistance);
        this.hits[i] = hit;
      }
      for (const [item, distance] of hit) {
        frames.set(item, (frames.get(item) ?? 0) + this.weight[i]!);
        best.set(item, Math.min(best.get(item) ?? Infinity, distance));
      }
    }
    if (this.declared === undefined) {
      let chosen: number | undefined;
      for (const [item, count] of frames) {
        if (count < this.options.minMatchedFrames) continue;
        if (count < this.options.minMatchedShare * this.usable) continue;
        const current = chosen === undefined ? undefined : frames.get(chosen)!;
        if (
          current === undefined ||
          count > current ||
          (count === current && best.get(item)! < best.get(chosen!)!)
        )
          chosen = item;
      }
      this.declared = chosen;
    }
    if (this.declared === undefined) return undefined;
    const item = index.items[this.declared]!;
    const match: VideoMatch = {
      label: item.label,
      listName: item.listName,
      distance: best.get(this.declared)!,
      matchedFrames: frames.get(this.declared)!,
      hashedFrames: this.usable,
    };
    if (item.source !== undefined) match.source = item.source;
    if (item.url !== undefined) match.url = item.url;
    return match;
  }
}

/** The imported lists as the host sees them: loaded lazily, replaced when they change. */
export interface KnownHashSource {
  /** The loaded index, or null while none is loaded. */
  current(): KnownHashIndex | null;
  /** Starts loading the lists if they are not loaded or loading yet. */
  ensure(): void;
}
