// A fake Kubernetes API server speaking the real HTTP + WebSocket protocol (as used by @kubernetes/client-node and kubectl), for tests.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { Cluster } from './cluster.js';
import type { ExecStats } from './exec.js';
import { CHANNEL_PROTOCOLS, serveExec, servePortForward } from './exec.js';
import { Kubelet } from './kubelet.js';
import { applyPatch } from './patch.js';
import type { ResourceInfo } from './resources.js';
import { alreadyExists, apiGroupList, notFound, resourceInfo, resourceList, status } from './resources.js';
import type { KObject, ListQuery } from './store.js';
import { Store } from './store.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are free-form JSON */

export interface FakeK8sOptions {
  /** Bearer token the fake expects when a client sends one (kubectl over http sends none; that is accepted). */
  token?: string;
  /** Delay before a scheduled pod's container starts. */
  startDelayMs?: number;
  restartBackoffMs?: number;
  /** Fake nodes (default 3). */
  nodes?: number;
  /** Storage classes the fake provisions from (default `standard`, the default class, and `fast`). */
  storageClasses?: string[];
}

export interface AuthzRecord {
  group: string;
  resource: string;
  verb: string;
  namespace: string;
}

export interface FakeK8s {
  url: string;
  port: number;
  store: Store;
  /** Scenario hooks. Pods whose name ends with a key stay Pending with the value as their FailedScheduling event. */
  stuckPending: Map<string, string>;
  badImages: Set<string>;
  exec: ExecStats;
  /** Every resource request as RBAC sees it: API group, resource (with subresource), verb, namespace. */
  requests: AuthzRecord[];
  /** RBAC scenario: requests matching `"<verb> <resource>"` (e.g. `create statefulsets`) get 403 Forbidden. */
  forbid: Set<string>;
  /** Kill a pod's container process as if it crashed; the fake kubelet restarts it after the back-off. */
  crashPod(namespace: string, name: string): boolean;
  /** Drop every new connection (and the open ones) while true. */
  setUnreachable(on: boolean): void;
  /** A kubeconfig object for `KubeConfig.loadFromOptions`. */
  kubeconfig(namespace?: string): Record<string, unknown>;
  /** Write a kubeconfig file (JSON is valid YAML) and return its path. */
  writeKubeconfig(dir: string, namespace?: string): string;
  close(): Promise<void>;
}

const send = (res: ServerResponse, code: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

interface Route {
  info: ResourceInfo;
  namespace: string;
  name?: string;
  sub?: string;
}

/** `/api/v1/namespaces/ns/pods/x/exec` → {pods, ns, x, exec}; undefined for discovery paths. */
function route(path: string): Route | undefined {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  let gv: string;
  let rest: string[];
  if (seg[0] === 'api' && seg[1] === 'v1') [gv, rest] = ['v1', seg.slice(2)];
  else if (seg[0] === 'apis' && seg.length >= 3) [gv, rest] = [`${seg[1]}/${seg[2]}`, seg.slice(3)];
  else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    const info = resourceInfo(gv, rest[2] as string);
    return info && { info, namespace: rest[1] as string, name: rest[3], sub: rest[4] };
  }
  const info = rest[0] === undefined ? undefined : resourceInfo(gv, rest[0]);
  return info && { info, namespace: '', name: rest[1], sub: rest[2] };
}

const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Reserve a second octet for this server's pod IPs (127.X.*.*) with a lock file, so fake servers in parallel test
 * processes never hand out the same address (their fio servers would collide on the port). Stale locks are reclaimed.
 */
function reserveOctet(): { octet: number; release: () => void } {
  const start = Math.floor(Math.random() * 250);
  for (let i = 0; i < 250; i++) {
    const octet = 2 + ((start + i) % 250);
    const lock = join(tmpdir(), `perfgate-fake-k8s-127.${octet}.lock`);
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return { octet, release: () => rmSync(lock, { force: true }) };
    } catch {
      let owner = 0;
      try {
        owner = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        /* removed meanwhile */
      }
      let alive = owner === process.pid;
      try {
        if (!alive && owner > 0) alive = (process.kill(owner, 0), true);
      } catch {
        alive = false;
      }
      if (!alive) rmSync(lock, { force: true });
    }
  }
  throw new Error('no free 127.X octet for fake pod addresses');
}

