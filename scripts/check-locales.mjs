// @ts-check
/**
 * `node scripts/check-locales.mjs [DIR]` (part of `npm run check`): every locale in DIR
 * (default public/_locales) has exactly the English keys, no empty message, and the same
 * placeholders as English. Prints each problem and exits 1 when there is any.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLocales } from './lib/locales.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'public', '_locales'));
const problems = checkLocales(dir);
if (problems.length > 0) {
  for (const problem of problems) console.error(`[locales] ${problem}`);
  console.error(`[locales] ${problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
console.log(`[locales] ${dir}: every locale matches en`);
