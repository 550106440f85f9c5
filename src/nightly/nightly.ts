// One night of the gate: run, compare with the baseline and the last good runs, confirm by re-running, record.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { failedTestsOf, gatingRegression, readReportDestination, type ReportResult } from '../runner/rerun-filter.js';
import { completeRun, loadHistory, lockHistory, newRunId, reportsPath, runPath, runsDir, saveHistory, wroteTree, type HistoryState, type NightRecord, type NightVerdict } from './history.js';
import { makeDirsSync } from '../make-dirs.js';

/** When to re-run tests before deciding: never, after a regression, or also when the first report holds suspects. */
export type ConfirmMode = 'off' | 'failed' | 'suspects';

/** Runs a perfgate command (in-process or as a child) and returns its exit code. */
export type CommandRunner = (argv: string[]) => Promise<number>;

export interface NightlyOptions {
  /** The history folder (absolute). */
  history: string;
  /** run-perf's arguments (its options, `--`, the tests), without --output. */
  runArgs: readonly string[];
  /** How many of the last good runs are references. */
  references: number;
  confirm: ConfirmMode;
  /** compare-perf options for both decisions (tolerance, alpha, models…). */
  compareArgs: readonly string[];
  /** The final decision's reports (absolute paths). */
  outputs: { xunit?: string; html?: string; json?: string };
  runPerf: CommandRunner;
  comparePerf: CommandRunner;
  log: (line: string) => void;
  now?: () => Date;
}

export interface NightOutcome {
  exitCode: number;
  record: NightRecord;
}

/** Exit codes nightly-perf passes on (the CLI's table: 0, 2, 3, 4, 130). */
const CODE = { OK: 0, REGRESSION: 2, NOTHING: 3, TESTS_FAILED: 4, INTERRUPTED: 130 } as const;

function verdictOf(code: number): NightVerdict {
  if (code === CODE.OK) return 'pass';
  if (code === CODE.REGRESSION) return 'regression';
  if (code === CODE.NOTHING) return 'nothing-compared';
  if (code === CODE.INTERRUPTED) return 'interrupted';
  return 'failed';
}

/** compare-perf's report options for the final decision. */
function reportArgs(outputs: NightlyOptions['outputs']): string[] {
  return [...(outputs.xunit ? ['--xunit', outputs.xunit] : []), ...(outputs.html ? ['--html', outputs.html] : [])];
}

/** Run one night under the history's lock; the history records it whatever happens after run-perf started. */
export async function runNight(o: NightlyOptions): Promise<NightOutcome> {
  const release = lockHistory(o.history, (who) => o.log(`taking over the lock of ${who}, which no longer exists`));
  try {
    const state = loadHistory(o.history);
    const startedAt = o.now?.() ?? new Date();
    const id = newRunId(o.history, startedAt, state);
    const record: NightRecord = { id, verdict: 'failed', exitCode: 1, startedAt: startedAt.toISOString() };
    const finish: Finish = (verdict, exitCode, note, extra = {}) => {
      Object.assign(record, { verdict, exitCode, note }, extra.confirm ? { confirm: extra.confirm } : {}, extra.first ? { firstDecision: extra.first } : {});
      if ((verdict === 'pass' && extra.reference !== false) || verdict === 'baseline') state.good.push(id);
      if (verdict === 'baseline') state.baseline = id;
      state.nights.push(record);
      saveHistory(o.history, state);
      o.log(`${id}: ${note}`);
      return { exitCode, record };
    };
    return await night(o, state, id, finish);
  } finally {
    release();
  }
}

/** `reference: false` keeps a passing night out of the good runs (its first run was out of line). */
type Finish = (verdict: NightVerdict, exitCode: number, note: string, extra?: { confirm?: string; first?: NightVerdict; reference?: boolean }) => NightOutcome;

