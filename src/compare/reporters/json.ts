// Machine-readable report: the ComparisonReport as JSON (schemaVersion 1); non-finite numbers become null.

export function renderJson(report: unknown): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
