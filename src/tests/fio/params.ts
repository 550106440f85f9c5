// Parameters of the fio test, with run-perf/pbench-fio names; lists (JSON arrays or "a,b" strings) sweep. All problems reported at once.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { Scalar } from '../../plugins/sweep.js';

export const TEST_TYPES = ['read', 'write', 'rw', 'randread', 'randwrite', 'randrw'] as const;

export interface FioParams {
  /** fio `rw` values, one iteration each; empty with a job file and no explicit test-types. @default read,write,rw */
  testTypes: string[];
  /** Block sizes in KiB, one iteration each; empty with a job file and no explicit block-sizes. @default 4,64,1024 */
  blockSizes: number[];
  /** Further swept or fixed fio options (iodepth, numjobs, ioengine, direct, size, raw fio-options); lists sweep. */
  options: Record<string, Scalar | Scalar[]>;
  /** Seconds of measured run per sample. @default 180 */
  runtime: number;
  /** Seconds of warm-up before measuring. @default 10 */
  ramptime: number;
  /** fio runs per iteration. @default 3 */
  samples: number;
  /** Directories, files or devices; one job section each. Undefined with a job file and no explicit targets. @default ['/var/tmp'] */
  targets?: string[];
  /** A user job file appended after perfgate's [global] section (its own sections and options win). */
  jobFile?: { path: string; text: string; name: string };
  /** `auto`: client/server with several workers (or labelled fio servers), else fio on each worker. @default auto */
  mode: 'auto' | 'standalone' | 'client-server';
  /** Port of the fio servers perfgate starts. @default 8765 */
  serverPort: number;
  /** fio binary on the targets. @default fio */
  fio: string;
  /** Interval of fio's iops/bw/lat logs kept as time series (ms); 0 turns them off. @default 1000 */
  logAvgMsec: number;
  /** Last per-interval IOPS values judged for steady state (SNIA PTS window, in log-avg-msec intervals). @default 5 */
  steadyStateWindow: number;
  /** Write each iteration's data files once sequentially (rw=write, bs=1M) before its first sample. @default false */
  prefill: boolean;
  /** Kill a fio run after this many seconds. @default max(600, 3 × (runtime + ramptime)) */
  timeout: number;
}

const KNOWN = ['test-types', 'type', 'block-sizes', 'iodepth', 'numjobs', 'runtime', 'ramptime', 'samples', 'targets', 'file-size', 'ioengine', 'direct', 'sync', 'rate-iops', 'fio-options', 'job-file', 'mode', 'server-port', 'fio', 'timeout', 'log-avg-msec', 'steady-state-window', 'prefill'];

/** Booleans as JSON values or run-perf strings. */
const YES: readonly unknown[] = [true, 1, 'true', '1', 'yes'];
const NO: readonly unknown[] = [false, 0, 'false', '0', 'no', ''];

/** `[1, 2]`, `"1,2"`, `4` or `"4"` → a list of trimmed strings. */
function list(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map((x) => String(x).trim());
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim());
  return undefined;
}

const isNum = (s: string) => /^\d+(\.\d+)?$/.test(s);

interface Collector {
  issues: string[];
}

function numbers(raw: Record<string, unknown>, key: string, c: Collector, o: { positive?: boolean; integer?: boolean } = {}): number[] | undefined {
  if (raw[key] === undefined) return undefined;
  const l = list(raw[key]);
  const bad = !l || l.length === 0 || l.some((s) => !isNum(s) || (o.integer && !/^\d+$/.test(s)) || (o.positive && Number(s) <= 0));
  if (bad) {
    c.issues.push(`${key}: must be a ${o.positive ? 'positive ' : ''}${o.integer ? 'integer' : 'number'} or a list of them (JSON array or "a,b"), got ${JSON.stringify(raw[key])}`);
    return undefined;
  }
  return (l as string[]).map(Number);
}

function one(raw: Record<string, unknown>, key: string, c: Collector, fallback: number, o: { integer?: boolean; positive?: boolean } = {}): number {
  const v = numbers(raw, key, c, o);
  if (v && v.length > 1) c.issues.push(`${key}: takes one value, not a list`);
  return v?.[0] ?? fallback;
}

const sweepValue = (v: (string | number)[]): Scalar | Scalar[] => (v.length === 1 ? (v[0] as Scalar) : v);

