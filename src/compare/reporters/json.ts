// Machine-readable report: the ComparisonReport as JSON (schemaVersion 1); non-finite numbers become null.
import type { CheckResult, ComparisonReport } from '../types.js';

/**
 * A reference's results leave out `history` (the values of every reference for that check): it is the same
 * array for every build, carried once by the destination's results. Repeating it made the file quadratic
 * in the number of builds (88 MB for 60 builds of 500 checks).
 */
function withoutHistory(r: CheckResult): Record<string, unknown> {
  const plain = typeof (r as { toJSON?: unknown }).toJSON === 'function' ? (r as unknown as { toJSON(): Record<string, unknown> }).toJSON() : { ...r };
  delete plain['history'];
  return plain;
}

export function renderJson(report: ComparisonReport): string {
  const slim = { ...report, builds: report.builds.map((b) => (b.role === 'reference' ? { ...b, results: b.results.map(withoutHistory) } : b)) };
  return JSON.stringify(slim, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
