// Is a folder a run-perf result tree (what strip-run-perf may copy), or e.g. the folder that holds several?
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { INCOMPLETE_MARKER } from '../result/read-tree.js';
import { globDirs, hasResults } from '../result/glob-dirs.js';

/** True when `dir` has RUNPERF_METADATA, the INCOMPLETE marker, or results (see hasResults). */
export function isResultTree(dir: string): boolean {
  return existsSync(join(dir, 'RUNPERF_METADATA')) || existsSync(join(dir, INCOMPLETE_MARKER)) || hasResults(dir);
}

/** Throw a one-line InputError unless `src` is a folder holding one run-perf result tree. */
export function assertResultTree(src: string): void {
  if (!existsSync(src) || !statSync(src).isDirectory()) {
    throw new InputError(`'${src}' is not a result directory`, { code: 'PERFGATE_RESULT_NOT_FOUND', file: src, hint: 'pass a run-perf result folder as SRC' });
  }
  if (isResultTree(src)) return;
  const children = globDirs(src).filter((name) => isResultTree(join(src, name)));
  const shown = children.slice(0, 3).join(', ') + (children.length > 3 ? ', ...' : '');
  throw new InputError(`'${src}' is not a run-perf result tree: no RUNPERF_METADATA, PROFILE/TEST/SERIAL/result.json or __error*__ folder in it`, {
    code: 'PERFGATE_RESULT_EMPTY',
    file: src,
    hint: children.length
      ? `it holds ${children.length} result folder(s) (${shown}): pass one of them as SRC, not the folder that holds them`
      : 'pass a run-perf result folder (result_YYYYMMDD_HHMMSS), not the folder that holds them',
  });
}
