// Finds and loads the config file the usual way (cosmiconfig; .ts through jiti) and validates it, reporting every issue at once.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cosmiconfig } from 'cosmiconfig';
import { createJiti } from 'jiti';
import { ConfigError, UsageError } from '../errors.js';
import type { NormalizedConfig } from './types.js';
import { validateConfig } from './validate.js';

const MODULE = 'perfgate';

export const SEARCH_PLACES = [
  'package.json',
  `.${MODULE}rc`,
  `.${MODULE}rc.json`,
  `.${MODULE}rc.yaml`,
  `.${MODULE}rc.yml`,
  `${MODULE}.config.ts`,
  `${MODULE}.config.mts`,
  `${MODULE}.config.js`,
  `${MODULE}.config.mjs`,
  `${MODULE}.config.json`,
  `${MODULE}.config.yaml`,
];

async function loadModule(filepath: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, { moduleCache: false });
  return jiti.import(filepath, { default: true });
}

/** 1-based line and column of a 0-based character offset in `file`, when the file can be read. */
function lineColumn(file: string | undefined, offset: number): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * The parser's own words on one line: cosmiconfig's "JSON Error in FILE:" (or YAML) prefix, code frames (`> 1 | {bad`, `|  ^`)
 * and the echo of the whole text ("while parsing '…'") are dropped; a JSON offset becomes line and column.
 */
export function parserMessage(message: string, file: string | undefined): string {
  // Code frames are coloured when the parser thinks the terminal supports it (e.g. CI=true): strip the escapes first.
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
  const body = plain.replace(/^(JSON|YAML) Error in [^\n]*?:\s*/, '');
  const lines = body.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(>?\s*\d+\s*\||\||-*\^)/.test(l));
  let text = (lines[0] ?? body.trim()).replace(/\s+while parsing '.*$/, '').trim();
  const position = /at position (\d+)/.exec(text);
  const where = position && !/line \d+/.test(text) ? lineColumn(file, Number(position[1])) : undefined;
  if (where) text += ` (${where})`;
  return text === '' ? 'unreadable' : text;
}

/** Search from `cwd` up to the project root (the nearest package.json), or load `explicit`; validate. */
export async function loadConfig(cwd: string, explicit?: string): Promise<NormalizedConfig> {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new UsageError(`config file ${explicit} does not exist`, 'check the --config path, or leave --config out to search perfgate.config.*, .perfgaterc and package.json', 'PERFGATE_CONFIG_MISSING');
    if (statSync(explicit).isDirectory()) throw new UsageError(`config file ${explicit} is a directory`, 'give --config the path of a file, e.g. --config perfgate.config.json', 'PERFGATE_CONFIG_MISSING');
  }
  const explorer = cosmiconfig(MODULE, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    loaders: { '.ts': loadModule, '.mts': loadModule, '.js': loadModule, '.mjs': loadModule },
  });
  let found;
  try {
    found = explicit ? await explorer.load(explicit) : await explorer.search(cwd);
  } catch (e) {
    const where = explicit ?? (e as { filepath?: string }).filepath ?? 'the config file';
    const errno = (e as NodeJS.ErrnoException).code;
    if (typeof errno === 'string' && errno.startsWith('E')) {
      throw new ConfigError(`cannot read config ${where}: ${errno}`, [], 'check that the file is readable (or pass --config FILE)');
    }
    throw new ConfigError(`cannot read config ${where}: ${parserMessage((e as Error).message, explicit ?? (e as { filepath?: string }).filepath)}`, [], 'fix the syntax error at that place (or pass --config FILE)');
  }
  const file = found?.filepath;
  const checked = validateConfig(found?.config, file, cwd);
  if ('issues' in checked) {
    throw new ConfigError(`${file ?? 'config'} has ${checked.issues.length} problem${checked.issues.length > 1 ? 's' : ''}`, checked.issues, 'see docs/run-perf.md#configuration');
  }
  return checked.config;
}
