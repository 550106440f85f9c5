// Finds and loads the config file the usual way (cosmiconfig; .ts through jiti) and validates it, reporting every issue at once.
import { cosmiconfig } from 'cosmiconfig';
import { createJiti } from 'jiti';
import { ConfigError } from '../errors.js';
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

/** Search from `cwd` up to the project root (the nearest package.json), or load `explicit`; validate. */
export async function loadConfig(cwd: string, explicit?: string): Promise<NormalizedConfig> {
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
    throw new ConfigError(`cannot read config ${where}: ${(e as Error).message.split('\n')[0]}`, [], 'fix the syntax error (or pass --config FILE)');
  }
  const file = found?.filepath;
  const checked = validateConfig(found?.config, file, cwd);
  if ('issues' in checked) {
    throw new ConfigError(`${file ?? 'config'} has ${checked.issues.length} problem${checked.issues.length > 1 ? 's' : ''}`, checked.issues, 'see docs/run-perf.md#configuration');
  }
  return checked.config;
}
