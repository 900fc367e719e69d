/**
 * User settings: one typed object in storage.local under 'settings' (never storage.sync:
 * nothing leaves the machine). What is read is validated field by field; a missing or corrupt
 * field falls back to its default, so a damaged value never breaks the extension.
 */
import type { SiteId } from '../messaging/types';
import { SITE_IDS } from '../messaging/types';
import { isRecord } from '../messaging/validate';

/** When videos are analysed. */
export type AnalysisMode = 'auto' | 'on-request';
/** How readily a video is called likely fake (see lib/scoring/sensitivity.ts). */
export type Sensitivity = 'low' | 'balanced' | 'high';
/** Which badges show their score: every video, or only the ones not judged likely real. */
export type ShowScores = 'suspicious' | 'all';

export interface Settings {
  /** Per-site switch; a site that is off is neither sampled nor badged. */
  sites: Record<SiteId, boolean>;
  /** 'auto': analyse playing videos; 'on-request': only when the user asks (deep check). */
  mode: AnalysisMode;
  sensitivity: Sensitivity;
  showScores: ShowScores;
  /** Days the triage history keeps a video (read by the triage store). */
  retentionDays: number;
  /**
   * Lip-sync cues on every analysed video. Off by default: audio analysis costs about as much
   * CPU as face landmarking, so it runs only for "Check this video" unless this is on.
   */
  lipSyncAlways: boolean;
}

export const SETTINGS_KEY = 'settings';
export const MODES: readonly AnalysisMode[] = ['auto', 'on-request'];
export const SENSITIVITIES: readonly Sensitivity[] = ['low', 'balanced', 'high'];
export const SHOW_SCORES: readonly ShowScores[] = ['suspicious', 'all'];
/** Retention choices offered by the options page; any integer in range is accepted. */
export const RETENTION_CHOICES: readonly number[] = [1, 7, 30, 90, 365];
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

export const DEFAULT_SETTINGS: Settings = {
  sites: { youtube: true, x: true, tiktok: true, generic: true },
  mode: 'auto',
  sensitivity: 'balanced',
  showScores: 'suspicious',
  retentionDays: 30,
  lipSyncAlways: false,
};

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

/** Settings from an untrusted stored value: every bad or missing field takes its default. */
export function parseSettings(value: unknown): Settings {
  const raw = isRecord(value) ? value : {};
  const sitesRaw = isRecord(raw.sites) ? raw.sites : {};
  const sites = { ...DEFAULT_SETTINGS.sites };
  for (const id of SITE_IDS) {
    const on = sitesRaw[id];
    if (typeof on === 'boolean') sites[id] = on;
  }
  const days = raw.retentionDays;
  const retentionDays =
    typeof days === 'number' &&
    Number.isInteger(days) &&
    days >= MIN_RETENTION_DAYS &&
    days <= MAX_RETENTION_DAYS
      ? days
      : DEFAULT_SETTINGS.retentionDays;
  return {
    sites,
    mode: pick(raw.mode, MODES, DEFAULT_SETTINGS.mode),
    sensitivity: pick(raw.sensitivity, SENSITIVITIES, DEFAULT_SETTINGS.sensitivity),
    showScores: pick(raw.showScores, SHOW_SCORES, DEFAULT_SETTINGS.showScores),
    retentionDays,
    lipSyncAlways:
      typeof raw.lipSyncAlways === 'boolean' ? raw.lipSyncAlways : DEFAULT_SETTINGS.lipSyncAlways,
  };
}

/** A change to some settings; `sites` may name only the sites that change. */
export type SettingsPatch = Partial<Omit<Settings, 'sites'>> & {
  sites?: Partial<Record<SiteId, boolean>>;
};

/** Applies a patch and validates the result. */
export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  return parseSettings({ ...current, ...patch, sites: { ...current.sites, ...patch.sites } });
}

/** The slice of browser.storage.local the settings need. */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The slice of browser.storage.onChanged the settings need. */
export interface StorageChangeEvent {
  addListener(listener: StorageChangeListener): void;
  removeListener(listener: StorageChangeListener): void;
}
export type StorageChangeListener = (
  changes: Record<string, { oldValue?: unknown; newValue?: unknown }>,
  areaName: string,
) => void;

/** Reads the settings (defaults when nothing or something corrupt is stored). */
export async function loadSettings(area: SettingsArea): Promise<Settings> {
  const items = await area.get(SETTINGS_KEY);
  return parseSettings(items[SETTINGS_KEY]);
}

/** Reads, patches and writes the settings; resolves to what was written. */
export async function saveSettings(area: SettingsArea, patch: SettingsPatch): Promise<Settings> {
  const next = mergeSettings(await loadSettings(area), patch);
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/**
 * Calls `callback` with the new settings whenever they change in storage.local (from any
 * context). Returns a function that stops watching.
 */
export function watchSettings(
  events: StorageChangeEvent,
  callback: (settings: Settings) => void,
): () => void {
  const listener: StorageChangeListener = (changes, areaName) => {
    if (areaName !== 'local' || !Object.hasOwn(changes, SETTINGS_KEY)) return;
    callback(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}
