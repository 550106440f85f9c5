// One measurement at the checked-out commit: build, run run-perf into a fresh folder, classify with diff-perf.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { diffPerf } from '../compare/diff/diff.js';
import type { BisectState } from './state.js';

export interface RunOutcome {
  ok: boolean;
  /** Result folder relative to the workdir. */
  result: string;
  note?: string;
}

/** Run an argv, appending its output to the session log; returns the exit code. */
export function runLogged(argv: readonly string[], cwd: string, log: string): number {
  const [cmd = '', ...args] = argv;
  appendFileSync(log, `\n$ ${argv.map((a) => JSON.stringify(a)).join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  appendFileSync(log, (r.stdout ?? '') + (r.stderr ?? '') + (r.error ? `error: ${r.error.message}\n` : ''));
  return r.error ? 127 : (r.status ?? 128);
}

/** Build (when a build command is set) and run run-perf into `workdir/name`. */
export function buildAndRun(state: BisectState, workdir: string, name: string, log: string): RunOutcome {
  if (state.build.length > 0 && runLogged(state.build, state.repo, log) !== 0) return { ok: false, result: name, note: 'build failed' };
  const out = join(workdir, name);
  const code = runLogged([...state.runPerf, '--output', out, ...state.runArgs], state.repo, log);
  // run-perf exit 4 means some tests failed but a tree was written; only a tree with results counts.
  if (!existsSync(join(out, 'RUNPERF_METADATA')) || (code !== 0 && code !== 4)) return { ok: false, result: name, note: `run-perf exited ${code}` };
  return { ok: true, result: name };
}

/** diff-perf the result against the good and bad groups: 0 = closer to good, 1 = closer to bad. */
export function classify(state: BisectState, workdir: string, result: string): 0 | 1 {
  const report = diffPerf({ source: result, groups: [state.goodResults, state.badResults], cwd: workdir });
  return report.winner === 0 ? 0 : 1;
}
