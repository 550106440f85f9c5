// Distributed fio (client/server): one `fio --client` with a job file per worker against their fio servers; checked and aggregated by perfgate.
import { readdir, readFile, writeFile } from 'node:fs/promises';
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
import type { FioServer } from './servers.js';
import { clientSpec } from './servers.js';
import { makeDirs } from '../../make-dirs.js';

export type { FioServer, StartServerOptions } from './servers.js';
export { DEFAULT_FIO_PORT, FIO_SERVER_LABEL, labelledFioServer, probeTcp, runningFioServer, startFioServer, startFioServers, stopFioServers } from './servers.js';

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
  await makeDirs(outDir);
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
