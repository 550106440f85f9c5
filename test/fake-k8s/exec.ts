// WebSocket exec and port-forward for the fake API server, with the v4/v5 channel framing (0 stdin, 1 stdout, 2 stderr, 3 status, 255 close).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { WebSocket } from 'ws';
import type { Kubelet } from './kubelet.js';
import type { KObject } from './store.js';

/** Subprotocols the fake speaks, best first. v1–v3 (plain-text status) are not offered. */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const frame = (channel: number, data: Buffer | string) => Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : data]);

export interface ExecStats {
  /** Commands started through exec, as argv arrays (newest last). */
  commands: string[][];
}

/** Run `command` in the pod (a local process in the pod's directory and environment) and stream it over `ws`. */
export function serveExec(ws: WebSocket, pod: KObject, kubelet: Kubelet, url: URL, stats: ExecStats): void {
  const command = url.searchParams.getAll('command');
  const wantStdin = url.searchParams.get('stdin') === 'true';
  stats.commands.push(command);
  const sendStatus = (s: Record<string, unknown>) => {
    if (ws.readyState === ws.OPEN) ws.send(frame(3, JSON.stringify({ metadata: {}, ...s })));
    ws.close(1000);
  };
  if (command.length === 0) return sendStatus({ status: 'Failure', message: 'you must specify at least 1 command', reason: 'BadRequest', code: 400 });
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: kubelet.workDir(pod),
    env: kubelet.processEnv(pod),
    detached: true,
    stdio: [wantStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let finished = false;
  const killGroup = () => {
    if (finished || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  child.stdout?.on('data', (c: Buffer) => ws.readyState === ws.OPEN && ws.send(frame(1, c)));
  child.stderr?.on('data', (c: Buffer) => ws.readyState === ws.OPEN && ws.send(frame(2, c)));
  child.stdin?.on('error', () => undefined);
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  child.on('close', (code, signal) => {
    finished = true;
    if (spawnError) return sendStatus({ status: 'Failure', message: `failed to exec in container: ${spawnError.message}`, reason: 'InternalError', code: 500 });
    const signum = signal ? ({ SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGHUP: 1 } as Record<string, number>)[signal] : undefined;
    const exit = code ?? (signal ? 128 + (signum ?? 9) : 1);
    if (exit === 0) return sendStatus({ status: 'Success' });
    sendStatus({
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exit}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(exit) }] },
    });
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const buf = isBinary ? data : Buffer.from(data.toString());
    if (buf.length === 0) return;
    const channel = buf[0];
    if (channel === 0) child.stdin?.write(buf.subarray(1));
    else if (channel === 255 && buf[1] === 0 && ws.protocol === 'v5.channel.k8s.io') child.stdin?.end();
  });
  // Unlike a real kubelet (kubernetes-client/javascript#2532), closing the socket kills the command here.
  ws.on('close', killGroup);
}

/** Relay one port of the pod over `ws`: channel 0 data, channel 1 errors, each starting with the port (2 bytes LE). */
export function servePortForward(ws: WebSocket, pod: KObject, url: URL): void {
  const port = Number(url.searchParams.get('ports') ?? '');
  const portBytes = Buffer.from([port & 0xff, port >> 8]);
  ws.send(frame(0, portBytes));
  ws.send(frame(1, portBytes));
  const sock = connect({ host: pod.status?.podIP as string, port });
  const pending: Buffer[] = [];
  let open = false;
  sock.on('connect', () => {
    open = true;
    for (const b of pending.splice(0)) sock.write(b);
  });
  sock.on('data', (c: Buffer) => ws.readyState === ws.OPEN && ws.send(frame(0, c)));
  sock.on('error', (e) => {
    if (ws.readyState === ws.OPEN) ws.send(frame(1, `error forwarding port ${port} to pod ${pod.metadata.name}: ${e.message}`));
    ws.close(1000);
  });
  sock.on('close', () => ws.close(1000));
  ws.on('message', (data: Buffer) => {
    if (data[0] !== 0) return;
    const payload = data.subarray(1);
    if (open) sock.write(payload);
    else pending.push(payload);
  });
  ws.on('close', () => sock.destroy());
}
