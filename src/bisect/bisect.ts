// perfgate bisect: measure the good and bad ends, drive `git bisect run` with run-perf + diff-perf, then report.
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvironmentError, InterruptedError, UsageError } from '../errors.js';
import { runChild } from './child.js';
import { firstBadFrom, git, isClean, revParse } from './git.js';
import { buildAndRun } from './run-step.js';
import type { BisectState, BisectStep } from './state.js';
import { loadState, saveState } from './state.js';
import { makeDirsSync } from '../make-dirs.js';

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
  /** Aborted on SIGINT/SIGTERM: the running child is stopped, no further step starts, the repository is restored. */
  signal?: AbortSignal;
}

export interface BisectOutcome {
  firstBad?: string;
  steps: BisectStep[];
  report?: string;
  bisectLog: string;
}

/** Time `git bisect run` gets to stop after the forwarded signal: longer than a step's own grace for run-perf. */
const BISECT_RUN_GRACE_MS = 20_000;

function interrupted(where: string, opts: BisectOptions): InterruptedError {
  return new InterruptedError(`interrupted during ${where}; bisect reset and the repository restored`, `what completed is kept in ${opts.workdir} (session.log, state.json)`);
}

/** Measure one end `--repeat` times into state.goodResults/badResults; stops at the first interrupted run. */
async function measureEnd(state: BisectState, opts: BisectOptions, which: 'good' | 'bad'): Promise<void> {
  const rev = which === 'good' ? state.good : state.bad;
  git(state.repo, ['checkout', '-q', '--detach', rev]);
  const results = which === 'good' ? state.goodResults : state.badResults;
  for (let i = 1; i <= opts.repeat; i++) {
    if (opts.signal?.aborted) throw interrupted(`the ${which} end before run ${i}`, opts);
    opts.log(`measuring ${which} end ${rev.slice(0, 10)} (${i}/${opts.repeat})`);
    const r = await buildAndRun(state, opts.workdir, `${which}-${i}`, join(opts.workdir, 'session.log'), opts.signal);
    if (r.interrupted || opts.signal?.aborted) {
      state.interrupted = `${which} run ${i}: ${r.note ?? 'interrupted'}`;
      throw interrupted(`${which} run ${i} (${r.note ?? 'interrupted'})`, opts);
    }
    if (r.ok) results.push(r.result);
    else opts.log(`  ${which} run ${i} failed: ${r.note}`);
  }
  if (results.length === 0) {
    throw new EnvironmentError(`every run of the ${which} commit ${rev.slice(0, 10)} failed`, {
      code: 'PERFGATE_BISECT_END_FAILED',
      hint: `see ${join(opts.workdir, 'session.log')}`,
    });
  }
}

export async function bisect(opts: BisectOptions): Promise<BisectOutcome> {
  const repo = resolve(opts.repo);
  if (!existsSync(join(repo, '.git'))) throw new UsageError(`${repo} is not a git repository`, 'pass --repo pointing at a git checkout');
  if (!isClean(repo)) throw new UsageError(`${repo} has uncommitted changes`, 'commit or stash them; bisect checks out other commits');
  if (existsSync(opts.workdir) && readdirSync(opts.workdir).length > 0) {
    throw new UsageError(`work folder ${opts.workdir} is not empty`, 'choose a new --workdir; earlier results are never overwritten');
  }
  makeDirsSync(opts.workdir);
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
  let bisecting = false;
  try {
    await measureEnd(state, opts, 'good');
    await measureEnd(state, opts, 'bad');
    saveState(opts.workdir, state);
    if (opts.signal?.aborted) throw interrupted('the measurement of the bad end', opts);
    git(repo, ['bisect', 'start', state.bad, state.good]);
    bisecting = true;
    opts.log(`git bisect run between ${state.good.slice(0, 10)} (good) and ${state.bad.slice(0, 10)} (bad)`);
    const runLog = join(opts.workdir, 'bisect-run.log');
    writeFileSync(runLog, '');
    let output = '';
    const run = await runChild(['git', 'bisect', 'run', ...opts.stepCommand, opts.workdir], {
      cwd: repo,
      signal: opts.signal,
      graceMs: BISECT_RUN_GRACE_MS,
      onOutput: (c) => ((output += c), appendFileSync(runLog, c)),
    });
    const bisectLog = git(repo, ['bisect', 'log'], true).stdout;
    writeFileSync(join(opts.workdir, 'bisect.log'), bisectLog);
    const final = loadState(opts.workdir);
    if (run.interrupted || opts.signal?.aborted || final.interrupted !== undefined) {
      if (final.interrupted === undefined) {
        final.interrupted = `git bisect run after ${final.steps.length} step(s)`;
        saveState(opts.workdir, final);
      }
      throw interrupted(final.interrupted, opts);
    }
    const firstBad = firstBadFrom(output);
    const report = await writeReport(final, opts);
    if (opts.signal?.aborted) throw interrupted('the compare-perf report', opts);
    return { firstBad: firstBad ? revParse(repo, firstBad) : undefined, steps: final.steps, bisectLog, report };
  } catch (e) {
    // A signal can also make a git call fail (a terminal Ctrl-C reaches git too): report the interruption, not that.
    if (opts.signal?.aborted || e instanceof InterruptedError) {
      const error = e instanceof InterruptedError ? e : interrupted('bisect', opts);
      if (!bisecting) {
        state.interrupted ??= error.message;
        saveState(opts.workdir, state);
      }
      throw error;
    }
    throw e;
  } finally {
    // `git bisect reset` takes no -q (it would read it as a commit and leave the bisect running).
    const reset = git(repo, ['bisect', 'reset'], true);
    const checkout = git(repo, ['checkout', '-q', original], true);
    // e.g. git killed mid-checkout by a terminal Ctrl-C left .git/index.lock: say so rather than claim the repository is restored.
    if (checkout.code !== 0 || (reset.code !== 0 && existsSync(join(repo, '.git', 'BISECT_START')))) {
      opts.log(`could not restore ${repo}: ${(checkout.stderr || reset.stderr).trim().split('\n')[0] ?? ''}; run 'git bisect reset' and 'git checkout ${original}' there`);
    }
  }
}

/** compare-perf over good, every step in bisect order, and bad, into workdir/report.html. */
async function writeReport(state: BisectState, opts: BisectOptions): Promise<string | undefined> {
  const steps = state.steps.filter((s) => s.results.length > 0).map((s) => `${s.verdict}-${s.commit.slice(0, 10)}:${s.results[0]}`);
  const good = state.goodResults[0];
  const bad = state.badResults[0];
  if (!good || !bad) return undefined;
  const report = join(opts.workdir, 'report.html');
  await runChild([...opts.compareCommand, '--html', report, '--', `good:${good}`, ...steps, `bad:${bad}`], { cwd: opts.workdir, signal: opts.signal });
  return existsSync(report) ? report : undefined;
}
