// Builds small run-perf result trees in a tmp folder for the reader tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tmpRoot(prefix = 'perfgate-tree-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write files given as relative path → content (objects are written as JSON). */
export function writeTree(root: string, files: Record<string, string | object>): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  }
  return root;
}

/** One pbench-like iteration with `all` entries for the given metrics (throughput/iops_sec is the primary metric). */
export function iteration(name: string, metrics: Record<string, { mean: unknown; stddevpct: unknown; samples?: number[] }>) {
  const data: Record<string, Record<string, object[]>> = {};
  for (const [key, m] of Object.entries(metrics)) {
    const [workflow = '', metric = ''] = key.split('/');
    data[workflow] ??= {};
    const all: Record<string, unknown> = { client_hostname: 'all', role: 'aggregate', mean: m.mean, stddevpct: m.stddevpct };
    if (m.samples) all['samples'] = m.samples.map((value) => ({ value }));
    data[workflow][metric] = [{ client_hostname: '127.0.0.1-1', role: 'client', mean: 1, stddevpct: 1 }, all];
  }
  return {
    iteration_name: name,
    iteration_data: { parameters: { benchmark: [{ benchmark_name: 'fio', primary_metric: 'iops_sec', bs: '4k' }], user: [{ profile: 'Localhost' }] }, ...data },
  };
}

export const GOOD_RESULT = [
  iteration('read-4KiB', { 'throughput/iops_sec': { mean: 1000.5, stddevpct: 2, samples: [990, 1011] }, 'latency/clat': { mean: 250, stddevpct: 0.0 } }),
];
