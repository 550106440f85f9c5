// fio servers on workers: start `fio --server` (daemonized, pid file) through a worker's transport, adopt running ones, stop them.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { EnvironmentError } from '../../errors.js';
import type { Target } from '../../runner/targets/types.js';

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
  // dash rejects 'kill -TERM -- -PID' ("Illegal number"); '-s TERM' works in every POSIX sh
  'kill -s TERM -- "-$pid" 2>/dev/null || kill -s TERM "$pid" 2>/dev/null',
  'rm -f "$1"',
  // wait (up to 5 s) until it is gone, so its port is free when stop() returns; a zombie (state Z) counts as gone
  'i=0; while kill -0 "$pid" 2>/dev/null && [ "$(cut -d" " -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done',
  'exit 0',
].join('\n');

const serverSpec = (host: string, port: number) => `${host.includes(':') ? 'ip6' : 'ip'}:${host},${port}`;
/** How `fio --client=` names a server. */
export const clientSpec = (host: string, port: number) => `${host.includes(':') ? `ip6:${host}` : host},${port}`;

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
