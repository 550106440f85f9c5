// A one-shot iperf3 server (`iperf3 -s -1`) on a target: started on a free port (retried when taken), stopped after the sample.
import type { ExecResult, Target } from '../../runner/targets/types.js';
import { Iperf3Failure } from './parse.js';

/** How long a server may take to print "Server listening". */
const START_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

export interface RunningServer {
  port: number;
  /** Wait up to `graceMs` for the server to exit by itself (it serves one test), then stop it; returns its output. */
  stop(graceMs: number): Promise<string>;
}

/** A port in the dynamic range, away from iperf3's default 5201 that a system server may hold. */
const randomPort = (): number => 20000 + Math.floor(Math.random() * 40000);

type Ended = { result?: ExecResult; error?: unknown };

async function startOn(target: Target, port: number, signal: AbortSignal, maxSeconds: number): Promise<{ server?: RunningServer; output: string; inUse: boolean }> {
  const stopper = new AbortController();
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<'ready'>((resolve) => (markReady = () => resolve('ready')));
  const running: Promise<Ended> = target.transport
    .exec(['iperf3', '-s', '-1', '-p', String(port), '--forceflush'], {
      signal: AbortSignal.any([signal, stopper.signal]),
      reject: false,
      timeoutMs: maxSeconds * 1000,
      onStdout: (c) => ((output += c), /Server listening on/.test(output) && markReady()),
      onStderr: (c) => (output += c),
    })
    .then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS)));
  const first = await Promise.race([ready, running, timeout]);
  clearTimeout(timer);
  if (first === 'ready') {
    const stop = async (graceMs: number): Promise<string> => {
      let grace: NodeJS.Timeout | undefined;
      const late = await Promise.race([running, new Promise<'late'>((resolve) => (grace = setTimeout(() => resolve('late'), graceMs)))]);
      clearTimeout(grace);
      if (late === 'late') {
        stopper.abort(new Error('iperf3 server stopped'));
        await running;
      }
      return output;
    };
    return { server: { port, stop }, output, inUse: false };
  }
  stopper.abort(new Error('iperf3 server did not start'));
  const ended = first === 'timeout' ? await running : first;
  if (signal.aborted) throw signal.reason;
  if (ended.error) throw ended.error;
  return { output: output || (ended.result?.stderr ?? ''), inUse: /address already in use/i.test(output) };
}

/** Start `iperf3 -s -1` on `target`; with no fixed port, a taken port is retried on another. */
export async function startIperf3Server(target: Target, fixedPort: number | undefined, signal: AbortSignal, maxSeconds: number): Promise<RunningServer> {
  let last = '';
  for (let i = 0; i < (fixedPort === undefined ? PORT_ATTEMPTS : 1); i++) {
    const port = fixedPort ?? randomPort();
    const r = await startOn(target, port, signal, maxSeconds);
    if (r.server) return r.server;
    last = r.output.trim().split('\n').slice(-2).join(' | ');
    if (!r.inUse) break;
  }
  throw new Iperf3Failure(`iperf3 server on ${target.name} did not start${last ? `: ${last}` : ''}`);
}