async function night(o: NightlyOptions, state: HistoryState, id: string, finish: Finish): Promise<NightOutcome> {
  // what to compare with is settled before anything runs: a vanished baseline stops the night at once
  if (state.baseline !== undefined && !existsSync(runPath(o.history, state.baseline))) {
    throw new InputError(`the baseline run ${state.baseline} is missing from ${runsDir(o.history)}`, {
      code: 'PERFGATE_NIGHTLY_HISTORY',
      file: runPath(o.history, state.baseline),
      hint: `restore it, or make another run the baseline: nightly-perf --history ${o.history} --rebaseline RUN (--list shows the runs)`,
    });
  }
  const good = state.good.filter((g) => g !== state.baseline);
  const missing = good.filter((g) => !existsSync(runPath(o.history, g)));
  if (missing.length > 0) o.log(`good run${missing.length === 1 ? '' : 's'} ${missing.join(', ')} missing from ${runsDir(o.history)}; left out of the references`);
  const present = good.filter((g) => !missing.includes(g));
  const refs = (o.references > 0 ? present.slice(-o.references) : []).map((g) => runPath(o.history, g));
  const out = runPath(o.history, id);
  makeDirsSync(runsDir(o.history));
  o.log(`running the workloads into ${out}`);
  const ran = await o.runPerf(['--output', out, ...o.runArgs]);
  if (ran === CODE.INTERRUPTED) return finish('interrupted', ran, 'run-perf was interrupted; the run is kept, marked incomplete, and not compared');
  if (!wroteTree(out) || (ran !== CODE.OK && ran !== CODE.TESTS_FAILED)) {
    return finish('failed', ran === CODE.OK ? 1 : ran, `run-perf failed (exit ${ran}); nothing compared`);
  }
  // run-perf exit 4: some tests failed after their retries (a missing tool, a broken target). Such a run is never
  // the baseline or a reference; with a baseline the tests that ran are still compared, and a regression among them
  // wins, else the night exits 4.
  const partial = ran === CODE.TESTS_FAILED;
  if (state.baseline === undefined) {
    if (partial) return finish('failed', ran, 'some tests failed (run-perf exit 4): not recorded as the baseline; fix them and run again');
    return finish('baseline', CODE.OK, 'first run of this history: recorded as the baseline; the next nights are compared with it');
  }
  const baseline = runPath(o.history, state.baseline);
  const results = ['--', baseline, ...refs, out];
  const reports = reportsPath(o.history, id);
  makeDirsSync(reports);
  const firstJson = join(reports, 'first.json');
  o.log(`comparing with the baseline ${state.baseline} and ${refs.length} good run${refs.length === 1 ? '' : 's'}`);
  const first = await o.comparePerf([...o.compareArgs, '--json', firstJson, ...reportArgs(o.outputs), ...results]);
  const decided = (first === CODE.REGRESSION || first === CODE.OK) && existsSync(firstJson);
  const firstResults: readonly ReportResult[] = decided ? readReportDestination(firstJson) : [];
  // with failed tests the comparison holds their error checks (exit 2 even when nothing regressed): only a real
  // regression among the tests that ran makes it a regression night
  const settle = (code: number, note: string): NightOutcome => {
    if (partial && code !== CODE.INTERRUPTED && !(code === CODE.REGRESSION && firstResults.some(gatingRegression))) {
      return finish('failed', ran, `some tests failed (run-perf exit 4); not a reference (the tests that ran: ${code === CODE.REGRESSION ? 'no regression' : verdictOf(code)})`, { reference: false });
    }
    return finish(verdictOf(code), code, partial ? `${note}; some tests failed (run-perf exit 4)` : note);
  };
  if (first === CODE.INTERRUPTED) return finish('interrupted', first, 'interrupted during the comparison');
  // after a regression its tests (and with `suspects` the suspect ones) are re-run; after a pass only a suspect
  // check calls for a re-run. A partial run is not confirmed: its failed tests are the news.
  const needed = !partial && decided && o.confirm !== 'off' && (first === CODE.REGRESSION || (o.confirm === 'suspects' && firstResults.some((r) => r.suspect === true)));
  const toConfirm = needed ? failedTestsOf(firstResults, o.confirm === 'suspects') : [];
  if (toConfirm.length === 0) {
    if (o.outputs.json && existsSync(firstJson)) copyFileSync(firstJson, o.outputs.json);
    const why = first === CODE.REGRESSION ? `regression${o.confirm === 'off' ? ' (no confirmation run: --confirm off)' : ''}` : first === CODE.OK ? 'pass' : `compare-perf exit ${first}`;
    return settle(first, why);
  }
  const confirmId = `${id}-confirm`;
  const confirmOut = runPath(o.history, confirmId);
  const names = toConfirm.map((t) => `${t.profile}/${t.test}`).join(', ');
  const firstVerdict = verdictOf(first);
  o.log(`${first === CODE.REGRESSION ? 'regression found' : 'suspect checks found'}: re-running ${names} to confirm`);
  const rerun = await o.runPerf(['--output', confirmOut, '--rerun-failed', firstJson, ...(o.confirm === 'suspects' ? ['--rerun-suspects'] : []), ...o.runArgs]);
  if (rerun === CODE.INTERRUPTED) {
    return finish('interrupted', rerun, `the confirmation run was interrupted (first decision: ${firstVerdict}; the reports are the first decision's)`, { confirm: confirmId, first: firstVerdict });
  }
  if (!wroteTree(confirmOut) || (rerun !== CODE.OK && rerun !== CODE.TESTS_FAILED)) {
    if (o.outputs.json) copyFileSync(firstJson, o.outputs.json);
    return finish(firstVerdict, first, `the confirmation run failed (run-perf exit ${rerun}); the first decision stands`, { confirm: confirmId, first: firstVerdict, reference: false });
  }
  const final = await o.comparePerf([...o.compareArgs, '--confirm', confirmOut, ...(o.outputs.json ? ['--json', o.outputs.json] : []), ...reportArgs(o.outputs), ...results]);
  // A night cleared only by its re-run stays out of the references: its first run was a regression-sized outlier
  // (a whole-run shock, a rare mode), and the history should describe ordinary runs.
  const cleared = final === CODE.OK && first === CODE.REGRESSION;
  const note = `${verdictOf(final)} after confirmation (${names} re-run; first decision: ${firstVerdict})${cleared ? '; not used as a reference' : ''}`;
  return finish(verdictOf(final), final, note, { confirm: confirmId, first: firstVerdict, reference: !cleared });
}

