// fio per-interval logs (write_iops_log/bw/lat with log_avg_msec) → pbench `timeseries` points per metric.

export interface SeriesPoint {
  /** ms since the job started, rounded to the logging interval (pbench's `date`). */
  date: number;
  value: number;
}

export type LogKind = 'iops' | 'bw' | 'clat' | 'lat' | 'slat';

export interface LogFile {
  /** File name, e.g. `w1_iops.2.log` (standalone) or `w1_iops.2.log.10.0.0.5` (shipped back in client mode). */
  name: string;
  text: string;
}

interface LogName {
  prefix: string;
  kind: LogKind;
  job: number;
  host: string;
}

/** Parse `<prefix>_<kind>.<job>.log[.<host>]`; undefined for other files. */
export function parseLogName(name: string): LogName | undefined {
  const m = /^(.+)_(iops|bw|clat|lat|slat)\.(\d+)\.log(?:\.(.+))?$/.exec(name);
  if (!m) return undefined;
  return { prefix: m[1] as string, kind: m[2] as LogKind, job: Number(m[3]), host: m[4] ?? '' };
}

interface LogLine {
  time: number;
  value: number;
  /** 0 read, 1 write, 2 trim. */
  dir: number;
}

/** Lines `time_ms, value, direction, block size, offset[, priority]`; malformed lines are skipped. */
export function parseFioLog(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    const [t, v, d] = line.split(',').map((s) => Number(s.trim()));
    if (t !== undefined && v !== undefined && Number.isFinite(t) && Number.isFinite(v)) out.push({ time: t, value: v, dir: d !== undefined && Number.isFinite(d) ? d : 0 });
  }
  return out;
}

/** Metric fed by each log kind, and how intervals of several jobs combine (rates add, latencies average). */
const KINDS: Readonly<Record<LogKind, { metric: string; sum: boolean; scale: number }>> = {
  iops: { metric: 'iops_sec', sum: true, scale: 1 },
  bw: { metric: 'MiB_sec', sum: true, scale: 1 / 1024 }, // fio logs bandwidth in KiB/s
  clat: { metric: 'clat', sum: false, scale: 1 },
  lat: { metric: 'lat', sum: false, scale: 1 },
  slat: { metric: 'slat', sum: false, scale: 1 },
};

/**
 * Series per metric over every log given (jobs, directions and hosts that ran together): per interval, rates are
 * summed; latencies are averaged weighted by the same job's, direction's and host's IOPS in that interval (equal
 * weights without an IOPS log). Intervals are keyed by time rounded to `avgMs`, since fio logs at 1000, 2001, 3000 ….
 */
export function seriesFromLogs(files: readonly LogFile[], avgMs: number): Record<string, SeriesPoint[]> {
  const bucket = (t: number) => Math.round(t / avgMs) * avgMs;
  const parsed = files.flatMap((f) => {
    const n = parseLogName(f.name);
    return n ? [{ ...n, lines: parseFioLog(f.text) }] : [];
  });
  const weight = new Map<string, number>();
  for (const p of parsed.filter((x) => x.kind === 'iops')) for (const l of p.lines) weight.set(`${p.prefix}|${p.host}|${p.job}|${l.dir}|${bucket(l.time)}`, l.value);
  const out: Record<string, SeriesPoint[]> = {};
  for (const kind of Object.keys(KINDS) as LogKind[]) {
    const { metric, sum, scale } = KINDS[kind];
    const acc = new Map<number, { total: number; weights: number }>();
    for (const p of parsed.filter((x) => x.kind === kind)) {
      for (const l of p.lines) {
        const b = bucket(l.time);
        const w = sum ? 1 : (weight.get(`${p.prefix}|${p.host}|${p.job}|${l.dir}|${b}`) ?? 1);
        const a = acc.get(b) ?? { total: 0, weights: 0 };
        a.total += l.value * scale * w;
        a.weights += w;
        acc.set(b, a);
      }
    }
    if (acc.size === 0) continue;
    out[metric] = [...acc.entries()].sort((x, y) => x[0] - y[0]).map(([date, a]) => ({ date, value: sum ? a.total : a.weights === 0 ? 0 : a.total / a.weights }));
  }
  return out;
}
