// @ts-check
/** Command-line arguments of the scripts: `--flag` switches, `--name value` options, positionals. */

/**
 * @param {string[]} argv  arguments after the script name
 * @param {string[]} flags  option names that take no value (e.g. 'json')
 * @returns {{ options: Record<string, string>, positional: string[] }} a flag given is 'true'
 */
export function parseArgs(argv, flags) {
  /** @type {Record<string, string>} */
  const options = {};
  /** @type {string[]} */
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--') && flags.includes(arg.slice(2))) options[arg.slice(2)] = 'true';
    else if (arg.startsWith('--')) options[arg.slice(2)] = argv[++i] ?? '';
    else positional.push(arg);
  }
  return { options, positional };
}
