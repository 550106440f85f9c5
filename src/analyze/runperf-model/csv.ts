// analyze-perf's CSV (-c): primary checks × results, byte-compatible with run-perf (no final newline, trailing commas).
import { pyNumber } from '../py-format.js';
import { comparePy, sortedIds } from './training-data.js';
import type { TrainingData } from './training-data.js';

/** run-perf's placeholder for a check missing in a result. */
const MISSING = '-100';

/**
 * Header `test,"<name>",...` (names sorted, `,` and `"` replaced by `_`), then per primary check (sorted)
 * `\n<check>,` and `<value>,` per result: Python str() of the number, the error text as is, or -100.
 */
export function renderRunperfCsv(data: TrainingData): string {
  const order = data.results.map((name, index) => ({ name, index })).sort((a, b) => comparePy(a.name, b.name));
  const parts = ['test,' + order.map((o) => `"${o.name.replace(/[,"]/g, '_')}"`).join(',')];
  for (const id of sortedIds(data.checks.keys())) {
    const check = data.checks.get(id);
    if (!check?.primary) continue;
    parts.push(`\n${id},`);
    for (const { index } of order) {
      const v = check.values[index];
      parts.push(v === undefined ? MISSING : typeof v.value === 'string' ? v.value : pyNumber(v.value, v.isInt), ',');
    }
  }
  return parts.join('');
}
