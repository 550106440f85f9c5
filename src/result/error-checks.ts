// Turns `__error*__` folders (depth 0–3 under a result root) into run-perf's `.error` checks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { globDirs as subdirs } from './glob-dirs.js';
import type { Check } from './types.js';

const ERROR_DIR = /^__error.*__$/;

/** Files under a folder, recursively, relative to it, sorted. */
function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p, base));
    else if (entry.isFile()) out.push(relative(base, p));
  }
  return out;
}

function errorCheck(root: string, errorDir: string, levels: readonly string[]): Check {
  const [profile = '*', test = '*', serial = '*'] = levels;
  let exception = '<Unknown exception>';
  try {
    exception = readFileSync(join(errorDir, 'exception'), 'utf8');
  } catch {
    // run-perf shows "<Unknown exception>" when the file is missing
  }
  const params: Record<string, string> = {};
  for (const file of listFiles(errorDir)) {
    params[file] = process.getBuiltinModule('node:crypto').createHash('sha1').update(readFileSync(join(errorDir, file))).digest('hex');
  }
  return {
    id: `${profile}/${test}/${serial}:./ERROR/ERROR/ERROR.error`,
    profile,
    test,
    serial,
    iteration: 'ERROR',
    workflow: 'ERROR',
    metric: 'ERROR',
    kind: 'error',
    primary: true,
    value: exception,
    valueIsInt: false,
    unit: '',
    direction: 'unknown',
    params,
    source: relative(root, errorDir),
  };
}


/**
 * Every `__error*__` folder at depth 0–3 as an error check, in sorted folder order. `list` lists a folder's
 * sub-folders (a caller that already listed the tree passes its memo, so no folder is read twice).
 */
export function errorChecks(root: string, list: (dir: string) => string[] = subdirs): Check[] {
  const out: Check[] = [];
  const walk = (dir: string, levels: string[]) => {
    for (const name of list(dir)) {
      const p = join(dir, name);
      if (ERROR_DIR.test(name)) out.push(errorCheck(root, p, levels));
      else if (levels.length < 3 && !name.startsWith('__')) walk(p, [...levels, name]);
    }
  };
  if (statSync(root).isDirectory()) walk(root, []);
  return out;
}
