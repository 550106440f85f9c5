// perfgate bisect: measure the good and bad ends, drive `git bisect run` with run-perf + diff-perf, then report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvironmentError, UsageError } from '../errors.js';
import { firstBadFrom, git, isClean, revParse } from './git.js';
import { buildAndRun } from './run-step.js';
import type { BisectState, BisectStep } from './state.js';
import { loadState, saveState } from './state.js';

export interface BisectOptions {
  repo: string;
  good: string;
  bad: string;
  /** argv run in the repository before each run (empty: nothing to build). */
  build: string[];
  /** argv prefix that starts run-perf. */
  runPerf: string[];
  /** The user's run-perf arguments (profiles, tests); `--output` is added per run. */
  runArgs: string[];
  /** argv prefix that runs one bisect step: `<prefix> <workdir>` (perfgate's own hidden step command). */
  stepCommand: string[];
  /** argv prefix that starts compare-perf, for the final HTML report. */
  compareCommand: string[];
  workdir: string;
  /** Runs of each end (good and bad) before bisecting. */
  repeat: number;
  twoOutOfThree: boolean;
  log: (line: string) => void;
}

export interface BisectOutcome {
  firstBad?: string;
  steps: BisectStep[];
  report?: string;
  bisectLog: string;
}

function measureEnd(state: BisectState, opts: BisectOptions, which: 'good' | 'bad'): string[] {
  const rev = which === 'good' ? state.good : state.bad;
  git(state.repo, ['checkout', '-q', '--detach', rev]);
  const results: string[] = [];
  for (let i = 1; i <= opts.repeat; i++) {
    opts.log(`measuring ${which} end ${rev.slice(0, 10)} (${i}/${opts.repeat})`);
    const r = buildAndRun(state, opts.workdir, `${which}-${i}`, join(opts.workdir, 'session.log'));
    if (r.ok) results.push(r.result);
    else opts.log(`  ${which} run ${i} failed: ${r.note}`);
  }
  if (results.length === 0) {
    throw new EnvironmentError(`every run of the ${which} commit ${rev.slice(0, 10)} failed`, {
      code: 'PERFGATE_BISECT_END_FAILED',
      hint: `see ${join(opts.workdir, 'session.log')}`,
    });
  }
  return results;
}

export function bisect(opts: BisectOptions): BisectOutcome {
  const repo = resolve(opts.repo);
  if (!existsSync(join(repo, '.git'))) throw new UsageError(`${repo} is not a git repository`, 'pass --repo pointing at a git checkout');
  if (!isClean(repo)) throw new UsageError(`${repo} has uncommitted changes`, 'commit or stash them; bisect checks out other commits');
  if (existsSync(opts.workdir) && readdirSync(opts.workdir).length > 0) {
    throw new UsageError(`work folder ${opts.workdir} is not empty`, 'choose a new --workdir; earlier results are never overwritten');
  }
  mkdirSync(opts.workdir, { recursive: true });
  // The branch to return to, or the commit when the checkout was detached.
  const branch = git(repo, ['rev-parse', '--abbrev-ref', 'HEAD']).stdout.trim();
  const original = branch === 'HEAD' ? git(repo, ['rev-parse', 'HEAD']).stdout.trim() : branch;
  const state: BisectState = {
    version: 1,
    repo,
    good: revParse(repo, opts.good),
    bad: revParse(repo, opts.bad),
    build: opts.build,
    runPerf: opts.runPerf,
    runArgs: opts.runArgs,
    repeat: opts.repeat,
    twoOutOfThree: opts.twoOutOfThree,
    goodResults: [],
    badResults: [],
    steps: [],
  };
  try {
    state.goodResults = measureEnd(state, opts, 'good');
    state.badResults = measureEnd(state, opts, 'bad');
    saveState(opts.workdir, state);
    git(repo, ['bisect', 'start', state.bad, state.good]);
    opts.log(`git bisect run between ${state.good.slice(0, 10)} (good) and ${state.bad.slice(0, 10)} (bad)`);
    const [cmd = '', ...args] = opts.stepCommand;
    const run = spawnSync('git', ['bisect', 'run', cmd, ...args, opts.workdir], { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    writeFileSync(join(opts.workdir, 'bisect-run.log'), output);
    const bisectLog = git(repo, ['bisect', 'log'], true).stdout;
    writeFileSync(join(opts.workdir, 'bisect.log'), bisectLog);
    const firstBad = firstBadFrom(output);
    const final = loadState(opts.workdir);
    return { firstBad: firstBad ? revParse(repo, firstBad) : undefined, steps: final.steps, bisectLog, report: writeReport(final, opts) };
  } finally {
    // `git bisect reset` takes no -q (it would read it as a commit and leave the bisect running).
    git(repo, ['bisect', 'reset'], true);
    git(repo, ['checkout', '-q', original], true);
  }
}

/** compare-perf over good, every step in bisect order, and bad, into workdir/report.html. */
function writeReport(state: BisectState, opts: BisectOptions): string | undefined {
  const steps = state.steps.filter((s) => s.results.length > 0).map((s) => `${s.verdict}-${s.commit.slice(0, 10)}:${s.results[0]}`);
  const good = state.goodResults[0];
  const bad = state.badResults[0];
  if (!good || !bad) return undefined;
  const report = join(opts.workdir, 'report.html');
  const [cmd = '', ...args] = opts.compareCommand;
  spawnSync(cmd, [...args, '--html', report, '--', `good:${good}`, ...steps, `bad:${bad}`], { cwd: opts.workdir, encoding: 'utf8' });
  return existsSync(report) ? report : undefined;
}
