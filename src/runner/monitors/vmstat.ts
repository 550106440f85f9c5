// vmstat monitor: `vmstat -n N`; mean CPU busy % (100 − id) and I/O wait %; the first (since-boot) row is dropped.
import type { MonitorMetric, MonitorTool } from './types.js';
import { average } from './types.js';

export const vmstat: MonitorTool = {
  name: 'vmstat',
  binary: 'vmstat',
  file: 'vmstat.txt',
  argv: (interval) => ['vmstat', '-n', String(interval)],
  summarize(raw) {
    const lines = raw.split('\n').map((l) => l.trim().split(/\s+/));
    const header = lines.find((l) => l.includes('id') && l.includes('us'));
    if (!header) return {};
    const rows = lines.filter((l) => l.length === header.length && l.every((w) => /^\d+$/.test(w))).slice(1);
    const col = (name: string) => rows.map((r) => Number(r[header.indexOf(name)]));
    const out: Record<string, MonitorMetric> = {};
    if (rows.length === 0) return out;
    out['vmstat_cpu_busy_pct'] = { value: average(col('id').map((id) => 100 - id)), unit: '%' };
    if (header.includes('wa')) out['vmstat_iowait_pct'] = { value: average(col('wa')), unit: '%' };
    return out;
  },
};
