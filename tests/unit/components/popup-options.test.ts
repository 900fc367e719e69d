// @vitest-environment happy-dom
import { h, render, type ComponentChild } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '@/components/options/OptionsApp';
import { PopupApp, type PopupView } from '@/components/popup/PopupApp';
import type { Translate } from '@/lib/i18n';
import { EMPTY_STAT, type VideoReport } from '@/lib/messaging/types';
import { DEFAULT_SETTINGS, type SettingsPatch } from '@/lib/storage/settings';

/** Keys and substitutions, so the tests see which string was asked for. */
const t: Translate = (key, subs) =>
  subs === undefined ? key : `${key}(${([] as string[]).concat(subs).join(',')})`;

function report(videoId: string, extra: Partial<VideoReport>): VideoReport {
  return {
    videoId,
    state: 'analyzing',
    cues: {},
    frames: { sampled: 10, analysed: 8, dropped: 0 },
    timingsMs: { capture: EMPTY_STAT, transportRtt: EMPTY_STAT, analyse: EMPTY_STAT },
    analyser: { id: 'x', placeholder: false },
    updatedAt: 0,
    ...extra,
  };
}

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});
function mount(node: ComponentChild): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}

const view = (over: Partial<PopupView>): PopupView => ({
  hasTab: true,
  reports: [],
  onRequest: false,
  siteOff: false,
  ...over,
});

describe('PopupApp', () => {
  it('lists each video with its state or verdict and risk, and deep-checks the one clicked', () => {
    const asked: (string | undefined)[] = [];
    const el = mount(
      h(PopupApp, {
        view: view({
          reports: [
            report('va', { page: { url: 'https://s/a', title: 'Clip A' } }),
            report('vb', { state: 'scored', risk: 91, verdict: 'likely-fake', final: true }),
            report('vc', { state: 'unsupported', reason: 'cross-origin' }),
          ],
        }),
        t,
        onDeepCheck: (id) => asked.push(id),
        onOpenTriage: () => undefined,
        onOpenSettings: () => undefined,
      }),
    );
    const items = [...el.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.state)).toEqual(['analyzing', 'scored', 'unsupported']);
    expect(items[0]?.textContent).toContain('Clip A');
    expect(items[0]?.textContent).toContain('stateAnalyzing');
    expect(items[1]?.textContent).toContain('popupVideoName(2)');
    expect(items[1]?.textContent).toContain('verdictLikelyFake · popupRisk(91)');
    expect(items[1]?.textContent).toContain('popupFinal');
    expect(items[2]?.querySelector('button')).toBeNull(); // nothing to deep-check
    items[1]?.querySelector<HTMLButtonElement>('button.pp-deep')?.click();
    el.querySelector<HTMLButtonElement>('button.pp-check')?.click();
    expect(asked).toEqual(['vb', undefined]);
  });

  it('says why the list is empty', () => {
    const cases: [Partial<PopupView>, string][] = [
      [{ hasTab: false }, 'popupNoTab'],
      [{ siteOff: true }, 'popupSiteOff'],
      [{ onRequest: true }, 'popupEmptyOnRequest'],
      [{}, 'popupEmpty'],
    ];
    for (const [over, key] of cases) {
      const el = mount(
        h(PopupApp, {
          view: view(over),
          t,
          onDeepCheck: () => undefined,
          onOpenTriage: () => undefined,
          onOpenSettings: () => undefined,
        }),
      );
      expect(el.querySelector('.pp-empty')?.textContent).toBe(key);
      render(null, root);
      root.remove();
    }
    root = document.createElement('div');
  });
});

describe('OptionsApp', () => {
  it('every control is labelled and reports the change it stands for', () => {
    const patches: SettingsPatch[] = [];
    const el = mount(
      h(OptionsApp, { settings: DEFAULT_SETTINGS, t, onChange: (p) => patches.push(p) }),
    );
    for (const input of el.querySelectorAll('input, select')) {
      const labelled = input.closest('label') ?? el.querySelector(`label[for="${input.id}"]`);
      expect(labelled?.textContent?.trim()).not.toBe('');
    }
    el.querySelector<HTMLInputElement>('input[name="site-youtube"]')?.click();
    el.querySelector<HTMLInputElement>('input[name="mode"][value="on-request"]')?.click();
    el.querySelector<HTMLInputElement>('input[name="sensitivity"][value="high"]')?.click();
    el.querySelector<HTMLInputElement>('input[name="showScores"][value="all"]')?.click();
    const select = el.querySelector<HTMLSelectElement>('select[name="retentionDays"]');
    if (select) {
      select.value = '90';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    expect(patches).toEqual([
      { sites: { youtube: false } },
      { mode: 'on-request' },
      { sensitivity: 'high' },
      { showScores: 'all' },
      { retentionDays: 90 },
    ]);
  });
});
