// Server-rendered top of the report (also the no-JS fallback): verdict, counts, builds, regressions, warnings.
import type { FailurePolicy } from '../../summary.js';
import type { BuildInfo, CheckResult, ComparisonReport, Summary } from '../../types.js';
import { escapeHtml as h, safeHref } from './escape.js';
import { exitMeaning } from './labels.js';
import { buildLabel, compareResults, destinationOf, policyOf } from './payload.js';
import { countResults, type BuildCounts } from './reference-columns.js';

/** At most this many rows in each static list; the interactive table always has every check. */
const STATIC_LIMIT = 500;

const CARDS: readonly { key: keyof Summary; label: string; cls: string }[] = [
  { key: 'regressions', label: 'regressions', cls: 'v-regression' },
  { key: 'improvements', label: 'improvements', cls: 'v-improvement' },
  { key: 'minorLosses', label: 'minor losses', cls: 'v-minor-loss' },
  { key: 'minorGains', label: 'minor gains', cls: 'v-minor-gain' },
  { key: 'passes', label: 'passes', cls: 'v-pass' },
  { key: 'errors', label: 'errors', cls: 'v-error' },
  { key: 'groupFailures', label: 'group failures', cls: 'neutral' },
  { key: 'nonPrimaryFailures', label: 'non-primary failures', cls: 'neutral' },
  { key: 'primary', label: 'primary checks', cls: 'neutral' },
  { key: 'total', label: 'all checks', cls: 'neutral' },
];

