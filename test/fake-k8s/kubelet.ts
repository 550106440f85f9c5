// The fake kubelet: runs each scheduled pod's container as a real local process on the pod's own loopback IP, probes readiness, restarts crashes.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { KObject, Store } from './store.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are free-form JSON */

export interface KubeletOptions {
  /** Folder holding one working directory per pod. */
  root: string;
  /** Second octet of the pods' 127.X.Y.Z addresses (distinct per fake server so parallel tests never collide). */
  ipOctet: number;
  /** Delay before a scheduled pod's container starts ("image pull"). */
  startDelayMs: number;
  /** First crash-loop back-off; doubles per restart up to 8×. */
  restartBackoffMs: number;
  /** Images that cannot be pulled (ErrImagePull → ImagePullBackOff). Images ending in `:missing` never pull either. */
  badImages: Set<string>;
  /** Record an Event about a pod. */
  event(pod: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

interface Running {
  child?: ChildProcess;
  deleting: boolean;
  restarts: number;
  timer?: NodeJS.Timeout;
  log: string;
  exited?: Promise<void>;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Kubernetes `$(VAR)` expansion of command and args; `$$(X)` stays a literal `$(X)`. */
export function expandVars(word: string, env: Readonly<Record<string, string>>): string {
  return word.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : name !== undefined && env[name] !== undefined ? env[name] : m));
}

export class Kubelet {
  private readonly pods = new Map<string, Running>();
  private nextIp = 0;
  private readonly ips = new Map<string, string>();
  private readonly store: Store;
  private readonly o: KubeletOptions;

  constructor(store: Store, options: KubeletOptions) {
    this.store = store;
    this.o = options;
  }

  /** The pod's loopback IP (allocated once per pod uid). */
  ipFor(pod: KObject): string {
    const key = pod.metadata.uid ?? pod.metadata.name;
    let ip = this.ips.get(key);
    if (!ip) {
      const n = this.nextIp++;
      ip = `127.${this.o.ipOctet}.${Math.floor(n / 240)}.${10 + (n % 240)}`;
      this.ips.set(key, ip);
    }
    return ip;
  }

  workDir(pod: KObject): string {
    return join(this.o.root, pod.metadata.namespace ?? 'default', pod.metadata.name);
  }

  /** The environment of the pod's main container (downward API resolved). */
  envFor(pod: KObject, container: any = pod.spec.containers[0]): Record<string, string> {
    const env: Record<string, string> = {};
    const field = (path: string): string => {
      const map: Record<string, string | undefined> = {
        'status.podIP': pod.status?.podIP,
        'status.hostIP': pod.status?.hostIP,
        'metadata.name': pod.metadata.name,
        'metadata.namespace': pod.metadata.namespace,
        'spec.nodeName': pod.spec.nodeName,
        'metadata.uid': pod.metadata.uid,
      };
      return map[path] ?? '';
    };
    for (const e of (container?.env ?? []) as any[]) {
      if (typeof e.value === 'string') env[e.name] = expandVars(e.value, env);
      else if (e.valueFrom?.fieldRef?.fieldPath) env[e.name] = field(e.valueFrom.fieldRef.fieldPath);
    }
    return env;
  }

  /** The process environment for commands in the pod: host PATH/HOME plus HOSTNAME and the container env. */
  processEnv(pod: KObject): NodeJS.ProcessEnv {
    return { PATH: process.env['PATH'], HOME: this.workDir(pod), HOSTNAME: pod.metadata.name, ...this.envFor(pod) };
  }

  isRunning(pod: KObject): boolean {
    return this.pods.get(this.key(pod))?.child !== undefined;
  }

  logs(pod: KObject): string {
    return this.pods.get(this.key(pod))?.log ?? '';
  }

