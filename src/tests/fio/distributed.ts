// Distributed fio (client/server): start or adopt `fio --server` on workers, run one `fio --client` with a job file per worker, aggregate ourselves.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import type { Target } from '../../runner/targets/types.js';
import type { FioStats } from './aggregate.js';
import { mergeConcurrent, statsFromEntries } from './aggregate.js';
import { errorLines, FioRunError, findProblems } from './errors.js';
import type { FioEntry, FioOutput } from './parse.js';
import { FioOutputError, parseFioOutput, splitFioOutput } from './parse.js';
import type { LogFile } from './timeseries.js';
import { parseLogName } from './timeseries.js';

/**
 * Target label naming an already-running `fio --server` for that worker as `host,port` (reachable from the main
 * target). Kubernetes worker pods set it; perfgate then neither starts nor stops that server.
 */
export const FIO_SERVER_LABEL = 'perfgate.fio-server';
/** fio's default server port. */
export const DEFAULT_FIO_PORT = 8765;

/** A fio server a worker runs, as the client connects to it. */
export interface FioServer {
  readonly worker: Target;
  /** Host as given to `--client=` (fio reports it back as the entry's `hostname`). */
  readonly host: string;
  readonly port: number;
  /** True when perfgate started it (and `stop` kills it); false for servers adopted as already running. */
  readonly started: boolean;
  /** Stop the server (kills its process group on the worker); a no-op for adopted servers. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Port to listen on. @default 8765 */
  port?: number;
  /** Address the server binds and the client connects to. @default the worker's `address` */
  host?: string;
  /** fio binary on the worker. @default 'fio' */
  fio?: string;
  /** Folder on the worker for the pid file. @default '/tmp' */
  tmpDir?: string;
  signal?: AbortSignal;
  /** @default 30000 */
  timeoutMs?: number;
}

/** What a TCP connect from this process to host:port says: something listens, nothing listens, or no answer. */
export function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<'open' | 'refused' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (r: 'open' | 'refused' | 'unknown') => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done('unknown'));
    socket.once('connect', () => done('open'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : 'unknown'));
  });
}

/** Start script run on the worker (fixed text; values arrive as positional arguments, never interpolated). */
const START_SCRIPT = [
  '"$1" --server="$2" --daemonize="$3" || exit $?',
  'i=0; while [ ! -s "$3" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
  '[ -s "$3" ] || { echo "fio --server did not start (no pid file $3)" >&2; exit 1; }',
  'pid=$(cat "$3"); sleep 0.1',
  'kill -0 "$pid" 2>/dev/null || { echo "fio --server exited at once" >&2; exit 1; }',
  'echo "$pid"',
].join('\n');

/** Kill the daemonized server's process group (its connection and job children too), then remove the pid file. */
const STOP_SCRIPT = [
  'pid=$(cat "$1" 2>/dev/null) || exit 0',
  'kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null',
  'rm -f "$1"',
  // wait (up to 5 s) until it is gone, so its port is free when stop() returns; a zombie (state Z) counts as gone
  'i=0; while kill -0 "$pid" 2>/dev/null && [ "$(cut -d" " -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done',
  'exit 0',
].join('\n');

const serverSpec = (host: string, port: number) => `${host.includes(':') ? 'ip6' : 'ip'}:${host},${port}`;
const clientSpec = (host: string, port: number) => `${host.includes(':') ? `ip6:${host}` : host},${port}`;

/**
 * Start `fio --server` on a worker through its transport (`--daemonize` with a pid file, so it outlives the exec) and
 * wait until it runs. Refuses a port that already answers (two fio servers can share a port and split connections).
 */
export async function startFioServer(worker: Target, o: StartServerOptions = {}): Promise<FioServer> {
  const host = o.host ?? worker.address;
  const port = o.port ?? DEFAULT_FIO_PORT;
  const where = `${worker.name} (${host},${port})`;
  if ((await probeTcp(host, port, 500)) === 'open') {
    throw new EnvironmentError(`cannot start fio --server on ${where}: something already listens on that port`, { code: 'PERFGATE_FIO_SERVER_PORT_BUSY', hint: 'stop the old fio server or choose another "server-port"' });
  }
  const pidFile = `${o.tmpDir ?? '/tmp'}/perfgate-fio-server.${host.replace(/[^A-Za-z0-9.-]/g, '_')}.${port}.${randomBytes(4).toString('hex')}.pid`;
  const r = await worker.transport.exec(['sh', '-c', START_SCRIPT, 'sh', o.fio ?? 'fio', serverSpec(host, port), pidFile], { reject: false, signal: o.signal, timeoutMs: o.timeoutMs ?? 30_000 });
  if (r.failed) {
    const why = (r.stderr.trim().split('\n').slice(-2).join(' | ') || `exit ${r.exitCode ?? r.signal}`).trim();
    throw new EnvironmentError(`cannot start fio --server on ${where}: ${why}`, { code: 'PERFGATE_FIO_SERVER_START', hint: `check that fio is installed on ${worker.name} and that ${host} is one of its addresses` });
  }
  let stopped = false;
  const server: FioServer = {
    worker,
    host,
    port,
    started: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await worker.transport.exec(['sh', '-c', STOP_SCRIPT, 'sh', pidFile], { reject: false, timeoutMs: 15_000 });
    },
  };
  // the server answers 20–30 ms after launch; when this process can reach it, make sure it does before anyone connects
  for (let i = 0; i < 50 && (await probeTcp(host, port, 500)) === 'refused'; i++) await new Promise((r2) => setTimeout(r2, 100));
  return server;
}

