// diff-perf's checks around its inputs and outputs: empty candidates are warned about, an unwritable --json is a user error.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { parseResultSpec } from '../result/read-tree.js';
import { hasResults } from '../result/glob-dirs.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * One warning per distinct folder (source or candidate) that holds no PROFILE/TEST/SERIAL/result.json and no
 * __error*__ folder: run-perf scores it anyway (as missing every check), so the ranking alone hides the mistake.
 */
export function emptyInputWarnings(source: string, groups: readonly (readonly string[])[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const check = (spec: string, role: string) => {
    const { path } = parseResultSpec(spec, cwd);
    if (seen.has(path)) return;
    seen.add(path);
    if (existsSync(path) && statSync(path).isDirectory() && !hasResults(path, false)) {
      out.push(`${role} '${spec}' is not a result tree: no PROFILE/TEST/SERIAL/result.json or __error*__ folder in ${path}; it is scored as missing every check (pass a run-perf result folder, not the folder that holds them)`);
    }
  };
  check(source, 'source');
  groups.forEach((g, i) => g.forEach((spec) => check(spec, `candidate ${i}`)));
  return out;
}

function jsonError(path: string, e: unknown): UsageError {
  const code = (e as { code?: unknown } | undefined)?.code;
  const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file, not a folder' : code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(code ?? (e as Error).message);
  return new UsageError(`--json ${path} cannot be written (${typeof code === 'string' ? `${code}: ` : ''}${why})`, 'pass --json a file in an existing, writable folder, or --json - for stdout', 'PERFGATE_OUTPUT_UNWRITABLE');
}

/** Fail early (before scoring) when the --json file's folder is missing or is a file. */
export function checkJsonTarget(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) throw jsonError(path, { code: 'ENOENT' });
  if (!statSync(dir).isDirectory()) throw jsonError(path, { code: 'ENOTDIR' });
}

/** Write the --json file; a file-system error is a one-line UsageError naming the path. */
export function writeJsonFile(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    throw jsonError(path, e);
  }
}
