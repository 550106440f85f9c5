// Runs one command under /usr/bin/time and returns its wall time, CPU time (user + sys), peak RSS and exit status.
import { spawnSync } from 'node:child_process';

export interface ChildFigures {
  /** Wall-clock seconds as GNU time reports them (%e, 10 ms resolution) or measured here when finer. */
  wall: number;
  /** User + system CPU seconds of the child. */
  cpu: number;
  /** Peak resident set size in MB. */
  rssMb: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawn `argv` (no shell) under GNU time (`-f '%U %S %M'`). Wall time is taken around spawnSync
 * (includes /usr/bin/time's own few hundred microseconds).
 */
export function measureChild(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildFigures {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', ...argv], { encoding: 'utf8', maxBuffer: 256 << 20, cwd: options.cwd, env: options.env });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw r.error;
  const lines = r.stderr.trimEnd().split('\n');
  const last = lines.pop() ?? '';
  const m = /^TIME (\S+) (\S+) (\d+)$/.exec(last);
  if (!m) throw new Error(`no figures from /usr/bin/time (exit ${r.status}): ${r.stderr.slice(-1000)}`);
  return { wall, cpu: Number(m[1]) + Number(m[2]), rssMb: Number(m[3]) / 1024, status: r.status, stdout: r.stdout, stderr: lines.join('\n') };
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