/** A server that is already running (e.g. a Kubernetes pod's `fio --server`); perfgate will not stop it. */
export function runningFioServer(worker: Target, host: string, port: number = DEFAULT_FIO_PORT): FioServer {
  return { worker, host, port, started: false, stop: async () => undefined };
}

/** The adopted server a worker's FIO_SERVER_LABEL names (`host,port` or `host`), if any. */
export function labelledFioServer(worker: Target): FioServer | undefined {
  const value = worker.labels[FIO_SERVER_LABEL];
  if (!value) return undefined;
  const [host = '', port] = value.split(',');
  const p = port === undefined ? DEFAULT_FIO_PORT : Number(port);
  if (!host || !Number.isInteger(p) || p <= 0) throw new EnvironmentError(`worker ${worker.name}: label ${FIO_SERVER_LABEL}='${value}' is not host,port`, { code: 'PERFGATE_FIO_SERVER_LABEL', hint: 'write it as 10.0.0.5,8765' });
  return runningFioServer(worker, host, p);
}

/**
 * A server for every worker: adopt the one its FIO_SERVER_LABEL names, else start one (all in parallel). If any
 * start fails, the servers already started are stopped and the error is thrown.
 */
export async function startFioServers(workers: readonly Target[], o: StartServerOptions = {}): Promise<FioServer[]> {
  const results = await Promise.allSettled(workers.map((w) => labelledFioServer(w) ?? startFioServer(w, o)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await stopFioServers(servers);
    throw failed.reason;
  }
  return servers;
}

/** Stop every server perfgate started (adopted ones are left running). */
export async function stopFioServers(servers: readonly FioServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
}

export interface DistributedRunOptions {
  /** Target that runs `fio --client` (it needs fio, and network access to every server). */
  main: Target;
  servers: readonly FioServer[];
  /** Job file text per server, in the same order (a job file per worker: own data files and log names). */
  jobFiles: readonly string[];
  /** Local folder where the job files, raw fio JSON, logs and shipped-back per-interval logs of this run are kept. */
  outDir: string;
  /** Planned time-based runtime (s); shorter entries are reported as partial results. */
  runtimeSeconds?: number;
  /** @default 'fio' */
  fio?: string;
  signal?: AbortSignal;
  /** Kill the client after this long. @default none */
  timeoutMs?: number;
}

export interface WorkerResult {
  server: FioServer;
  /** This worker's entries (several with several job groups, or without group_reporting). */
  entries: FioEntry[];
  stats: FioStats;
  /** Per-interval logs fio shipped back for this worker's host (job files with write_*_log), kept in outDir. */
  logs: LogFile[];
}

export interface DistributedRunResult {
  workers: WorkerResult[];
  /** Sum of rates and merged histograms over all workers (never fio's "All clients"). */
  all: FioStats;
  output: FioOutput;
  /** The client command line as run (for logs). */
  command: string;
  durationMs: number;
}

/** Name of a file kept in outDir for a worker: its name made safe for a path. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_.+-]/g, '_');

interface ClientFiles {
  /** Job file paths on the main target. */
  paths: string[];
  /** fio's working folder on the main target: per-interval logs are shipped back into it. */
  cwd: string;
  /** Copy the shipped-back logs into outDir (remote main) and read them. */
  collectLogs: () => Promise<LogFile[]>;
  cleanup: () => Promise<void>;
}

