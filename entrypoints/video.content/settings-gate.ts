/**
 * Applies the user's settings in the page: per video, whether it may be sampled and whether its
 * badge is shown. Settings are read once at start and followed live through storage.onChanged,
 * so switching a site off stops sampling and removes its badges without a reload.
 */
import type { SiteId } from '@/lib/messaging/types';
import {
  loadSettings,
  watchSettings,
  type Settings,
  type SettingsArea,
  type StorageChangeEvent,
} from '@/lib/storage/settings';

/** Where a video's deep check stands. 'finishing': enough sampled, waiting for the verdict. */
export type DeepStatus = 'none' | 'running' | 'finishing' | 'done';

export interface GateDecision {
  /** Frames may be sampled now. */
  sample: boolean;
  /** The badge may be shown. */
  badge: boolean;
  /** Minimise the badge of videos judged likely real (settings: show scores for suspicious). */
  quiet: boolean;
}

/**
 * What one video may do. A site that is off gets nothing. A running deep check samples even in
 * 'on-request' mode (that is how on-request analyses start); once it has its verdict the video
 * is no longer sampled (the verdict stays on the badge until the user asks again).
 */
export function decide(settings: Settings, site: SiteId, deep: DeepStatus): GateDecision {
  const quiet = settings.showScores === 'suspicious';
  if (!settings.sites[site]) return { sample: false, badge: false, quiet };
  if (deep === 'running') return { sample: true, badge: true, quiet };
  if (deep === 'finishing' || deep === 'done') return { sample: false, badge: true, quiet };
  const auto = settings.mode === 'auto';
  return { sample: auto, badge: auto, quiet };
}

/** The settings as the content script sees them, kept current. */
export class SettingsGate {
  private constructor(private current: Settings) {}

  /** Loads the settings and follows their changes until `signal` aborts. */
  static async start(
    area: SettingsArea,
    events: StorageChangeEvent,
    onChange: (settings: Settings) => void,
    signal: AbortSignal,
  ): Promise<SettingsGate> {
    const gate = new SettingsGate(await loadSettings(area));
    const stop = watchSettings(events, (settings) => {
      gate.current = settings;
      onChange(settings);
    });
    signal.addEventListener('abort', stop, { once: true });
    return gate;
  }

  get settings(): Settings {
    return this.current;
  }

  decide(site: SiteId, deep: DeepStatus): GateDecision {
    return decide(this.current, site, deep);
  }
}
