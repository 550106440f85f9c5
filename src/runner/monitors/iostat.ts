// iostat monitor: `iostat -dxy -o JSON N`; per active device, mean %util and mean await (ms, weighted by reads/writes).
import { sysstatStatistics } from './sysstat-json.js';
import type { MonitorMetric, MonitorTool } from './types.js';
import { average, safeName } from './types.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** Loop and RAM disks and device-mapper nodes mirror real devices or are noise; they are left out. */
const IGNORED = /^(loop|ram|zram)\d+$/;

export const iostat: MonitorTool = {
  name: 'iostat',
  binary: 'iostat',
  file: 'iostat.json',
  argv: (interval) => ['iostat', '-dxy', '-o', 'JSON', String(interval)],
  summarize(raw) {
    const perDevice = new Map<string, { util: number[]; await: number[]; ios: number }>();
    for (const stat of sysstatStatistics(raw)) {
      const disks = Array.isArray(stat['disk']) ? (stat['disk'] as Record<string, unknown>[]) : [];
      for (const d of disks) {
        const name = String(d['disk_device'] ?? '');
        if (name === '' || IGNORED.test(name)) continue;
        const e = perDevice.get(name) ?? { util: [], await: [], ios: 0 };
        const r = num(d['r/s']);
        const w = num(d['w/s']);
        e.util.push(num(d['util']));
        if (r + w > 0) e.await.push((r * num(d['r_await']) + w * num(d['w_await'])) / (r + w));
        e.ios += r + w;
        perDevice.set(name, e);
      }
    }
    const out: Record<string, MonitorMetric> = {};
    for (const [name, e] of perDevice) {
      if (e.ios === 0) continue; // idle during the whole sample
      out[`iostat_${safeName(name)}_util_pct`] = { value: average(e.util), unit: '%' };
      if (e.await.length > 0) out[`iostat_${safeName(name)}_await_ms`] = { value: average(e.await), unit: 'ms' };
    }
    return out;
  },
};
