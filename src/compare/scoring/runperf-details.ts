// run-perf's one-line check message: labelled sections of sub-results, sources, destination value and tolerance.
import { pyFixed } from '../../analyze/py-format.js';
import { RunperfStatus } from '../types.js';
import type { ScoreRecord } from './record.js';
import { partLabel, recordTexts } from './record.js';

type Label = 'GOOD' | 'BIG' | 'SMALL';

/** Section order by status (spec §4.4): failures lead with the failing label. */
function sectionOrder(status: number): Label[] {
  if (status === RunperfStatus.FAIL_GAIN) return ['BIG', 'GOOD', 'SMALL'];
  if (status === RunperfStatus.FAIL_LOSS) return ['SMALL', 'GOOD', 'BIG'];
  return ['GOOD', 'BIG', 'SMALL'];
}

/** e.g. `SMALL raw -7.89% (183743.17; 169245.372881356) +-5% tolerance`. */
export function runperfDetails(rec: ScoreRecord): string {
  const sections: string[] = [];
  if (rec.errors.length > 0) sections.push(`ERROR  ${rec.errors.join(', ')}`);
  const byLabel = new Map<Label, string[]>();
  for (const p of rec.parts) {
    const label = partLabel(p.diff, rec.tolerance);
    const list = byLabel.get(label) ?? [];
    list.push(`${p.name} ${pyFixed(p.diff, 2)}%`);
    byLabel.set(label, list);
  }
  for (const label of sectionOrder(rec.status)) {
    const entries = byLabel.get(label);
    if (entries) sections.push(`${label} ${entries.join(', ')}`);
  }
  const texts = recordTexts(rec);
  return `${sections.join(' ')} (${texts.sources.join('/')}; ${texts.dst}) +-${rec.toleranceText}% tolerance`;
}

/** Console label of a status: PASS, FAIL or `ERR ` (4 characters). */
export function runperfLabel(status: number): string {
  if (status === RunperfStatus.PASS || status === RunperfStatus.MINOR_GAIN || status === RunperfStatus.MINOR_LOSS) return 'PASS';
  if (status === RunperfStatus.FAIL_LOSS) return 'FAIL';
  return 'ERR ';
}

/** The log line run-perf prints for a record, with its `%(levelname)-5s| ` prefix. */
export function runperfLogLine(rec: ScoreRecord | { id: string; score: number; status: number; details: string }): string {
  const details = 'details' in rec ? rec.details : runperfDetails(rec);
  const level = rec.status >= 0 ? 'INFO ' : 'ERROR';
  return `${level}| ${runperfLabel(rec.status)}: ${rec.id} ${pyFixed(rec.score, 2)} (${details})`;
}
