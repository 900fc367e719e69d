/** Wires the triage UI to the store, downloads, the background and the local-file checker. */
import { browser } from '#imports';
import { liveQuery } from 'dexie';
import type { TriageServices } from '@/components/triage/services';
import { LocalChecker, type LocalJob } from '@/lib/local-files/local-checker';
import { t } from '@/lib/i18n';
import { TRIAGE_PROBLEM_KEY } from '@/lib/background/triage-recorder';
import { withProvenance } from '@/lib/local-files/provenance-item';
import { contentChannel } from '@/lib/messaging/content-protocol';
import { localPage, triageChannel } from '@/lib/messaging/triage-protocol';
import { C2PA_WASM_PATH, ProvenanceReader } from '@/lib/provenance/read-provenance';
import { openTriageDb } from '@/lib/storage/db';
import { readStoredDetail, readStoredItem } from '@/lib/storage/migrations';
import { MediaRepo } from '@/lib/storage/media-repo';
import type { TriageItem } from '@/lib/storage/types';
import { toCsv, toJson } from '@/lib/triage/export';
import { mergeImport } from '@/lib/triage/import-merge';
import { MAX_IMPORT_CHARS, parseImport } from '@/lib/triage/import-parse';

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

export function createServices(): TriageServices {
  const db = openTriageDb();
  const repo = new MediaRepo(db);
  let checker: LocalChecker | null = null;
  // The C2PA reader (its worker and wasm) starts with the first local file, not with the page.
  const provenance = new ProvenanceReader(browser.runtime.getURL(C2PA_WASM_PATH as '/triage.html'));
  let jobListener: (jobs: readonly LocalJob[]) => void = () => undefined;

  const waitForFinal = (key: string, videoId: string, timeoutMs: number) =>
    new Promise<TriageItem | null>((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const sub = liveQuery(() => db.items.get(key)).subscribe({
        next: (item) => {
          const settled =
            item?.final === true || item?.state === 'unsupported' || item?.state === 'error';
          if (item && item.videoId === videoId && settled) done(item);
        },
        error: () => undefined,
      });
      function done(item: TriageItem | null) {
        clearTimeout(timer);
        setTimeout(() => sub.unsubscribe());
        resolve(item);
      }
    });

  const makeChecker = () => {
    const preview = Object.assign(document.createElement('div'), { className: 'tt-preview' });
    preview.setAttribute('aria-label', t('triageFilePreview'));
    document.body.append(preview);
    return new LocalChecker({
      preview,
      tabId: async () => {
        const tab = await browser.tabs.getCurrent();
        if (tab?.id === undefined) throw new Error('Open the triage page in a tab to check files');
        return tab.id;
      },
      start: (data) => triageChannel.sendMessage('bg:localStart', data),
      stop: (videoId, reason) => contentChannel.sendMessage('bg:videoStop', { videoId, reason }),
      waitForFinal,
      readProvenance: (file) => provenance.read(file),
      saveProvenance: async (info, found, still) => {
        const key = localPage(info).mediaId ?? '';
        const videoId = `v${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
        await repo.update([key], (current) => {
          const next = withProvenance(current.get(key), info, found, still, videoId, Date.now());
          return next ? [next] : [];
        });
      },
      onChange: (jobs) => jobListener(jobs),
    });
  };

  return {
    subscribe(onItems, onProblem = () => undefined) {
      // What is wrong now, by source: rows, reads, the background's writes.
      const problems = new Map<string, string>();
      const tell = (source: string, problem: string | null) => {
        if (problem === null) problems.delete(source);
        else problems.set(source, problem);
        onProblem(problems.size > 0 ? [...problems.values()].join(' ') : null);
      };
      const sub = liveQuery(() => db.items.toArray()).subscribe({
        next: (raw: unknown[]) => {
          const items = raw.map(readStoredItem).filter((i): i is TriageItem => i !== null);
          const lost = raw.length - items.length;
          tell('rows', lost > 0 ? t('triageStoreUnreadable', String(lost)) : null);
          tell('read', null);
          onItems(items);
        },
        error: (error: unknown) => {
          console.error('[telltale] triage store read failed:', error);
          tell('read', t('triageStoreReadFailed', String(error).slice(0, 200)));
          onItems([]);
        },
      });
      // Written by the background (lib/background/triage-recorder.ts); read as untrusted.
      const showWrites = (value: unknown) => {
        const problem = value as { kind?: unknown; detail?: unknown } | undefined;
        const detail = typeof problem?.detail === 'string' ? problem.detail.slice(0, 200) : '';
        tell(
          'write',
          problem?.kind === 'quota'
            ? t('triageStoreQuota')
            : problem?.kind === 'write'
              ? t('triageStoreWriteFailed', detail)
              : null,
        );
      };
      void browser.storage.session
        .get(TRIAGE_PROBLEM_KEY)
        .then((items) => showWrites(items[TRIAGE_PROBLEM_KEY]));
      const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        const change = changes[TRIAGE_PROBLEM_KEY];
        if (area === 'session' && change) showWrites(change.newValue);
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => {
        sub.unsubscribe();
        browser.storage.onChanged.removeListener(onChanged);
      };
    },
    detail: async (key) => readStoredDetail(await db.details.get(key)) ?? undefined,
    setVerdict: (keys, verdict) => repo.setVerdict(keys, verdict),
    setNotes: (key, notes, tags) => repo.setNotes(key, notes, tags),
    async exportItems(keys, format) {
      const media = keys === null ? await repo.all() : [...(await repo.load(keys)).values()];
      const name = `telltale-triage-${stamp()}`;
      if (format === 'json') {
        const generator = `telltale ${browser.runtime.getManifest().version}`;
        download(toJson(media, generator), `${name}.json`, 'application/json');
      } else download(toCsv(media), `${name}.csv`, 'text/csv');
    },
    async importFile(file) {
      if (file.size > MAX_IMPORT_CHARS)
        return { ok: false, error: 'The file is too large to import.' };
      const parsed = parseImport(await file.text());
      if (!parsed.ok) return parsed;
      const keys = parsed.media.map((m) => m.item.key);
      try {
        const written = await repo.update(keys, (current) => mergeImport(current, parsed.media));
        return { ok: true, count: written.length };
      } catch (error) {
        return { ok: false, error: `Import failed, nothing changed: ${String(error)}` };
      }
    },
    checkFiles(files, onJobs) {
      jobListener = onJobs;
      checker ??= makeChecker();
      checker.add(files);
    },
  };
}
