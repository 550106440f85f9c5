// strip-run-perf: copy only what compare-perf, analyze-perf and diff-perf need from a result tree (MB → KB).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { parseJsonLex } from '../result/json-lex.js';
import { writeJsonLex } from './json-write.js';
import { reduceResultJson } from './reduce.js';

export interface StripOptions {
  /** Also keep non-numeric serials (partial/incorrect results). */
  includeIncorrect?: boolean;
  /** Also keep `__sysinfo*__` folders at root and profile level. */
  attachSysinfo?: boolean;
}

export interface StripSummary {
  files: number;
  bytesBefore: number;
  bytesAfter: number;
}

const subdirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

function duSize(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + duSize(join(path, name)), 0);
}

/** Strip `src` into `dst` (which must not exist or be empty: results are never overwritten). */
export function stripRunPerf(src: string, dst: string, options: StripOptions = {}): StripSummary {
  if (!existsSync(src) || !statSync(src).isDirectory()) {
    throw new InputError(`'${src}' is not a result directory`, { code: 'PERFGATE_RESULT_NOT_FOUND', file: src, hint: 'pass a run-perf result folder as SRC' });
  }
  if (existsSync(dst) && readdirSync(dst).length > 0) {
    throw new InputError(`destination '${dst}' exists and is not empty`, { code: 'PERFGATE_OUTPUT_EXISTS', file: dst, hint: 'choose a new folder; strip-run-perf never overwrites results' });
  }
  let files = 0;
  const copyFile = (rel: string) => {
    mkdirSync(dirname(join(dst, rel)), { recursive: true });
    cpSync(join(src, rel), join(dst, rel));
    files++;
  };
  const copyDir = (rel: string) => {
    cpSync(join(src, rel), join(dst, rel), { recursive: true });
    files++;
  };
  mkdirSync(dst, { recursive: true });
  if (existsSync(join(src, 'RUNPERF_METADATA'))) copyFile('RUNPERF_METADATA');
  const keepSpecial = (rel: string, depth: number) => {
    for (const name of subdirs(join(src, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (/^__error.*__$/.test(name)) copyDir(r);
      else if (options.attachSysinfo && depth <= 1 && /^__sysinfo.*__$/.test(name)) copyDir(r);
    }
  };
  keepSpecial('', 0);
  for (const profile of subdirs(src).filter((n) => !n.startsWith('__'))) {
    keepSpecial(profile, 1);
    for (const test of subdirs(join(src, profile)).filter((n) => !n.startsWith('__'))) {
      keepSpecial(`${profile}/${test}`, 2);
      for (const serial of subdirs(join(src, profile, test)).filter((n) => !n.startsWith('__'))) {
        const rel = `${profile}/${test}/${serial}`;
        keepSpecial(rel, 3);
        if (!options.includeIncorrect && !/^[0-9]/.test(serial)) continue;
        const resultFile = join(src, rel, 'result.json');
        if (!existsSync(resultFile)) continue;
        let data;
        try {
          data = parseJsonLex(readFileSync(resultFile, 'utf8'));
        } catch (e) {
          throw new InputError(`${rel}/result.json: ${(e as Error).message}`, { code: 'PERFGATE_RESULT_MALFORMED', file: resultFile, hint: 'fix or remove the broken result.json' });
        }
        mkdirSync(join(dst, rel), { recursive: true });
        writeFileSync(join(dst, rel, 'result.json'), writeJsonLex(reduceResultJson(data)));
        files++;
        if (existsSync(join(src, rel, 'RUNPERF_METADATA.json'))) copyFile(`${rel}/RUNPERF_METADATA.json`);
      }
    }
  }
  return { files, bytesBefore: duSize(src), bytesAfter: duSize(dst) };
}
