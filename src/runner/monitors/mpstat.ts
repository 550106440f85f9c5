// mpstat monitor: `mpstat -P ALL -o JSON N`; mean busy % of all CPUs and of the busiest CPU (single-thread saturation).
import { sysstatStatistics } from './sysstat-json.js';
import type { MonitorMetric, MonitorTool } from './types.js';
import { average } from './types.js';

export const mpstat: MonitorTool = {
  name: 'mpstat',
  binary: 'mpstat',
  file: 'mpstat.json',
  argv: (interval) => ['mpstat', '-P', 'ALL', '-o', 'JSON', String(interval)],
  summarize(raw) {
    const all: number[] = [];
    const perCpu = new Map<string, number[]>();
    for (const stat of sysstatStatistics(raw)) {
      const loads = Array.isArray(stat['cpu-load']) ? (stat['cpu-load'] as Record<string, unknown>[]) : [];
      for (const l of loads) {
        if (typeof l['idle'] !== 'number') continue;
        const busy = 100 - l['idle'];
        if (l['cpu'] === 'all') all.push(busy);
        else perCpu.set(String(l['cpu']), [...(perCpu.get(String(l['cpu'])) ?? []), busy]);
      }
    }
    const out: Record<string, MonitorMetric> = {};
    if (all.length > 0) out['mpstat_busy_pct'] = { value: average(all), unit: '%' };
    if (perCpu.size > 0) out['mpstat_max_cpu_busy_pct'] = { value: Math.max(...[...perCpu.values()].map(average)), unit: '%' };
    return out;
  },
};