/** Validate and default the raw JSON params (strings as run-perf passes them, or JSON values). Throws one ConfigError. */
export function parseFioParams(raw: Record<string, unknown>, projectDir: string): FioParams {
  const c: Collector = { issues: [] };
  for (const k of Object.keys(raw)) if (!k.startsWith('__') && !KNOWN.includes(k)) c.issues.push(`${k}: unknown parameter (known: ${KNOWN.join(', ')}; raw fio options go in "fio-options")`);
  let jobFile: FioParams['jobFile'];
  if (raw['job-file'] !== undefined) {
    if (typeof raw['job-file'] !== 'string' || raw['job-file'] === '') c.issues.push('job-file: must be the path of a fio job file');
    else {
      const path = isAbsolute(raw['job-file']) ? raw['job-file'] : resolve(projectDir, raw['job-file']);
      try {
        const name = (path.split('/').pop() ?? 'job').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_+-]/g, '_');
        jobFile = { path, text: readFileSync(path, 'utf8'), name };
      } catch (e) {
        c.issues.push(`job-file: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
  }
  const typesRaw = raw['test-types'] ?? raw['type'];
  const testTypes = typesRaw === undefined ? (jobFile ? [] : ['read', 'write', 'rw']) : (list(typesRaw) ?? []);
  const badType = testTypes.find((t) => !(TEST_TYPES as readonly string[]).includes(t));
  if (typesRaw !== undefined && (testTypes.length === 0 || badType !== undefined)) c.issues.push(`test-types: '${badType ?? ''}' is not one of ${TEST_TYPES.join(', ')}`);
  const blockSizes = numbers(raw, 'block-sizes', c, { positive: true, integer: true }) ?? (jobFile ? [] : [4, 64, 1024]);
  const options: Record<string, Scalar | Scalar[]> = {};
  const iodepth = numbers(raw, 'iodepth', c, { positive: true, integer: true });
  const numjobs = numbers(raw, 'numjobs', c, { positive: true, integer: true });
  const fileSize = numbers(raw, 'file-size', c, { positive: true });
  const direct = raw['direct'] === undefined ? undefined : list(raw['direct']);
  if (direct && direct.some((d) => !['0', '1', 'true', 'false'].includes(d))) c.issues.push('direct: must be 0 or 1 (or a list of them)');
  const ioengine = raw['ioengine'] === undefined ? undefined : list(raw['ioengine']);
  if (ioengine && ioengine.some((e) => !/^[A-Za-z0-9_:-]+$/.test(e))) c.issues.push('ioengine: must be fio ioengine names');
  const defaults = !jobFile;
  if (ioengine ?? defaults) options['ioengine'] = sweepValue(ioengine ?? ['libaio']);
  if (direct ?? defaults) options['direct'] = sweepValue((direct ?? ['1']).map((d) => (d === 'true' ? 1 : d === 'false' ? 0 : Number(d))));
  if (iodepth ?? defaults) options['iodepth'] = sweepValue(iodepth ?? [32]);
  if (numjobs ?? defaults) options['numjobs'] = sweepValue(numjobs ?? [1]);
  if (fileSize ?? defaults) options['size'] = sweepValue((fileSize ?? [1024]).map((m) => `${m}m`));
  if (raw['sync'] !== undefined) options['sync'] = sweepValue(numbers(raw, 'sync', c, { integer: true }) ?? []);
  if (raw['rate-iops'] !== undefined) options['rate_iops'] = sweepValue(numbers(raw, 'rate-iops', c, { positive: true, integer: true }) ?? []);
  const fo = raw['fio-options'];
  if (fo !== undefined) {
    if (fo === null || typeof fo !== 'object' || Array.isArray(fo)) c.issues.push('fio-options: must be an object of fio options, e.g. {"rwmixread": 70, "norandommap": true}');
    else {
      for (const [k, v] of Object.entries(fo as Record<string, unknown>)) {
        const scalar = (x: unknown): x is Scalar => ['string', 'number', 'boolean'].includes(typeof x);
        if (!/^[A-Za-z0-9_]+$/.test(k)) c.issues.push(`fio-options.${k}: not a fio option name`);
        else if (!(scalar(v) || v === null || (Array.isArray(v) && v.length > 0 && v.every(scalar)))) c.issues.push(`fio-options.${k}: must be a value, null (a flag) or a non-empty list of values to sweep`);
        else if (typeof v === 'string' && /[\r\n\0]/.test(v)) c.issues.push(`fio-options.${k}: must be one line`);
        else options[k] = v === null ? true : (v as Scalar | Scalar[]);
      }
    }
  }
  const targets = raw['targets'] === undefined ? (jobFile ? undefined : ['/var/tmp']) : list(raw['targets'])?.filter((t) => t !== '');
  if (raw['targets'] !== undefined && (!targets || targets.length === 0 || targets.some((t) => !isAbsolute(t) || /[\r\n\0]/.test(t)))) c.issues.push('targets: must be absolute paths of directories, files or devices ("a,b" or a list)');
  if (jobFile && targets && targets.length > 1) c.issues.push('targets: with a job-file, give at most one target (it becomes directory= or filename= in [global])');
  const runtime = one(raw, 'runtime', c, 180, { positive: true, integer: true });
  const ramptime = one(raw, 'ramptime', c, 10, { integer: true });
  const samples = one(raw, 'samples', c, 3, { positive: true, integer: true });
  const serverPort = one(raw, 'server-port', c, 8765, { positive: true, integer: true });
  const timeout = one(raw, 'timeout', c, Math.max(600, 3 * (runtime + ramptime)), { positive: true });
  const logAvgMsec = one(raw, 'log-avg-msec', c, 1000, { integer: true });
  const steadyStateWindow = one(raw, 'steady-state-window', c, 5, { positive: true, integer: true });
  if (steadyStateWindow < 2) c.issues.push('steady-state-window: must be at least 2 intervals (SNIA PTS uses 5)');
  const prefillRaw = raw['prefill'] ?? false;
  const prefill = YES.includes(prefillRaw);
  if (!prefill && !NO.includes(prefillRaw)) c.issues.push(`prefill: must be true or false, got ${JSON.stringify(prefillRaw)}`);
  if (prefill && jobFile) c.issues.push('prefill: not available with a job-file (its own sections decide the data files); add a sequential write job with stonewall to the job file instead');
  const mode = raw['mode'] ?? 'auto';
  if (!['auto', 'standalone', 'client-server'].includes(String(mode))) c.issues.push('mode: must be auto, standalone or client-server');
  const fio = raw['fio'] ?? 'fio';
  if (typeof fio !== 'string' || fio === '') c.issues.push('fio: must be the fio binary name or path');
  if (c.issues.length > 0) throw new ConfigError(`test 'fio' has invalid parameters`, c.issues, 'see docs/fio.md');
  return { testTypes, blockSizes, options, runtime, ramptime, samples, targets, jobFile, mode: mode as FioParams['mode'], serverPort, fio: fio as string, timeout, logAvgMsec, steadyStateWindow, prefill };
}