export async function startFakeK8s(options: FakeK8sOptions = {}): Promise<FakeK8s> {
  const store = new Store();
  const ips = reserveOctet();
  const root = mkdtempSync(join(tmpdir(), 'perfgate-fake-k8s-'));
  const stuckPending = new Map<string, string>();
  const badImages = new Set<string>();
  const ref: { cluster?: Cluster } = {};
  const kubelet = new Kubelet(store, {
    root,
    ipOctet: ips.octet,
    startDelayMs: options.startDelayMs ?? 30,
    restartBackoffMs: options.restartBackoffMs ?? 300,
    badImages,
    event: (pod, type, reason, message) => ref.cluster?.event(pod, type, reason, message),
  });
  const c = new Cluster(store, kubelet, { stuckPending, terminationGraceMs: 2000 });
  ref.cluster = c;
  const execStats: ExecStats = { commands: [] };
  const requests: AuthzRecord[] = [];
  const forbid = new Set<string>();
  const record = (r: Route, verb: string) => requests.push({ group: r.info.groupVersion.includes('/') ? (r.info.groupVersion.split('/')[0] as string) : '', resource: r.sub ? `${r.info.plural}/${r.sub}` : r.info.plural, verb, namespace: r.namespace });

  for (let i = 1; i <= (options.nodes ?? 3); i++) {
    store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `fake-node-${i}`, labels: { 'kubernetes.io/hostname': `fake-node-${i}`, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${'abc'[(i - 1) % 3]}` } },
      spec: {},
      status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
  for (const [i, name] of (options.storageClasses ?? ['standard', 'fast']).entries()) {
    store.create('storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name, annotations: i === 0 ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {} },
      provisioner: 'fake.perfgate.io/local',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
  }
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } }, status: { phase: 'Active' } });

  const watches = new Set<ServerResponse>();

  function list(r: Route, q: ListQuery, url: URL, res: ServerResponse): void {
    let items: KObject[];
    try {
      items = store.list(r.info.plural, q);
    } catch (e) {
      return send(res, 400, status(400, 'BadRequest', (e as Error).message));
    }
    if (url.searchParams.get('watch') !== 'true' && url.searchParams.get('watch') !== '1') {
      return send(res, 200, { kind: `${r.info.kind}List`, apiVersion: r.info.groupVersion, metadata: { resourceVersion: String(store.resourceVersion) }, items });
    }
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    if (from > 0 && from < store.oldestWatchable - 1) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${from} (${store.oldestWatchable})`) }) + '\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    watches.add(res);
    const write = (type: string, object: KObject) => res.write(JSON.stringify({ type, object }) + '\n');
    if (from > 0) {
      for (const ev of store.history) if (ev.rv > from && Store.matches(ev, r.info.plural, q)) write(ev.type, ev.object);
    } else {
      for (const o of items) write('ADDED', o);
    }
    const onEvent = (ev: Parameters<typeof Store.matches>[0]) => Store.matches(ev, r.info.plural, q) && write(ev.type, ev.object);
    store.on('event', onEvent);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    const stop = () => (store.off('event', onEvent), clearTimeout(timer), watches.delete(res));
    res.on('close', stop);
  }

  function created(r: Route, body: any): KObject {
    const o: KObject = { ...body, apiVersion: body.apiVersion ?? r.info.groupVersion, kind: body.kind ?? r.info.kind, metadata: { ...body.metadata } };
    if (r.info.namespaced) o.metadata.namespace = r.namespace;
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = `${o.metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
    if (r.info.plural === 'namespaces') {
      o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
      o.status = { phase: 'Active' };
    }
    if (r.info.plural === 'pods') o.status = { phase: 'Pending', conditions: [] };
    if (r.info.plural === 'statefulsets') o.status = { replicas: 0, availableReplicas: 0 };
    if (r.info.plural === 'persistentvolumeclaims') o.status = { phase: 'Pending' };
    if (r.info.plural === 'services') o.spec = { ...o.spec, clusterIP: o.spec?.clusterIP ?? '10.96.0.10', type: o.spec?.type ?? 'ClusterIP' };
    return o;
  }

  /** Delete one object the way the API server does (graceful pods, terminating namespaces, protected PVCs). */
  function remove(r: Route, o: KObject): KObject {
    const ns = o.metadata.namespace ?? '';
    switch (r.info.plural) {
      case 'namespaces':
        return store.mutate('namespaces', '', o.metadata.name, (n) => ((n.metadata.deletionTimestamp ??= isoNow()), (n.status = { phase: 'Terminating' }))) ?? o;
      case 'pods':
        c.deletePod(o);
        return store.get('pods', ns, o.metadata.name) ?? o;
      case 'persistentvolumeclaims': {
        const updated = store.mutate('persistentvolumeclaims', ns, o.metadata.name, (p) => (p.metadata.deletionTimestamp ??= isoNow()));
        c.schedule();
        return updated ?? o;
      }
      default:
        return store.remove(r.info.plural, ns, o.metadata.name) ?? o;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = req.headers.authorization;
    if (options.token && auth !== undefined && auth !== `Bearer ${options.token}`) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const p = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET') {
      if (p === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0-fake.perfgate', platform: 'linux/amd64' });
      if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
      if (p === '/apis') return send(res, 200, apiGroupList());
      if (p === '/api/v1') return send(res, 200, resourceList('v1'));
      const g = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
      if (g) return send(res, 200, resourceList(`${g[1]}/${g[2]}`));
      if (p === '/healthz' || p === '/readyz' || p === '/livez') return void (res.writeHead(200), res.end('ok'));
    }
    const r = route(p);
    if (!r) return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const { info } = r;
    const ns = r.namespace;
    const watching = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const verbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: r.name === undefined ? 'deletecollection' : 'delete', GET: r.name !== undefined ? 'get' : watching ? 'watch' : 'list' };
    const verb = verbs[req.method ?? 'GET'] ?? 'unknown';
    record(r, verb);
    const resource = r.sub ? `${info.plural}/${r.sub}` : info.plural;
    if (forbid.has(`${verb} ${resource}`)) {
      const group = info.groupVersion.includes('/') ? (info.groupVersion.split('/')[0] as string) : '';
      return send(res, 403, status(403, 'Forbidden', `${info.plural}${group ? `.${group}` : ''} is forbidden: User "tester" cannot ${verb} resource "${resource}" in API group "${group}"${ns ? ` in the namespace "${ns}"` : ''}`));
    }
    if (info.namespaced && r.namespace && req.method === 'POST' && !store.has('namespaces', '', ns)) return send(res, 404, notFound('namespaces', ns));
    const q: ListQuery = { namespace: ns, labelSelector: url.searchParams.get('labelSelector'), fieldSelector: url.searchParams.get('fieldSelector') };
    const dryRun = url.searchParams.get('dryRun') === 'All';

    if (r.name === undefined) {
      if (req.method === 'GET') return list(r, q, url, res);
      if (req.method === 'POST') {
        const body = await readBody(req);
        if (!body?.metadata?.name && !body?.metadata?.generateName) return send(res, 422, status(422, 'Invalid', `${info.kind} is invalid: metadata.name: Required value: name or generateName is required`));
        const nsObj = store.get('namespaces', '', ns);
        if (info.namespaced && nsObj?.metadata.deletionTimestamp) return send(res, 403, status(403, 'Forbidden', `${info.plural} "${body.metadata.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`));
        const o = created(r, body);
        if (store.has(info.plural, o.metadata.namespace ?? '', o.metadata.name)) return send(res, 409, alreadyExists(info.plural, o.metadata.name, info.groupVersion.includes('/') ? info.groupVersion.split('/')[0] : ''));
        return send(res, 201, dryRun ? o : store.create(info.plural, o));
      }
      if (req.method === 'DELETE') {
        const items = store.list(info.plural, q).map((o) => remove(r, o));
        return send(res, 200, { kind: `${info.kind}List`, apiVersion: info.groupVersion, metadata: { resourceVersion: String(store.resourceVersion) }, items });
      }
      return send(res, 405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
    }

    const current = store.get(info.plural, ns, r.name);
    if (!current) return send(res, 404, notFound(info.plural, r.name));
    if (r.sub === 'log' && req.method === 'GET') {
      const text = kubelet.logs(current);
      const tail = Number(url.searchParams.get('tailLines') ?? '0');
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end(tail > 0 ? text.split('\n').slice(-tail - 1).join('\n') : text);
    }
    const scale = r.sub === 'scale' && info.plural === 'statefulsets';
    const view = (o: KObject): KObject =>
      scale
        ? { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion }, spec: { replicas: o.spec.replicas }, status: { replicas: o.status?.replicas ?? 0, selector: Object.entries(o.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',') } }
        : o;
    switch (req.method) {
      case 'GET':
        return send(res, 200, view(current));
      case 'PUT':
      case 'PATCH': {
        const body = await readBody(req);
        let next: KObject;
        if (req.method === 'PUT') {
          if (body?.metadata?.resourceVersion && body.metadata.resourceVersion !== current.metadata.resourceVersion) {
            return send(res, 409, status(409, 'Conflict', `Operation cannot be fulfilled on ${info.plural} "${r.name}": the object has been modified; please apply your changes to the latest version and try again`));
          }
          next = scale ? { ...current, spec: { ...current.spec, replicas: body.spec.replicas } } : r.sub === 'status' ? { ...current, status: body.status } : { ...body, metadata: { ...body.metadata, namespace: current.metadata.namespace }, status: current.status };
        } else {
          try {
            const patched = applyPatch(view(current), body, String(req.headers['content-type'] ?? ''));
            next = scale ? { ...current, spec: { ...current.spec, replicas: patched.spec.replicas } } : patched;
          } catch (e) {
            return send(res, 422, status(422, 'Invalid', (e as Error).message));
          }
        }
        return send(res, 200, view(dryRun ? next : store.update(info.plural, next)));
      }
      case 'DELETE':
        return send(res, 200, dryRun ? current : remove(r, current));
      default:
        return send(res, 405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
  }

  let unreachable = false;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, status(500, 'InternalError', (e as Error).message));
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    if (unreachable) return void s.destroy();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const r = route(url.pathname);
    const reject = (code: number, body: KObject) => {
      const text = JSON.stringify(body);
      socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    if (!r || r.info.plural !== 'pods' || !r.name || (r.sub !== 'exec' && r.sub !== 'portforward')) return reject(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const pod = store.get('pods', r.namespace, r.name);
    if (!pod) return reject(404, notFound('pods', r.name));
    if (pod.status?.phase !== 'Running' || !kubelet.isRunning(pod)) return reject(400, status(400, 'BadRequest', `container ${pod.spec.containers[0]?.name ?? ''} not found ("${r.name}" is not running)`));
    record(r, 'create');
    wss.handleUpgrade(req, socket, head, (ws) => (r.sub === 'exec' ? serveExec(ws, pod, kubelet, url, execStats) : servePortForward(ws, pod, url)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const kubeconfig = (namespace?: string) => ({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: 'tester', token: options.token ?? 'test-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'tester', ...(namespace ? { namespace } : {}) }],
    currentContext: 'fake',
  });

  return {
    url,
    port,
    store,
    stuckPending,
    badImages,
    exec: execStats,
    requests,
    forbid,
    crashPod: (namespace, name) => {
      const pod = store.get('pods', namespace, name);
      return pod ? kubelet.crash(pod) : false;
    },
    setUnreachable(on) {
      unreachable = on;
      if (on) for (const s of sockets) s.destroy();
    },
    kubeconfig,
    writeKubeconfig(dir, namespace) {
      const k = kubeconfig(namespace);
      const file = join(dir, 'kubeconfig');
      const yaml = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'tester', user: { token: options.token ?? 'test-token' } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'tester', ...(namespace ? { namespace } : {}) } }],
        'current-context': k.currentContext,
      };
      writeFileSync(file, JSON.stringify(yaml, null, 2));
      return file;
    },
    async close() {
      c.close();
      for (const w of watches) w.end();
      for (const ws of wss.clients) ws.terminate();
      await kubelet.stopAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      rmSync(root, { recursive: true, force: true });
      ips.release();
    },
  };
}
