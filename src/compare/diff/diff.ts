// diff-perf: which candidate result (or group of results) is closest to the source, as run-perf scores it.
import { InputError } from '../../errors.js';
import { isReadFailure } from '../../result/read-failure.js';
import { readResultTree } from '../../result/read-tree.js';
import type { Check, ResultTree } from '../../result/types.js';
import type { DiffScores, DiffValue, SourceEntry } from './score.js';
import { pickWinner, scoreCandidates } from './score.js';

export interface DiffOptions {
  /** Candidate groups in order: each positional DST alone, then each -g group. */
  groups: readonly (readonly string[])[];
  source: string;
  cwd: string;
  flatten?: number;
  compat?: boolean;
}

export interface DiffReport {
  schemaVersion: 1;
  source: string;
  groups: { index: number; members: string[]; primary: number; secondary: number }[];
  winner: number;
  unresolvedLevels: number[];
  /** The trees' reading warnings, `SPEC: FILE: message` (a value skipped as not a finite number, ...). */
  warnings: string[];
  scores: DiffScores;
}

/**
 * A tree with a result.json or folder perfgate could not read cannot be scored: its checks would be missing, and
 * a source missing checks ties its candidates (index 0, "good" to git bisect). run-perf's diff-perf stops on such a
 * file too (json.load raises: exit 255), which a bisect script turns into "skip this commit".
 */
function assertReadable(spec: string, tree: ResultTree): void {
  const failure = tree.checks.find(isReadFailure);
  if (failure === undefined) return;
  throw new InputError(`result '${spec}': ${String(failure.value)}`, {
    code: 'PERFGATE_RESULT_UNREADABLE',
    file: tree.path,
    hint: 'a result that cannot be read cannot be scored; a bisect script should skip this commit (exit 125)',
  });
}

/** The id without its `.mean` / `.stddev` suffix (the `.error` suffix is kept). */
function baseId(c: Check): string {
  return c.kind === 'error' ? c.id : c.id.slice(0, c.id.lastIndexOf('.'));
}

/** Source map: base id → mean (or error text), primary flag and stddev % (0 = none). */
export function sourceEntries(tree: ResultTree): Map<string, SourceEntry> {
  const out = new Map<string, SourceEntry>();
  for (const c of tree.checks) {
    const id = baseId(c);
    const e = out.get(id) ?? { mean: 0, stddevPct: 0, primary: c.primary };
    if (c.kind === 'stddev') e.stddevPct = Number(c.value);
    else e.mean = c.value;
    out.set(id, e);
  }
  return out;
}

/** Candidate map: base id → value; a stddev of 0 counts as missing. */
export function candidateEntries(tree: ResultTree): Map<string, DiffValue> {
  const out = new Map<string, DiffValue>();
  for (const [id, e] of sourceEntries(tree)) out.set(id, { mean: e.mean, stddevPct: e.stddevPct || 0 });
  return out;
}

/** Read every tree once (a path may appear in several groups) and score the groups against the source. */
export function diffPerf(options: DiffOptions): DiffReport {
  const cache = new Map<string, ResultTree>();
  const warnings: string[] = [];
  const read = (spec: string) => {
    let t = cache.get(spec);
    if (!t) {
      t = readResultTree(spec, options.cwd);
      assertReadable(spec, t);
      cache.set(spec, t);
      for (const w of t.warnings) warnings.push(`${spec}: ${w.file}: ${w.message}`);
    }
    return t;
  };
  const source = sourceEntries(read(options.source));
  const candidates = options.groups.map((g) => g.map((spec) => candidateEntries(read(spec))));
  const scores = scoreCandidates(source, candidates, { flatten: options.flatten ?? 1, compat: options.compat ?? false });
  const { index, unresolvedLevels } = pickWinner(scores.totals);
  return {
    schemaVersion: 1,
    source: options.source,
    groups: options.groups.map((members, i) => ({
      index: i,
      members: [...members],
      primary: scores.totals[0][i] ?? 0,
      secondary: scores.totals[1][i] ?? 0,
    })),
    winner: index,
    unresolvedLevels,
    warnings,
    scores,
  };
}