/** Mark a run good (`accept`) or make it the new baseline with a fresh list of good runs (`rebaseline`). */
export function markRun(history: string, id: string, how: 'accept' | 'rebaseline', log: (line: string) => void): HistoryState {
  const release = lockHistory(history, (who) => log(`taking over the lock of ${who}, which no longer exists`));
  try {
    const state = loadHistory(history);
    const record = state.nights.find((n) => n.id === id);
    if (!record || !existsSync(runPath(history, id))) {
      const known = state.nights.map((n) => n.id).slice(-5).join(', ');
      throw new RunNotFound(id, history, known);
    }
    if (!completeRun(runPath(history, id))) {
      throw new UsageError(`run ${id} is not a complete run (interrupted, or run-perf wrote no results)`, 'accept a night whose run finished (--list shows the verdicts)', 'PERFGATE_NIGHTLY_RUN');
    }
    if (how === 'rebaseline') {
      state.baseline = id;
      state.good = [id];
    } else if (!state.good.includes(id)) state.good.push(id);
    record.acceptedAt = new Date().toISOString();
    record.note = `${record.note ? `${record.note}; ` : ''}${how === 'rebaseline' ? 'made the baseline by hand (earlier good runs are no longer references)' : 'accepted as good by hand'}`;
    saveHistory(history, state);
    return state;
  } finally {
    release();
  }
}

class RunNotFound extends UsageError {
  constructor(id: string, history: string, known: string) {
    super(`no run ${id} in ${history}`, known ? `recent runs: ${known} (nightly-perf --history ${history} --list shows all)` : 'this history has no runs yet', 'PERFGATE_NIGHTLY_RUN');
  }
}
