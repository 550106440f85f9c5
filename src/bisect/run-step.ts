// One measurement at the checked-out commit: build, run run-perf into a fresh folder, classify with diff-perf.
import { appendFileSync, existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { diffPerf } from '../compare/diff/diff.js';
import { isReadFailure } from '../result/read-failure.js';
import { readResultTree } from '../result/read-tree.js';
import { runChild } from './child.js';
import type { BisectState } from './state.js';

export interface RunOutcome {
  ok: boolean;
  /** Result folder relative to the workdir. */
  result: string;
  note?: string;
  /** Stopped by SIGINT/SIGTERM (bisect-perf's or the child's own): not a failed run, the bisect must stop. */
  interrupted?: boolean;
}

export interface LoggedExit {
  /** Exit code; 127 when the command could not be started, 128 + n when killed by a signal. */
  code: number;
  interrupted: boolean;
}

/** Run an argv, appending its output to the session log as it comes. */
export async function runLogged(argv: readonly string[], cwd: string, log: string, signal?: AbortSignal): Promise<LoggedExit> {
  appendFileSync(log, `\n$ ${argv.map((a) => JSON.stringify(a)).join(' ')}\n`);
  const r = await runChild(argv, { cwd, signal, onOutput: (c) => appendFileSync(log, c) });
  if (r.error) appendFileSync(log, `error: ${r.error.message}\n`);
  if (r.interrupted) appendFileSync(log, `(interrupted${r.signal ? ` by ${r.signal}` : r.code !== undefined ? `: exit ${r.code}` : ''})\n`);
  const code = r.error ? 127 : (r.code ?? 128 + (r.signal ? constants.signals[r.signal] : 0));
  return { code, interrupted: r.interrupted };
}

/** Build (when a build command is set) and run run-perf into `workdir/name`. */
export async function buildAndRun(state: BisectState, workdir: string, name: string, log: string, signal?: AbortSignal): Promise<RunOutcome> {
  if (state.build.length > 0) {
    const b = await runLogged(state.build, state.repo, log, signal);
    if (b.interrupted) return { ok: false, result: name, note: `build stopped (exit ${b.code})`, interrupted: true };
    if (b.code !== 0) return { ok: false, result: name, note: 'build failed' };
  }
  const out = join(workdir, name);
  const r = await runLogged([...state.runPerf, '--output', out, ...state.runArgs], state.repo, log, signal);
  if (r.interrupted) return { ok: false, result: name, note: `run-perf stopped (exit ${r.code})`, interrupted: true };
  // run-perf exit 4 means some tests failed but a tree was written; only a tree with results counts.
  if (!existsSync(join(out, 'RUNPERF_METADATA')) || (r.code !== 0 && r.code !== 4)) return { ok: false, result: name, note: `run-perf exited ${r.code}` };
  const unusable = unusableResult(out);
  if (unusable !== undefined) return { ok: false, result: name, note: unusable };
  return { ok: true, result: name };
}

/**
 * Why a result tree cannot be judged, or undefined: a part diff-perf cannot read (it would stop there). A tree of
 * failed tests only is judged: its exception texts match an end that fails the same way (a crash is a regression
 * to bisect too), and one that matches neither end is a tie, which classify skips.
 */
export function unusableResult(path: string): string | undefined {
  const failure = readResultTree(path, '/').checks.find(isReadFailure);
  return failure === undefined ? undefined : `unreadable result: ${String(failure.value)}`;
}

/**
 * diff-perf the result against the good and bad groups: 0 = closer to good, 1 = closer to bad, or why it cannot
 * tell (a tie on primary and secondary metrics alike, e.g. no metric in common): the commit is then skipped.
 */
export function classify(state: BisectState, workdir: string, result: string): 0 | 1 | string {
  const report = diffPerf({ source: result, groups: [state.goodResults, state.badResults], cwd: workdir });
  if (report.unresolvedLevels.length === 2) return 'as close to the good runs as to the bad ones (e.g. no metric in common)';
  return report.winner === 0 ? 0 : 1;
}
