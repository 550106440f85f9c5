// The compact JSON data model the report's inline script renders: one row array per check, shared dictionaries.
import type { BuildInfo, CheckResult, ComparisonReport, Verdict } from '../../types.js';
import { VERDICT_LABEL, VERDICT_ORDER } from './labels.js';
import { referenceColumns, type ReferenceColumns } from './reference-columns.js';
import { roundSignificant } from './significant.js';

/**
 * Row fields by position (trailing nulls are dropped to save bytes). Kept in sync with templates/report.js.
 * flags: bit 0 primary, bit 1 grouped, bits 2-3 kind (0 mean, 1 stddev, 2 error), bits 4-5 direction
 * (0 higher is better, 1 lower is better, 2 unknown), bit 6: `id` omits its `<group>/` prefix.
 * refVerdicts: one character per reference, the verdict's index in `verdicts` or `.` when missing.
 */
export const ROW_FIELDS = [
  'id', 'group', 'verdict', 'flags', 'unit', 'src', 'dst', 'history', 'refVerdicts', 'change', 'ciLo', 'ciHi',
  'bandLo', 'bandHi', 'p', 'pAdj', 'score', 'tolerance', 'details', 'evidence', 'modelBandHi', 'modelBandLo',
  'parts', 'params',
] as const;

type Cell = string | number | null | readonly (string | number | null)[];
export type Row = Cell[];

export interface Payload {
  v: 1;
  charts: boolean;
  small: boolean;
  builds: { name: string; role: BuildInfo['role']; build: string }[];
  verdicts: readonly Verdict[];
  verdictLabels: string[];
  fields: readonly string[];
  groups: string[];
  units: string[];
  evidence: string[];
  params: string[];
  rows: Row[];
}

const KIND = { mean: 0, stddev: 1, error: 2 } as const;
const DIR = { higher: 0, lower: 1, unknown: 2 } as const;

/** Value with 6 significant digits (display precision); non-finite numbers become null. */
function val(x: number | string | undefined): string | number | null {
  if (x === undefined) return null;
  if (typeof x === 'string') return x;
  return Number.isFinite(x) ? roundSignificant(x, 6) : null;
}

/**
 * A row's history as cells: `history.map(val)`, or null when empty. One loop instead of a callback per value (a
 * 60-build report rounds ~30 000 values here, once, mostly before the code is optimized).
 */
function historyCells(history: readonly (number | string | undefined)[]): (string | number | null)[] | null {
  const n = history.length;
  if (n === 0) return null;
  const out: (string | number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const x = history[i];
    out.push(typeof x === 'number' ? (Number.isFinite(x) ? roundSignificant(x, 6) : null) : x === undefined ? null : x);
  }
  return out;
}

/** A percentage-like figure with 4 significant digits. */
function pct(x: number | undefined): number | null {
  return x === undefined || !Number.isFinite(x) ? null : roundSignificant(x, 4);
}

