// @ts-check
/**
 * Runs addons-linter on the Firefox package (`npm run zip:firefox` makes it) and fails on any
 * error or on a warning that scripts/lib/addons-lint.mjs does not explain.
 * Usage: node scripts/lint-firefox.mjs [PACKAGE.zip | DIR]  (default: .output/*-firefox.zip)
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import linter from 'addons-linter';
import { ROOT } from './lib/browser.mjs';
import { describeFinding, judgeLint } from './lib/addons-lint.mjs';

const OUTPUT = path.join(ROOT, '.output');

function defaultPackage() {
  const zips = existsSync(OUTPUT)
    ? readdirSync(OUTPUT).filter((f) => /-firefox\.zip$/.test(f))
    : [];
  if (zips.length !== 1) {
    console.error(
      `[lint:firefox] expected one .output/*-firefox.zip, found ${zips.length}: run "npm run zip:firefox" first`,
    );
    process.exit(2);
  }
  return path.join(OUTPUT, /** @type {string} */ (zips[0]));
}

const target = path.resolve(process.argv[2] ?? defaultPackage());
const instance = linter.createInstance({
  config: {
    _: [target],
    logLevel: 'fatal',
    stack: false,
    pretty: false,
    warningsAsErrors: false,
    metadata: false,
    output: 'none',
    boring: false,
    selfHosted: false,
  },
  runAsBinary: false,
});
const result = await instance.run();
const verdict = judgeLint(result);
console.log(
  `[lint:firefox] ${path.relative(ROOT, target)}: ${result.errors.length} errors, ` +
    `${result.warnings.length} warnings (${verdict.explained.length} known), ${result.notices.length} notices`,
);
for (const { finding, why } of verdict.explained) {
  console.log(`  known   ${describeFinding(finding)}\n          why: ${why}`);
}
for (const finding of verdict.notices) console.log(`  notice  ${describeFinding(finding)}`);
for (const finding of verdict.unexpected) console.error(`  WARNING ${describeFinding(finding)}`);
for (const finding of verdict.errors) console.error(`  ERROR   ${describeFinding(finding)}`);
if (verdict.errors.length > 0 || verdict.unexpected.length > 0) {
  console.error(
    '[lint:firefox] failed: fix the findings above or explain them in scripts/lib/addons-lint.mjs',
  );
  process.exit(1);
}
