// The history as text (one line per night, the baseline and the good runs marked) and as an ordered list of runs.
import { runPath, wroteTree, type HistoryState, type NightVerdict } from './history.js';

/** `nightly-perf --list`: every night, oldest first, with its verdict and note; `B` the baseline, `G` a good run. */
export function listNights(state: HistoryState): string {
  if (state.nights.length === 0) return 'no nights recorded yet\n';
  const good = new Set(state.good);
  const lines = state.nights.map((n) => {
    const mark = n.id === state.baseline ? 'B' : good.has(n.id) ? 'G' : ' ';
    const confirm = n.confirm ? ` (confirmation: ${n.confirm})` : '';
    return `${mark} ${n.id.padEnd(20)} ${n.verdict.padEnd(16)} exit ${String(n.exitCode).padEnd(3)} ${n.note ?? ''}${confirm}`;
  });
  return `${lines.join('\n')}\nbaseline: ${state.baseline ?? 'none yet'}; good runs: ${state.good.length}\n`;
}

/** Nights whose run is a complete tree worth a place in a time series (failed and interrupted ones are not). */
const COMPLETE: ReadonlySet<NightVerdict> = new Set(['baseline', 'pass', 'regression', 'nothing-compared']);

/** Every complete night's run folder, oldest first (for analyze-perf --changes; run ids are unique). */
export function comparedRuns(history: string, state: HistoryState): string[] {
  return state.nights.filter((n) => COMPLETE.has(n.verdict)).map((n) => runPath(history, n.id)).filter(wroteTree);
}
