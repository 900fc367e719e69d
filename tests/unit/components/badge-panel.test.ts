// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Badge, type BadgeView } from '@/components/Badge';
import type { Translate } from '@/lib/l10n/keys';
import { de, en } from '../l10n/catalogs';

const view: BadgeView = {
  state: 'scored',
  risk: 91,
  verdict: 'likely-fake',
  reason: 'Only 1 cue(s) with data; likely-fake needs 2',
  sampling: false,
  placeholder: false,
  frames: { sampled: 53, analysed: 50, dropped: 3 },
  evidence: [
    {
      cue: 'blend',
      text: 'Frame model (trained on real and fake videos and self-blended faces) rated 3 of 12 face crops as manipulated',
      times: [75.4],
    },
    { cue: 'newCue', text: 'A sentence no catalog knows' },
  ],
  checked: ['blink', 'blend'],
  match: { label: 'Known clip', listName: 'known-fakes' },
};

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function panel(t: Translate): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  const noop = () => undefined;
  render(h(Badge, { view, t, expanded: true, onToggle: noop, onDismiss: noop }), root);
  return root;
}

describe('badge panel', () => {
  it('reads in English as before', () => {
    const text = panel(en).textContent;
    expect(text).toContain('91% · Likely fake');
    expect(text).toContain('Estimated risk 91 of 100: Likely fake.');
    expect(text).toContain('Only 1 cue(s) with data; likely-fake needs 2');
    expect(text).toContain('Frame model sees a face blended in: Frame model (trained on');
    expect(text).toContain('Looked at: blinking, blend model.');
    expect(text).toContain('Frames: 53 sampled, 50 analysed, 3 dropped (sampling paused)');
    expect(text).toContain('Matches a known deepfake: Known clip');
    expect(root.querySelector('.tt-time')?.getAttribute('aria-label')).toBe('Jump to 1:15');
  });

  it('reads in German, lib sentences included; unknown ones stay as written', () => {
    const text = panel(de).textContent;
    expect(text).toContain('91 % · Wahrscheinlich gefälscht');
    expect(text).toContain('Geschätztes Risiko 91 von 100: Wahrscheinlich gefälscht.');
    expect(text).toContain('Nur 1 Merkmal(e) mit Daten; „wahrscheinlich gefälscht“ braucht 2');
    expect(text).toContain(
      'Das Einzelbildmodell sieht ein eingeblendetes Gesicht: Das Einzelbildmodell (trainiert auf echten und gefälschten Videos und selbst überblendeten Gesichtern) hat 3 von 12 Gesichtsausschnitten als manipuliert bewertet bei',
    );
    expect(text).toContain('newCue: A sentence no catalog knows');
    expect(text).toContain('Untersucht: Blinzeln, Überblendungsmodell.');
    expect(text).toContain('(Aufnahme pausiert)');
    expect(text).toContain('Entspricht einem bekannten Deepfake: Known clip');
    expect(text).not.toMatch(/Estimated|Frames:|Hide for this video|Looked at/);
    expect(root.querySelector('.tt-time')?.getAttribute('aria-label')).toBe('Zu 1:15 springen');
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe(
      'Telltale-Details',
    );
  });
});
