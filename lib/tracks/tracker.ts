/**
 * Associates per-frame face detections into per-person tracks (box IoU, then shape distance),
 * keeps each track's samples for a sliding window (bounded memory), and picks the main face.
 */
import type { Box, FaceSample, FaceTrack } from './types';
import { blendshapeIndex } from './types';

export interface TrackerOptions {
  /** Seconds of samples kept per track (ring buffer by time). */
  windowS: number;
  /** A track unseen for this long takes no new detections (it is kept for the window). */
  maxGapS: number;
  /** Least IoU between a track's last box and a detection to match them. */
  minIou: number;
  /** Most tracks alive at once (oldest closed first). */
  maxTracks: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  windowS: 10,
  maxGapS: 1.5,
  minIou: 0.25,
  maxTracks: 6,
};

/** A detection ready to become a sample (everything but the frame bookkeeping). */
export type TrackInput = Omit<FaceSample, 't' | 'frame' | 'frameWidth' | 'frameHeight'>;

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Mean distance between two box-normalised landmark sets (x, y only). */
export function shapeDistance(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length) / 3;
  if (n === 0) return Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += Math.hypot((a[i * 3] ?? 0) - (b[i * 3] ?? 0), (a[i * 3 + 1] ?? 0) - (b[i * 3 + 1] ?? 0));
  }
  return sum / n;
}

interface LiveTrack extends FaceTrack {
  lastT: number;
  lastBox: Box;
  lastLandmarks: Float32Array;
  /** Frames this track was seen in (all time, for the main-face choice). */
  seen: number;
  areaSum: number;
}

const JAW_OPEN = blendshapeIndex('jawOpen');
/** Mean frame-to-frame jawOpen change of a face that is clearly talking (MediaPipe scale). */
const TALKING_JAW_DELTA = 0.05;

/**
 * 0 (still mouth) .. 1 (talking): mean absolute frame-to-frame change of the jawOpen
 * blendshape over the window, relative to that of clear speech.
 */
export function speakingActivity(track: FaceTrack): number {
  const samples = track.samples;
  if (samples.length < 4) return 0;
  let sum = 0;
  for (let i = 1; i < samples.length; i++) {
    sum += Math.abs(
      (samples[i]!.blendshapes[JAW_OPEN] ?? 0) - (samples[i - 1]!.blendshapes[JAW_OPEN] ?? 0),
    );
  }
  return Math.min(1, sum / (samples.length - 1) / TALKING_JAW_DELTA);
}

export class FaceTracker {
  readonly options: TrackerOptions;
  private live: LiveTrack[] = [];
  private nextId = 1;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
  }

  /** Changes how many seconds of samples each track keeps (a deep check keeps more). */
  setWindow(seconds: number): void {
    if (!(seconds > 0)) throw new RangeError('window must be > 0 s');
    this.options.windowS = seconds;
  }

  /** Adds one analysed frame's faces (possibly none). */
  update(
    frame: { t: number; index: number; width: number; height: number },
    faces: readonly TrackInput[],
  ): void {
    const o = this.options;
    // Forget tracks that left the window, and tracks "from the future" after a seek back or a
    // loop (media time went backwards).
    this.live = this.live.filter(
      (track) => track.lastT >= frame.t - o.windowS && track.lastT <= frame.t + o.maxGapS,
    );
    const open = this.live.filter(
      (track) => frame.t - track.lastT <= o.maxGapS && frame.t >= track.lastT,
    );
    // Greedy matching, best pair first.
    const pairs: { track: LiveTrack; face: number; score: number }[] = [];
    for (const track of open) {
      faces.forEach((face, i) => {
        const overlap = iou(track.lastBox, face.box);
        if (overlap < o.minIou) return;
        pairs.push({
          track,
          face: i,
          score: overlap - shapeDistance(track.lastLandmarks, face.landmarks),
        });
      });
    }
    pairs.sort((a, b) => b.score - a.score);
    const usedTracks = new Set<LiveTrack>();
    const usedFaces = new Set<number>();
    for (const pair of pairs) {
      if (usedTracks.has(pair.track) || usedFaces.has(pair.face)) continue;
      usedTracks.add(pair.track);
      usedFaces.add(pair.face);
      this.append(pair.track, frame, faces[pair.face] as TrackInput);
    }
    faces.forEach((face, i) => {
      if (usedFaces.has(i)) return;
      const track: LiveTrack = {
        id: this.nextId++,
        samples: [],
        fps: 0,
        lastT: frame.t,
        lastBox: face.box,
        lastLandmarks: face.landmarks,
        seen: 0,
        areaSum: 0,
      };
      this.live.push(track);
      this.append(track, frame, face);
    });
    if (this.live.length > o.maxTracks) {
      this.live.sort((a, b) => b.lastT - a.lastT);
      this.live.length = o.maxTracks;
    }
  }

  /** Tracks with samples in the window (open or recently closed). */
  tracks(): FaceTrack[] {
    return this.live;
  }

  /** Faces seen in the latest frame. */
  facesAt(t: number): number {
    return this.live.filter((track) => track.lastT === t).length;
  }

  /**
   * The face the video is about, preferring the speaker: the one seen most, weighted by its
   * size (a presenter beats a small face in the background; a face in every frame beats a brief
   * close-up) and by how much its jaw moves in the window (up to twice the weight for a face
   * that talks, so a talking face wins over a silent listener of similar size).
   */
  mainTrack(): FaceTrack | null {
    let best: LiveTrack | null = null;
    let bestScore = -Infinity;
    for (const track of this.live) {
      const size = Math.sqrt(track.areaSum / Math.max(1, track.seen));
      const score = track.seen * size * (1 + speakingActivity(track));
      if (score > bestScore) {
        best = track;
        bestScore = score;
      }
    }
    return best;
  }

  private append(
    track: LiveTrack,
    frame: { t: number; index: number; width: number; height: number },
    face: TrackInput,
  ): void {
    track.samples.push({
      ...face,
      t: frame.t,
      frame: frame.index,
      frameWidth: frame.width,
      frameHeight: frame.height,
    });
    track.lastT = frame.t;
    track.lastBox = face.box;
    track.lastLandmarks = face.landmarks;
    track.seen++;
    track.areaSum += face.box.width * face.box.height;
    const cutoff = frame.t - this.options.windowS;
    let drop = 0;
    while (drop < track.samples.length && (track.samples[drop]?.t ?? 0) < cutoff) drop++;
    if (drop > 0) track.samples.splice(0, drop);
    const first = track.samples[0];
    const span = first ? frame.t - first.t : 0;
    track.fps = span > 0 ? (track.samples.length - 1) / span : 0;
  }
}
