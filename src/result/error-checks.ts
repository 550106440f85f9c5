// Turns `__error*__` folders (depth 0–3 under a result root) into run-perf's `.error` checks.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_DIR, globDirs as subdirs } from './glob-dirs.js';
import { readRegularFile, readRegularText } from './regular-file.js';
import type { Check } from './types.js';

/** Files under a folder, recursively, relative to it, sorted (a folder that cannot be listed adds none). */
function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p, base));
    else if (entry.isFile()) out.push(relative(base, p));
  }
  return out;
}

/**
 * A primary `.error` check at a tree level (`levels`: profile, test and serial as far as known, `*` for the rest),
 * with run-perf's id for it: `__error__` folders and perfgate's own reading failures (read-failure.ts) alike.
 */
export function errorCheckAt(levels: readonly string[], value: string, params: Readonly<Record<string, string>>, source: string): Check {
  const [profile = '*', test = '*', serial = '*'] = levels;
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
    value,
    valueIsInt: false,
    unit: '',
    direction: 'unknown',
    params,
    source,
  };
}

function errorCheck(root: string, errorDir: string, levels: readonly string[]): Check {
  let exception = '<Unknown exception>';
  try {
    exception = readRegularText(join(errorDir, 'exception'));
  } catch (e) {
    // run-perf shows "<Unknown exception>" when the file is missing; one that cannot be read says why
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') exception = `<Unknown exception: the exception file cannot be read (${code ?? 'error'})>`;
  }
  const params: Record<string, string> = {};
  for (const file of listFiles(errorDir)) {
    let digest: string;
    try {
      digest = process.getBuiltinModule('node:crypto').createHash('sha1').update(readRegularFile(join(errorDir, file))).digest('hex');
    } catch (e) {
      digest = `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
    params[file] = digest;
  }
  return errorCheckAt(levels, exception, params, relative(root, errorDir));
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