async function readLogs(dir: string): Promise<LogFile[]> {
  const names = (await readdir(dir)).filter((n) => parseLogName(n)?.host);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

async function clientFiles(main: Target, outDir: string, servers: readonly FioServer[], jobFiles: readonly string[]): Promise<ClientFiles> {
  const local = await Promise.all(
    servers.map(async (s, i) => {
      const p = join(outDir, `${safe(s.worker.name)}.fio`);
      await writeFile(p, jobFiles[i] ?? '');
      return p;
    }),
  );
  if (main.transport.kind === 'local') return { paths: local, cwd: outDir, collectLogs: () => readLogs(outDir), cleanup: async () => undefined };
  const made = await main.transport.exec(['mktemp', '-d', '/tmp/perfgate-fio.XXXXXX']);
  const dir = made.stdout.trim();
  const paths = await Promise.all(
    local.map(async (p, i) => {
      const remote = `${dir}/${safe(servers[i]?.worker.name ?? String(i))}.fio`;
      await main.transport.copyTo(p, remote);
      return remote;
    }),
  );
  const collectLogs = async () => {
    const found = await main.transport.exec(['find', dir, '-maxdepth', '1', '-type', 'f', '-name', '*.log.*'], { reject: false });
    for (const remote of found.stdout.split('\n').filter((l) => l.trim() !== '')) await main.transport.copyFrom(remote, join(outDir, remote.slice(dir.length + 1)));
    return readLogs(outDir);
  };
  return { paths, cwd: dir, collectLogs, cleanup: async () => void (await main.transport.exec(['rm', '-rf', dir], { reject: false })) };
}

/**
 * Run one fio client against every server at once (`fio --output-format=json+ --client=A jobA --client=B jobB …`),
 * keep the raw output in outDir (`fio-client.json`, `fio-client.log`), and check it: a missing or failed client, a short
 * run, error chatter or a non-zero exit throw FioRunError listing every problem, even though fio often exits 0.
 */
export async function runDistributedFio(o: DistributedRunOptions): Promise<DistributedRunResult> {
  if (o.servers.length === 0) throw new EnvironmentError('distributed fio needs at least one fio server', { code: 'PERFGATE_FIO_NO_SERVERS' });
  if (o.jobFiles.length !== o.servers.length) throw new TypeError(`runDistributedFio: ${o.servers.length} servers but ${o.jobFiles.length} job files`);
  const outDir = resolve(o.outDir);
  await mkdir(outDir, { recursive: true });
  const files = await clientFiles(o.main, outDir, o.servers, o.jobFiles);
  // --output-format before the first --client: arguments after a --client are sent to that server
  const argv = [o.fio ?? 'fio', '--output-format=json+', ...o.servers.flatMap((s, i) => [`--client=${clientSpec(s.host, s.port)}`, files.paths[i] ?? ''])];
  const where = `${o.servers.map((s) => s.worker.name).join(', ')} (fio --client on ${o.main.name})`;
  let r;
  let logs: LogFile[] = [];
  try {
    r = await o.main.transport.exec(argv, { reject: false, signal: o.signal, timeoutMs: o.timeoutMs, cwd: files.cwd });
    logs = await files.collectLogs();
  } finally {
    await files.cleanup();
  }
  const stderrLines = r.stderr.split('\n');
  const chatter = splitFioOutput(r.stdout).chatter.join('\n');
  await writeFile(join(outDir, 'fio-client.log'), `$ ${r.command}\n# exit ${r.exitCode ?? r.signal}${r.timedOut ? ' (timed out)' : ''}\n${chatter}\n${r.stderr ? `--- stderr\n${r.stderr}` : ''}`);
  let output: FioOutput;
  try {
    output = parseFioOutput(r.stdout);
  } catch (e) {
    const problems = [...errorLines(stderrLines), ...(e instanceof FioOutputError ? [e.message] : [])];
    if (r.failed) problems.push(r.timedOut ? `fio --client timed out after ${o.timeoutMs} ms` : `fio --client exited with ${r.exitCode ?? r.signal}`);
    throw new FioRunError(where, problems.length ? problems : [(e as Error).message]);
  }
  await writeFile(join(outDir, 'fio-client.json'), output.json.endsWith('\n') ? output.json : `${output.json}\n`);
  const problems = [
    ...findProblems(output, { clients: o.servers.map((s) => ({ host: s.host, port: s.port, name: s.worker.name })), runtimeSeconds: o.runtimeSeconds }),
    ...errorLines(stderrLines).map((l) => `fio said: ${l}`),
  ];
  if (r.failed) problems.push(r.timedOut ? `fio --client timed out after ${o.timeoutMs} ms` : `fio --client exited with ${r.exitCode ?? r.signal}`);
  if (problems.length > 0) throw new FioRunError(where, [...new Set(problems)]);
  const workers = o.servers.map((server) => {
    const entries = output.entries.filter((e) => e.hostname === server.host && e.port === server.port);
    return { server, entries, stats: statsFromEntries(entries), logs: logs.filter((l) => parseLogName(l.name)?.host === server.host) };
  });
  return { workers, all: mergeConcurrent(workers.map((w) => w.stats)), output, command: r.command, durationMs: r.durationMs };
}
