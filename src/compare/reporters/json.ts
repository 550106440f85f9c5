// Machine-readable report: the ComparisonReport as JSON (schemaVersion 1); non-finite numbers become null.
import type { CheckResult, ComparisonReport } from '../types.js';

/**
 * A reference's results keep only what its report column shows (its value and its verdict against the
 * source): the details, evidence and the shared `history` array (every reference's value, carried once by
 * the destination's results) made the file quadratic in builds (88 MB for 60 builds of 500 checks).
 */
function referenceColumn(r: CheckResult): Record<string, unknown> {
  return { id: r.id, grouped: r.grouped, value: r.dst ?? null, change: r.change ?? null, score: r.score, verdict: r.verdict, status: r.status };
}

export function renderJson(report: ComparisonReport): string {
  const slim = { ...report, builds: report.builds.map((b) => (b.role === 'reference' ? { ...b, results: b.results.map(referenceColumn) } : b)) };
  return JSON.stringify(slim, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