  private key(pod: KObject): string {
    return `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
  }

  /** Start a scheduled pod: image pull, then the container process, then readiness. Idempotent. */
  start(pod: KObject): void {
    const key = this.key(pod);
    if (this.pods.has(key)) return;
    const r: Running = { deleting: false, restarts: 0, log: '' };
    this.pods.set(key, r);
    const container = pod.spec.containers[0];
    const image = String(container?.image ?? '');
    if (this.o.badImages.has(image) || image.endsWith(':missing')) {
      r.timer = setTimeout(() => this.pullFailed(pod, image), this.o.startDelayMs);
      return;
    }
    r.timer = setTimeout(() => this.run(pod, r), this.o.startDelayMs);
  }

  private pullFailed(pod: KObject, image: string): void {
    const msg = `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`;
    this.o.event(pod, 'Warning', 'Failed', msg);
    this.o.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
    this.setWaiting(pod, 'ImagePullBackOff', `Back-off pulling image "${image}"`, 0);
  }

  private setWaiting(pod: KObject, reason: string, message: string, restarts: number, lastExit?: number): void {
    this.store.mutate('pods', pod.metadata.namespace ?? '', pod.metadata.name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid) return;
      const c = p.spec.containers[0];
      p.status.containerStatuses = [
        {
          name: c.name,
          image: c.image,
          imageID: '',
          ready: false,
          started: false,
          restartCount: restarts,
          state: { waiting: { reason, message } },
          ...(lastExit === undefined ? {} : { lastState: { terminated: { exitCode: lastExit, reason: 'Error', finishedAt: now() } } }),
        },
      ];
      setCondition(p, 'Ready', 'False', 'ContainersNotReady');
      setCondition(p, 'ContainersReady', 'False', 'ContainersNotReady');
    });
  }

  private run(pod: KObject, r: Running): void {
    if (r.deleting) return;
    const current = this.store.get('pods', pod.metadata.namespace ?? '', pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    const c = current.spec.containers[0];
    const env = this.envFor(current, c);
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map((w: string) => expandVars(String(w), env));
    const dir = this.workDir(current);
    mkdirSync(dir, { recursive: true });
    for (const m of (c.volumeMounts ?? []) as any[]) if (typeof m.mountPath === 'string') mkdirSync(m.mountPath, { recursive: true });
    const child = spawn(argv[0] ?? 'true', argv.slice(1), { cwd: dir, env: this.processEnv(current), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    r.child = child;
    const keep = (chunk: Buffer) => (r.log = (r.log + chunk.toString()).slice(-65536));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let spawnError = '';
    child.on('error', (e) => (spawnError = e.message));
    r.exited = new Promise((resolve) => child.on('close', (code, signal) => (this.exited(current, r, code ?? (signal ? 137 : 1), spawnError), resolve())));
    this.store.mutate('pods', current.metadata.namespace ?? '', current.metadata.name, (p) => {
      p.status.phase = 'Running';
      p.status.startTime ??= now();
      p.status.containerStatuses = [
        { name: c.name, image: c.image, imageID: `fake.perfgate.io/${c.image}@sha256:0`, containerID: `fake://${child.pid}`, ready: false, started: true, restartCount: r.restarts, state: { running: { startedAt: now() } } },
      ];
      setCondition(p, 'Initialized', 'True');
    });
    if (r.restarts === 0) this.o.event(current, 'Normal', 'Started', `Started container ${c.name}`);
    void this.probe(current, r, child);
  }

  private async probe(pod: KObject, r: Running, child: ChildProcess): Promise<void> {
    const probe = pod.spec.containers[0]?.readinessProbe;
    const port = probe?.tcpSocket?.port;
    const ip = pod.status?.podIP ?? this.ipFor(pod);
    let attempts = 0;
    for (;;) {
      if (r.child !== child || r.deleting) return;
      // a real kubelet probes every periodSeconds; every 200 ms keeps tests quick without a connect storm on 200 fio servers
      await new Promise((res) => setTimeout(res, attempts++ === 0 ? 30 : 200));
      if (typeof port !== 'number' || (await tcpOpen(ip, port))) break;
    }
    if (r.child !== child || r.deleting) return;
    this.store.mutate('pods', pod.metadata.namespace ?? '', pod.metadata.name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid) return;
      const s = p.status.containerStatuses?.[0];
      if (s) s.ready = true;
      setCondition(p, 'ContainersReady', 'True');
      setCondition(p, 'Ready', 'True');
    });
  }

  private exited(pod: KObject, r: Running, code: number, spawnError: string): void {
    r.child = undefined;
    if (r.deleting) return;
    r.restarts++;
    const c = pod.spec.containers[0];
    if (spawnError) this.o.event(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${spawnError}`);
    this.o.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}`);
    this.setWaiting(pod, 'CrashLoopBackOff', `back-off restarting failed container ${c.name} in pod ${pod.metadata.name}`, r.restarts, code);
    const delay = this.o.restartBackoffMs * 2 ** Math.min(r.restarts - 1, 3);
    r.timer = setTimeout(() => this.run(pod, r), delay);
  }

  /** Kill the container process as if it crashed (the pod restarts it after the back-off). */
  crash(pod: KObject): boolean {
    const r = this.pods.get(this.key(pod));
    if (!r?.child?.pid) return false;
    try {
      process.kill(-r.child.pid, 'SIGKILL');
    } catch {
      return false;
    }
    return true;
  }

  /** Stop a pod for deletion: SIGTERM the process group, SIGKILL after `graceMs`. Resolves once it is gone. */
  async stop(pod: KObject, graceMs: number): Promise<void> {
    const key = this.key(pod);
    const r = this.pods.get(key);
    if (!r) return;
    r.deleting = true;
    if (r.timer) clearTimeout(r.timer);
    const pid = r.child?.pid;
    if (pid !== undefined && r.exited) {
      const kill = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          /* already gone */
        }
      };
      kill('SIGTERM');
      const t = setTimeout(() => kill('SIGKILL'), graceMs);
      await r.exited;
      clearTimeout(t);
      kill('SIGKILL');
    }
    this.pods.delete(key);
  }

  async stopAll(): Promise<void> {
    const pods = [...this.pods.keys()];
    await Promise.all(
      pods.map(async (key) => {
        const r = this.pods.get(key);
        if (!r) return;
        r.deleting = true;
        if (r.timer) clearTimeout(r.timer);
        if (r.child?.pid !== undefined) {
          try {
            process.kill(-r.child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
          await r.exited;
        }
        this.pods.delete(key);
      }),
    );
  }
}

export function setCondition(p: KObject, type: string, status: 'True' | 'False', reason?: string): void {
  p.status.conditions ??= [];
  const conds = p.status.conditions as any[];
  const c = conds.find((x) => x.type === type);
  if (c) {
    if (c.status !== status) c.lastTransitionTime = now();
    c.status = status;
    if (reason) c.reason = reason;
    else delete c.reason;
  } else conds.push({ type, status, lastProbeTime: null, lastTransitionTime: now(), ...(reason ? { reason } : {}) });
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(500, () => done(false));
  });
}
