// The monitors run-perf knows (`--monitor iostat,vmstat,mpstat`) and the parsing of that list.
import { UsageError } from '../../errors.js';
import { iostat } from './iostat.js';
import { mpstat } from './mpstat.js';
import type { MonitorTool } from './types.js';
import { vmstat } from './vmstat.js';

export { MonitorSession } from './session.js';
export type { MonitorTool } from './types.js';

export const MONITORS: Readonly<Record<string, MonitorTool>> = { iostat, vmstat, mpstat };

/** `iostat,vmstat` (words may repeat or be split over several values) → the tools, in order, without duplicates. */
export function parseMonitorList(values: readonly string[]): MonitorTool[] {
  const names = [...new Set(values.flatMap((v) => v.split(',')).map((w) => w.trim()).filter((w) => w !== ''))];
  const unknown = names.filter((n) => !(n in MONITORS));
  if (unknown.length > 0) throw new UsageError(`unknown monitor ${unknown.map((u) => `'${u}'`).join(', ')}`, `choose from ${Object.keys(MONITORS).join(', ')}, e.g. --monitor iostat,mpstat`);
  return names.map((n) => MONITORS[n] as MonitorTool);
}
