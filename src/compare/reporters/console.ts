// Console report: the verdict and counts first, then regressions (change %, band, evidence), errors, improvements; -v lists every check.
import { pyFixed } from '../../analyze/py-format.js';
import type { CheckResult, ComparisonReport, Verdict } from '../types.js';
import { paints, type Paint } from './ansi.js';
import { terminalSafe, terminalSafeLine } from './terminal-safe.js';
import { caseOutcome } from './xunit.js';

export interface ConsoleOptions {
  /** Colour the output (only when writing to a TTY). */
  color: boolean;
  /** 1: list every primary check; 2: every check including non-primary ones. */
  verbose: number;
}

/** `1 regression`, `2 regressions`. */
const count = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

const signed = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : (x > 0 ? '+' : '') + pyFixed(x, 2));

function changeText(r: CheckResult): string {
  const unit = r.kind === 'mean' ? '%' : r.kind === 'stddev' ? ' pts' : '';
  if (r.grouped) return `${signed(r.score)} (group score)`;
  return `${signed(r.change)}${unit}`;
}

function bandText(r: CheckResult): string {
  if (!r.band) return '';
  const [lo, hi] = r.band;
  return lo === -hi ? `±${pyFixed(hi, 2).replace(/\.?0+$/, '')}` : `[${pyFixed(lo, 2)}, ${pyFixed(hi, 2)}]`;
}

/** Text from the results (ids, names, details, warnings): every control character shown, newlines and colour codes too. */
const t = (text: string): string => terminalSafeLine(text);

function line(r: CheckResult, mark: string): string {
  // A check without a numeric change (missing, failed) shows only its reason.
  if (!r.grouped && (r.change === undefined || !Number.isFinite(r.change))) return `  ${mark} ${t(r.id)}  ${t(r.details)}`;
  const band = bandText(r);
  return `  ${mark} ${t(r.id)}  ${changeText(r)}${band ? `  band ${band}` : ''}  ${t(r.details)}`;
}

const ORDER: readonly Verdict[] = ['regression', 'error', 'improvement', 'minor-loss', 'minor-gain', 'pass'];

/** Render the report for a terminal. Failures come first, then a compact table by profile/test. */
export function renderConsole(report: ComparisonReport, options: ConsoleOptions): string {
  const c = paints(options.color);
  const red: Paint = c.red;
  const green: Paint = c.green;
  const yellow: Paint = c.yellow;
  const bold: Paint = c.bold;
  const s = report.summary;
  const src = report.builds[0];
  const dst = report.builds.at(-1);
  const refs = report.builds.length - 2;
  const out: string[] = [];
  const verdict =
    report.exitCode === 3 ? yellow('NOTHING COMPARED') : report.exitCode === 2 ? red(bold('FAIL')) : green(bold('PASS'));
  out.push(
    `${verdict}  ${t(src?.name ?? '?')} → ${t(dst?.name ?? '?')}${refs > 0 ? ` (${refs} reference${refs > 1 ? 's' : ''})` : ''}  ` +
      `[mode ${report.mode}, method ${report.method}]`,
  );
  out.push(
    `  ${count(s.primary, 'primary check')}: ${red(count(s.regressions, 'regression'))}, ${yellow(count(s.errors, 'error'))}, ` +
      `${green(count(s.improvements, 'improvement'))}, ${s.passes + s.minorGains + s.minorLosses} passed` +
      ` (${count(s.minorLosses, 'minor loss', 'minor losses')}, ${count(s.minorGains, 'minor gain')}); ` +
      `${s.groupFailures} grouped and ${s.nonPrimaryFailures} non-primary failures; ${count(s.total, 'check')} in all`,
  );
  const results = dst?.results ?? [];
  const failing = (r: CheckResult) => (r.primary || r.grouped) && caseOutcome(r, report) !== 'pass' && caseOutcome(r, report) !== 'skipped';
  const sections: [string, (r: CheckResult) => boolean, Paint, string][] = [
    ['Regressions', (r) => failing(r) && r.verdict !== 'error', red, '✗'],
    ['Errors', (r) => failing(r) && r.verdict === 'error', yellow, '!'],
    ['Improvements', (r) => (r.primary || r.grouped) && r.verdict === 'improvement' && !failing(r), green, '↑'],
  ];
  for (const [title, pick, paint, mark] of sections) {
    const picked = results.filter(pick).sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
    if (picked.length === 0) continue;
    out.push('', bold(`${title} (${picked.length}):`));
    for (const r of picked) out.push(paint(line(r, mark)));
  }
  const suspects = results.filter((r) => r.suspect === true);
  if (suspects.length > 0) {
    const tests = new Set(suspects.map((r) => `${r.profile}/${r.test}`));
    out.push(
      '',
      `${count(suspects.length, 'suspect check')} in ${count(tests.size, 'test')} (${t([...tests].sort().join(', '))}): not regressions, but worth a ` +
        'confirmation run (run-perf --rerun-failed REPORT.json --rerun-suspects, then compare-perf --confirm)',
    );
  }
  const pts = Object.entries(s.byProfileTest).sort(([a], [b]) => (a < b ? -1 : 1));
  if (pts.length > 0) {
    out.push('', bold('By profile/test:'));
    const width = Math.max(...pts.map(([k]) => t(k).length));
    for (const [k, v] of pts) {
      out.push(`  ${t(k).padEnd(width)}  ${count(v.regressions, 'regression')}, ${count(v.errors, 'error')}, ${count(v.improvements, 'improvement')}, ${v.passes} passed`);
    }
  }
  if (options.verbose > 0) {
    const all = results.filter((r) => options.verbose > 1 || r.primary || r.grouped);
    out.push('', bold(`All checks (${all.length}):`));
    for (const v of ORDER) for (const r of all.filter((x) => x.verdict === v)) out.push(line(r, v.padEnd(11)));
  }
  if (report.warnings.length > 0) {
    out.push('', bold(`Warnings (${report.warnings.length}):`));
    for (const w of report.warnings) out.push(yellow(`  ${t(w)}`));
  }
  // the data was made safe where it entered; this pass keeps our own colours and stops anything that slipped in
  return terminalSafe(out.join('\n') + '\n', options.color);
}