class Dictionary {
  readonly items: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** The destination build: the one with role `destination`, else the last one. */
export function destinationOf(report: ComparisonReport): BuildInfo | undefined {
  return report.builds.find((b) => b.role === 'destination') ?? report.builds.at(-1);
}

/** Build label: its `build` metadata (trailing newline dropped) or its name. */
export function buildLabel(b: BuildInfo): string {
  const id = b.metadata.build?.trim();
  return id && id !== 'Unknown' ? id : b.name;
}

/** Severity-first order: regressions, errors, improvements, minor losses, minor gains, passes; then primary first, then id. */
export function compareResults(a: CheckResult, b: CheckResult): number {
  return (
    VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
    Number(b.primary && !b.grouped) - Number(a.primary && !a.grouped) ||
    Number(b.primary) - Number(a.primary) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The checks the table shows: the destination's results (primary ones only for a small file), severity first,
 * in compareResults' order. Each result's rank under the first three keys is computed once, so a comparison is a
 * subtraction (then the ids); the sort is stable, as sorting with compareResults is.
 */
export function tableResults(report: ComparisonReport, small: boolean): CheckResult[] {
  const dst = destinationOf(report);
  const rows = (dst?.results ?? []).filter((r) => !small || r.primary);
  const rank = Int32Array.from(rows, (r) => VERDICT_ORDER.indexOf(r.verdict) * 4 + (r.primary && !r.grouped ? 0 : 2) + (r.primary ? 0 : 1));
  const ids = rows.map((r) => r.id);
  const order = rows.map((_, i) => i);
  order.sort((i, j) => (rank[i] as number) - (rank[j] as number) || ((ids[i] as string) < (ids[j] as string) ? -1 : (ids[i] as string) > (ids[j] as string) ? 1 : 0));
  return order.map((i) => rows[i] as CheckResult);
}

function partsText(r: CheckResult): string | null {
  if (r.parts.length === 0) return null;
  return r.parts.map((p) => `${p.name} ${roundSignificant(p.diff, 4)} (w ${roundSignificant(p.weight, 3)})`).join(', ');
}

function paramsText(params: Readonly<Record<string, string>>): string | null {
  const keys = Object.keys(params).sort();
  return keys.length === 0 ? null : keys.map((k) => `${k}: ${params[k] ?? ''}`.trimEnd()).join('\n');
}

/** A result's params as their dictionary index, or null. Results of one test share a params object: its text is made once. */
function paramsCell(r: CheckResult, params: Dictionary, byObject: Map<object, number | null>): number | null {
  if (!r.params) return null;
  let cell = byObject.get(r.params);
  if (cell === undefined) {
    const text = paramsText(r.params);
    cell = text === null ? null : params.of(text);
    byObject.set(r.params, cell);
  }
  return cell;
}

/** The failure policy a report was decided under (for counts and colours). */
export function policyOf(report: ComparisonReport): { compat: boolean; failOnImprovement: boolean } {
  return { compat: report.mode === 'runperf', failOnImprovement: report.options.failOnImprovement === true };
}

/**
 * Build the payload embedded in the page. `table` and `columns` (the table's results and the references'
 * columns over them) are computed here unless the caller already has them.
 */
export function buildPayload(
  report: ComparisonReport,
  opts: { withCharts: boolean; smallFile: boolean },
  table: readonly CheckResult[] = tableResults(report, opts.smallFile),
  columns: ReferenceColumns = referenceColumns(report, table.map((r) => r.id), policyOf(report)),
): Payload {
  const groups = new Dictionary();
  const units = new Dictionary();
  const evidence = new Dictionary();
  const params = new Dictionary();
  const paramsOf = new Map<object, number | null>();
  const nRefs = columns.counts.length;
  const rows = table.map((r, index): Row => {
    const group = `${r.profile}/${r.test}`;
    const prefixed = r.id.startsWith(`${group}/`);
    const flags = (r.primary ? 1 : 0) | (r.grouped ? 2 : 0) | (KIND[r.kind] << 2) | (DIR[r.direction] << 4) | (prefixed ? 64 : 0);
    const row: Row = [
      prefixed ? r.id.slice(group.length + 1) : r.id,
      groups.of(group),
      VERDICT_ORDER.indexOf(r.verdict),
      flags,
      units.of(r.unit),
      // a grouped check's src/dst hold its group's change, not a measured value: no value cells (nor sorting among them)
      r.grouped ? null : val(r.src),
      r.grouped ? null : val(r.dst),
      historyCells(r.history),
      nRefs ? columns.verdicts(index) : null,
      pct(r.change),
      pct(r.changeCi?.[0]),
      pct(r.changeCi?.[1]),
      pct(r.band?.[0]),
      pct(r.band?.[1]),
      r.pValue === undefined ? null : roundSignificant(r.pValue, 3),
      r.adjustedPValue === undefined ? null : roundSignificant(r.adjustedPValue, 3),
      pct(r.score),
      pct(r.tolerance),
      r.details,
      r.evidence.length ? evidence.of(r.evidence.join(', ')) : null,
      pct(r.modelBand?.[0]),
      pct(r.modelBand?.[1]),
      opts.smallFile ? null : partsText(r),
      opts.smallFile ? null : paramsCell(r, params, paramsOf),
    ];
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return {
    v: 1,
    charts: opts.withCharts && !opts.smallFile,
    small: opts.smallFile,
    builds: report.builds.map((b) => ({ name: b.name, role: b.role, build: buildLabel(b) })),
    verdicts: VERDICT_ORDER,
    verdictLabels: VERDICT_ORDER.map((v) => VERDICT_LABEL[v]),
    fields: ROW_FIELDS,
    groups: groups.items,
    units: units.items,
    evidence: evidence.items,
    params: params.items,
    rows,
  };
}
