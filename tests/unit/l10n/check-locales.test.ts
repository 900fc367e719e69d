import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLocales } from '@/scripts/lib/locales.mjs';

const SCRIPT = path.resolve('scripts/check-locales.mjs');
const english = {
  hello: { message: 'Hello' },
  count: {
    message: '$N$ videos on $SITE$',
    placeholders: { n: { content: '$1' }, site: { content: '$2' } },
  },
};

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A temporary _locales folder with these catalogs. */
function locales(catalogs: Record<string, unknown>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telltale-locales-'));
  for (const [lang, messages] of Object.entries(catalogs)) {
    fs.mkdirSync(path.join(dir, lang));
    fs.writeFileSync(path.join(dir, lang, 'messages.json'), JSON.stringify(messages));
  }
  return dir;
}

const run = (folder: string) => spawnSync(process.execPath, [SCRIPT, folder], { encoding: 'utf8' });

describe('check-locales', () => {
  it('passes a locale that matches English', () => {
    const folder = locales({
      en: english,
      de: {
        hello: { message: 'Hallo' },
        count: {
          message: '$N$ Videos auf $site$',
          placeholders: { n: { content: '$1' }, SITE: { content: '$2' } },
        },
      },
    });
    expect(checkLocales(folder)).toEqual([]);
    expect(run(folder).status).toBe(0);
  });

  it('fails on a missing key, an extra key, an empty message and broken placeholders', () => {
    const folder = locales({
      en: english,
      de: {
        count: { message: '$N$ Videos auf $SITE', placeholders: { n: { content: '$1' } } },
        extra: { message: 'Mehr' },
      },
      fr: {
        hello: { message: '  ' },
        count: {
          message: '$N$ vidéos sur $LIEU$',
          placeholders: { n: { content: '$1' }, lieu: { content: '$2' } },
        },
      },
      es: { hello: { message: 'Hola' }, count: { message: '$1 vídeos' } },
    });
    const problems = checkLocales(folder);
    expect(problems).toEqual(
      expect.arrayContaining([
        'de: hello: missing',
        'de: extra: not in en (extra key)',
        expect.stringMatching(/^de: count: has a "\$" that is no placeholder/),
        'fr: hello: has an empty or missing "message"',
        expect.stringMatching(/^fr: count: placeholders \$LIEU\$=\$2 \$N\$=\$1, en has/),
        expect.stringMatching(/^es: count: placeholders none, en has/),
        expect.stringMatching(/^es: count: uses \$1 \$n directly, en uses none/),
      ]),
    );
    const cli = run(folder);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('[locales] de: hello: missing');
  });

  it('fails on a placeholder that the message uses but does not define', () => {
    const folder = locales({ en: { only: { message: 'Hi $NAME$' } } });
    expect(checkLocales(folder)).toEqual([
      'en: only: uses $NAME$, which "placeholders" does not define',
    ]);
  });

  it('passes the shipped locales', () => {
    expect(execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' })).toMatch(
      /every locale matches en/,
    );
    expect(fs.readdirSync('public/_locales')).toEqual(expect.arrayContaining(['de', 'en']));
  });
});
