// Parses run-perf's command line (`run-perf [options] -- TEST[:{json}] ...`), with run-perf's multi-value options.
import { UsageError } from '../errors.js';

export interface RunPerfArgs {
  tests: string[];
  profiles?: string[];
  hosts?: string[];
  output?: string;
  resume: boolean;
  metadata: string[];
  retryTests?: number;
  hostSetupScript?: string;
  /** --monitor iostat,vmstat,mpstat (comma-separated, repeatable). */
  monitors: string[];
  keepTmpFiles: boolean;
  /** --kubeconfig FILE (Kubernetes profile). */
  kubeconfig?: string;
  /** --keep: leave provisioned resources (e.g. Kubernetes workers) in place. */
  keep?: boolean;
  verbose: number;
  log?: string;
  dryRun: boolean;
  /** compare-perf --json report: re-run only the tests it found regressed or failed (for compare-perf --confirm). */
  rerunFailed?: string;
  /** With --rerun-failed: also re-run the tests the report marks `suspect` (the two-stage confirmation screen). */
  rerunSuspects?: boolean;
  config?: string;
  /** SSH: record unknown host keys instead of refusing them. */
  acceptNewHostKeys: boolean;
  /** SSH: accept any host key (explicit, insecure opt-in). */
  insecureSkipHostKeyCheck: boolean;
  knownHosts?: string;
  sshKey?: string;
  /** Name of the environment variable holding the SSH password (the password itself is never on the command line). */
  sshPasswordEnv?: string;
  sshUser?: string;
  help: boolean;
  version: boolean;
}

/** Options taking one or more values (run-perf's nargs='+'): they take words until the next option or `--`. */
const MULTI = { '--profiles': 'profiles', '--hosts': 'hosts', '--metadata': 'metadata' } as const;

export function parseRunPerfArgs(argv: readonly string[]): RunPerfArgs {
  const a: RunPerfArgs = { tests: [], resume: false, metadata: [], monitors: [], keepTmpFiles: false, verbose: 0, dryRun: false, acceptNewHostKeys: false, insecureSkipHostKeyCheck: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${word} needs a value`, 'see run-perf --help');
      return v;
    };
    if (word === '--') {
      a.tests.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') a.tests.push(word);
    else if (word in MULTI) {
      const key = MULTI[word as keyof typeof MULTI];
      const values: string[] = [];
      while (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('-')) values.push(argv[++i] ?? '');
      if (values.length === 0) throw new UsageError(`${word} needs at least one value`, key === 'metadata' ? 'e.g. --metadata build=123 project=x' : `e.g. ${word} ${key === 'hosts' ? 'localhost:127.0.0.1' : 'Localhost'}`);
      if (key === 'metadata') {
        for (const v of values) {
          if (!v.includes('=')) throw new UsageError(`--metadata '${v}' is not KEY=VALUE`, v.includes(':') ? '--metadata takes every following word: put -- before the tests, e.g. run-perf --metadata build=123 -- \'fio:{"runtime":10}\'' : 'e.g. --metadata build=123');
        }
        a.metadata.push(...values);
      } else a[key] = [...(a[key] ?? []), ...values];
    } else if (word === '--output') a.output = value();
    else if (word === '--resume') a.resume = true;
    else if (word === '--retry-tests') {
      const v = value();
      a.retryTests = Number(v);
      if (!Number.isInteger(a.retryTests) || a.retryTests < 1) throw new UsageError(`--retry-tests '${v}' must be an integer ≥ 1`, 'e.g. --retry-tests 3');
    } else if (word === '--host-setup-script') a.hostSetupScript = value();
    else if (word === '--keep-tmp-files') a.keepTmpFiles = true;
    else if (word === '--kubeconfig') a.kubeconfig = value();
    else if (word === '--keep') a.keep = true;
    else if (word === '--monitor') a.monitors.push(value());
    else if (/^-v+$/.test(word)) a.verbose += word.length - 1;
    else if (word === '--verbose') a.verbose++;
    else if (word === '--log') a.log = value();
    else if (word === '--dry-run') a.dryRun = true;
    else if (word === '--rerun-failed') a.rerunFailed = value();
    else if (word === '--rerun-suspects') a.rerunSuspects = true;
    else if (word === '--config') a.config = value();
    else if (word === '--accept-new-host-keys') a.acceptNewHostKeys = true;
    else if (word === '--insecure-skip-host-key-check') a.insecureSkipHostKeyCheck = true;
    else if (word === '--known-hosts') a.knownHosts = value();
    else if (word === '--ssh-key') a.sshKey = value();
    else if (word === '--ssh-user') a.sshUser = value();
    else if (word === '--ssh-password-env') {
      a.sshPasswordEnv = value();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.sshPasswordEnv)) throw new UsageError(`--ssh-password-env '${a.sshPasswordEnv}' must name an environment variable, not hold the password`, 'e.g. export PERF_PW=...; run-perf --ssh-password-env PERF_PW');
    } else if (word === '-h' || word === '--help') a.help = true;
    else if (word === '--version') a.version = true;
    else throw new UsageError(`unknown option ${word}`, 'see run-perf --help');
  }
  return a;
}

/** `./result_YYYYMMDD_HHMMSS` for a date (local time, as run-perf). */
export function defaultOutputName(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `result_${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
