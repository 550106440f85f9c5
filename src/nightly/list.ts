// The history as text: one line per night, the baseline and the current references marked.
import type { HistoryState } from './history.js';

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
