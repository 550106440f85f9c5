// run-perf's compare-perf log (compat mode): one line per check of every reference and the destination, then the final line.
import { runperfLogLine } from '../scoring/runperf-details.js';
import { isFailure } from '../summary.js';
import type { ComparisonReport } from '../types.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * The lines run-perf logs, `ERROR| FAIL: <id> <score> (<details>)` for status < 0 and, with verbose ≥ 1,
 * `INFO | PASS: ...` for the others; references first, each build's grouped checks after its own checks.
 */
export function renderRunperfLog(report: ComparisonReport, verbose: number): string {
  const out: string[] = [];
  for (const build of report.builds.slice(1)) {
    // a reference whose verdicts have no status < 0 logs nothing unless verbose: its results need not be judged
    if (verbose === 0 && build.verdictColumn && !build.verdictColumn().statuses.some((s) => s < 0)) continue;
    for (const r of build.results) if (r.status < 0 || verbose > 0) out.push(runperfLogLine(r));
  }
  const dst = report.builds.at(-1)?.results ?? [];
  const policy = { compat: true, failOnImprovement: false };
  let p = 0;
  let g = 0;
  let np = 0;
  for (const r of dst) {
    if (!isFailure(r, policy)) continue;
    if (r.grouped) g++;
    else if (r.primary) p++;
    else np++;
  }
  if (report.exitCode === 3) out.push('ERROR| No comparisons performed');
  else if (p + g > 0) out.push(`ERROR| ${p}/${g}/${np}/${dst.length} primary/grouped/non-primary/all checks failed, see logs for details`);
  else if (np > 0) out.push(`WARNING| ${np}/${dst.length} non-primary results failed.`);
  else if (verbose > 0) out.push(`INFO | All ${dst.length} checks were in limits`);
  return terminalSafe(out.join('\n') + '\n');
}