/** Format a number for a static cell. */
export function fmt(x: number | string | undefined | null): string {
  if (x === undefined || x === null) return '–'; // null: a report read back from --json
  if (typeof x === 'string') return x;
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

export function fmtChange(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${x > 0 ? '+' : ''}${x.toFixed(2)}%`;
}

function fmtRange(r: readonly [number, number] | undefined): string {
  return r ? `[${fmt(Number(r[0].toPrecision(4)))}, ${fmt(Number(r[1].toPrecision(4)))}]` : '–';
}

/** Per-build failure counts (references and destination against the source), in run-perf's columns. */
export function buildCounts(b: BuildInfo, policy: FailurePolicy): BuildCounts {
  return countResults(b.results, policy);
}

function header(report: ComparisonReport): string {
  const src = report.builds.find((b) => b.role === 'source') ?? report.builds[0];
  const dst = destinationOf(report);
  const exit = exitMeaning(report);
  const title = src && dst ? `Comparison of ${buildLabel(src)} and ${buildLabel(dst)}` : 'Comparison';
  return `<header><h1 id="title">${h(title)}</h1>
<p class="verdict x${report.exitCode}" id="verdict"><b>${h(exit.label)}</b> <span>${h(exit.text)}</span></p>
<p class="meta">perfgate ${h(report.version)} · mode <b>${h(report.mode)}</b> · method <b>${h(report.method)}</b> · ${h(report.createdAt)}</p></header>`;
}

function cards(s: Summary): string {
  return `<div class="cards" id="summary">${CARDS.map(
    (c) => `<div class="card ${c.cls}" data-count="${c.key}"><b>${h(s[c.key])}</b><span>${h(c.label)}</span></div>`,
  ).join('')}</div>`;
}

function buildsTable(report: ComparisonReport, refCounts: readonly BuildCounts[] | undefined): string {
  const policy: FailurePolicy = policyOf(report);
  let j = 0;
  const rows = report.builds.map((b) => {
    const m = b.metadata;
    const url = m.url ? safeHref(m.url) : undefined;
    const name = url ? `<a href="${h(url)}" rel="noopener noreferrer">${h(buildLabel(b))}</a>` : h(buildLabel(b));
    const c = b.role === 'source' ? undefined : b.role === 'destination' ? destCounts(report.summary, b) : (refCounts?.[j++] ?? buildCounts(b, policy));
    const cells = c
      ? [c.regressions, c.improvements, c.groupFailures, c.nonPrimaryFailures, c.errors, c.total].map((n) => `<td class="num">${n}</td>`).join('')
      : '<td colspan="6" class="muted">baseline</td>';
    return `<tr class="role-${h(b.role)}"><td>${h(b.role)}${b.incomplete ? ' <span class="tag v-error">incomplete</span>' : ''}</td><td>${name}</td><td class="mono">${h(b.name)}</td><td>${h((m.machine ?? '–').trim())}</td><td>${h((m.distro ?? '–').trim())}</td>${cells}</tr>`;
  });
  return `<div class="table-wrap"><table class="builds" id="builds"><thead><tr><th>role</th><th>build</th><th>name</th><th>machine</th><th>distro</th><th>regressions</th><th>improvements</th><th>group failures</th><th>non-primary failures</th><th>errors</th><th>checks</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The destination's columns come from the report's own summary, so every number on the page agrees. */
function destCounts(s: Summary, b: BuildInfo): BuildCounts {
  return { regressions: s.regressions, improvements: s.improvements, groupFailures: s.groupFailures, nonPrimaryFailures: s.nonPrimaryFailures, errors: s.errors, total: s.total || b.results.length };
}

function byProfileTest(s: Summary): string {
  const keys = Object.keys(s.byProfileTest).sort();
  if (keys.length === 0) return '';
  const rows = keys.map((k) => {
    const c = s.byProfileTest[k];
    if (!c) return '';
    return `<tr${c.regressions ? ' class="bad"' : ''}><td class="mono">${h(k)}</td><td class="num">${c.regressions}</td><td class="num">${c.improvements}</td><td class="num">${c.passes}</td><td class="num">${c.errors}</td></tr>`;
  });
  return `<details class="by-group"${keys.length <= 12 ? ' open' : ''}><summary>By profile/test (${keys.length})</summary><table id="by-profile-test"><thead><tr><th>profile/test</th><th>regressions</th><th>improvements</th><th>passes</th><th>errors</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function resultRows(list: readonly CheckResult[]): string {
  return list
    .slice(0, STATIC_LIMIT)
    .map(
      (r) =>
        `<tr class="v-row-${r.verdict}"><td class="mono id">${h(r.id)}${r.grouped ? ' <span class="tag">group</span>' : r.primary ? '' : ' <span class="tag">non-primary</span>'}</td><td class="num">${r.grouped ? '–' : h(fmt(r.src))}</td><td class="num">${r.grouped ? '–' : h(fmt(r.dst))}</td><td class="num">${h(fmtChange(r.change))}</td><td class="num">${h(fmtRange(r.changeCi))}</td><td class="num">${h(fmtRange(r.band))}</td><td class="details">${h(r.details)}</td></tr>`,
    )
    .join('');
}

/** One static list (regressions, errors, improvements) with a count and a note when truncated. */
function staticList(id: string, title: string, list: readonly CheckResult[]): string {
  if (list.length === 0) return '';
  const more = list.length > STATIC_LIMIT ? `<p class="muted">First ${STATIC_LIMIT} of ${list.length}; the table below has all.</p>` : '';
  const primary = list.filter((r) => r.primary && !r.grouped).length;
  const grouped = list.filter((r) => r.grouped).length;
  const split = `${primary} primary, ${grouped} grouped, ${list.length - primary - grouped} non-primary`;
  return `<section id="${id}" data-count="${list.length}"><h2>${h(title)} (${split})</h2><table class="list"><thead><tr><th>check</th><th>src</th><th>dst</th><th>change</th><th>CI</th><th>band</th><th>details</th></tr></thead><tbody>${resultRows(list)}</tbody></table>${more}</section>`;
}

/** Header, verdict and exit-code meaning, summary counts, the builds table (`refCounts`: the references' counts, when known). */
export function renderOverview(report: ComparisonReport, refCounts?: readonly BuildCounts[]): string {
  return [header(report), cards(report.summary), buildsTable(report, refCounts)].join('\n');
}

/** Per-group counts, then the regressions and errors lists (regressions first), then warnings. */
export function renderLists(report: ComparisonReport, small: boolean): string {
  const dst = destinationOf(report);
  const shown = (dst?.results ?? []).filter((r) => !small || r.primary);
  const pick = (v: CheckResult['verdict']) => shown.filter((r) => r.verdict === v).sort(compareResults);
  const warnings = report.warnings.length
    ? `<details id="warnings"><summary>Warnings (${report.warnings.length})</summary><ul>${report.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></details>`
    : '';
  return [staticList('regressions', 'Regressions', pick('regression')), staticList('errors', 'Errors', pick('error')), byProfileTest(report.summary), warnings].join('\n');
}
