// Parameters of the command workload, validated all at once (every problem reported with its name).
import { ConfigError } from '../../errors.js';
import type { Scalar } from '../../plugins/sweep.js';

export interface CommandParams {
  /** argv of the command; `{var}` placeholders are replaced by the values of `vars`. */
  command: string[];
  /** Values substituted into the command; a list sweeps (one iteration per combination). */
  vars: Record<string, Scalar | Scalar[]>;
  /** Runs (samples) per iteration. @default 3 */
  samples: number;
  /** Copies run at the same time in each sample; a list sweeps. @default 1 */
  parallel: number | number[];
  /** Kill a run after this many seconds. */
  timeout?: number;
  env: Record<string, string>;
  cwd?: string;
  /** Iteration-name prefix. @default the command's basename */
  name: string;
  /** Primary metric. @default the first number the command prints as JSON, else `wall_sec` */
  primary?: string;
  /** Expected seconds per sample, for --dry-run and the ETA. @default 1 */
  estimate: number;
  /** Metrics picked by dot-path from a command printing one JSON document, e.g. `{"iops_sec": "jobs.0.write.iops"}`. */
  metrics?: Record<string, string>;
}

const KNOWN = new Set(['command', 'vars', 'samples', 'parallel', 'timeout', 'env', 'cwd', 'name', 'primary', 'estimate', 'metrics']);

const isScalar = (v: unknown): v is Scalar => ['string', 'number', 'boolean'].includes(typeof v);
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/** Validate and default the raw JSON params; throws one ConfigError listing every problem. */
export function parseCommandParams(raw: Record<string, unknown>): CommandParams {
  const issues: string[] = [];
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) issues.push(`${k}: unknown parameter (known: ${[...KNOWN].join(', ')})`);
  const command = raw['command'];
  if (!Array.isArray(command) || command.length === 0 || !command.every((w) => typeof w === 'string')) {
    issues.push(`command: must be a non-empty argv array of strings, e.g. ["sh", "-c", "echo hi"]${typeof command === 'string' ? ' (a string is not split: commands are argv arrays)' : ''}`);
  }
  const vars = (raw['vars'] ?? {}) as Record<string, unknown>;
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) issues.push('vars: must be an object of values or lists of values');
  else for (const [k, v] of Object.entries(vars)) if (!(isScalar(v) || (Array.isArray(v) && v.length > 0 && v.every(isScalar)))) issues.push(`vars.${k}: must be a string, number, boolean or a non-empty list of them`);
  const samples = raw['samples'] ?? 3;
  if (!isPositiveInt(samples)) issues.push('samples: must be a positive integer');
  const parallel = raw['parallel'] ?? 1;
  if (!(isPositiveInt(parallel) || (Array.isArray(parallel) && parallel.length > 0 && parallel.every(isPositiveInt)))) issues.push('parallel: must be a positive integer or a list of them');
  const timeout = raw['timeout'];
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) issues.push('timeout: must be a positive number of seconds');
  const env = (raw['env'] ?? {}) as Record<string, unknown>;
  if (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string')) issues.push('env: must be an object of strings');
  for (const k of ['cwd', 'name', 'primary'] as const) if (raw[k] !== undefined && typeof raw[k] !== 'string') issues.push(`${k}: must be a string`);
  const estimate = raw['estimate'] ?? 1;
  if (!(typeof estimate === 'number' && estimate >= 0)) issues.push('estimate: must be a number of seconds');
  const metrics = raw['metrics'];
  if (metrics !== undefined && (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics) || Object.entries(metrics).some(([k, v]) => typeof v !== 'string' || /[./]/.test(k)))) {
    issues.push('metrics: must map metric names (without . or /) to dot-paths, e.g. {"iops_sec": "jobs.0.write.iops"}');
  }
  if (issues.length > 0) throw new ConfigError(`test 'command' has invalid parameters`, issues, 'see docs/run-perf.md#command');
  const argv = command as string[];
  const base = (argv[0] ?? 'command').split('/').pop() ?? 'command';
  return {
    command: argv,
    vars: vars as Record<string, Scalar | Scalar[]>,
    samples: samples as number,
    parallel: parallel as number | number[],
    timeout: timeout as number | undefined,
    env: env as Record<string, string>,
    cwd: raw['cwd'] as string | undefined,
    name: (raw['name'] as string | undefined) ?? base.replace(/[^A-Za-z0-9_+-]/g, '_'),
    primary: raw['primary'] as string | undefined,
    estimate: estimate as number,
    metrics: metrics as Record<string, string> | undefined,
  };
}
