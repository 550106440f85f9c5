// The fake Kubernetes API server against the real @kubernetes/client-node: CRUD, selectors, watch, StatefulSet pods, exec framing, port-forward.
import * as k8s from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { FakeK8s } from '../fake-k8s/server.js';
import { startFakeK8s } from '../fake-k8s/server.js';

let fake: FakeK8s;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-fake-api-'));

function sink(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) });
  return Object.assign(w, { text: () => text });
}

async function execIn(pod: string, command: string[], input?: string) {
  const out = sink();
  const err = sink();
  const stdin = input === undefined ? null : new PassThrough();
  const status = await new Promise<k8s.V1Status>((resolve, reject) => {
    new k8s.Exec(kc).exec('t', pod, 'fio', command, out, err, stdin, false, resolve).catch(reject);
    stdin?.end(input);
  });
  return { status, stdout: out.text(), stderr: err.text() };
}

async function until<T>(what: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 30));
  }
}

const isReady = (p: k8s.V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

beforeAll(async () => {
  fake = await startFakeK8s();
  kc = new k8s.KubeConfig();
  kc.loadFromOptions(fake.kubeconfig());
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: 't' } } });
  await apps.createNamespacedStatefulSet({
    namespace: 't',
    body: {
      metadata: { name: 'w', labels: { app: 'w' } },
      spec: {
        replicas: 2,
        podManagementPolicy: 'Parallel',
        serviceName: 'w',
        selector: { matchLabels: { app: 'w', run: 'r1' } },
        template: {
          metadata: { labels: { app: 'w', run: 'r1' } },
          spec: {
            containers: [
              {
                name: 'fio',
                image: 'fio:3.33',
                command: ['fio', '--server=ip:$(POD_IP),8765'],
                env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
                readinessProbe: { tcpSocket: { port: 8765 } },
                volumeMounts: [{ name: 'data', mountPath: join(tmp, 'data') }],
              },
            ],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } } }],
      },
    },
  });
  await until(async () => ((await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=w' })).items.filter(isReady).length === 2 ? true : undefined));
});

afterAll(async () => {
  await fake?.close();
});

describe('fake Kubernetes API server', () => {
  it('returns real Status errors for conflicts and missing objects', async () => {
    const dup = await core.createNamespace({ body: { metadata: { name: 't' } } }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(k8s.ApiException);
    expect((dup as k8s.ApiException<string>).code).toBe(409);
    expect(JSON.parse((dup as k8s.ApiException<string>).body).reason).toBe('AlreadyExists');
    const missing = await core.readNamespacedPod({ name: 'nope', namespace: 't' }).catch((e: unknown) => e);
    expect((missing as k8s.ApiException<string>).code).toBe(404);
  });

  it('runs StatefulSet pods as fio servers on their own loopback IPs, with bound PVCs carrying the selector labels', async () => {
    const pods = (await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=w,run in (r1,r2)' })).items;
    expect(pods.map((p) => p.metadata?.name)).toEqual(['w-0', 'w-1']);
    const ips = pods.map((p) => p.status?.podIP ?? '');
    expect(new Set(ips).size).toBe(2);
    for (const ip of ips) expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    const pvcs = (await core.listNamespacedPersistentVolumeClaim({ namespace: 't', labelSelector: 'run=r1' })).items;
    expect(pvcs.map((p) => [p.metadata?.name, p.status?.phase])).toEqual([
      ['data-w-0', 'Bound'],
      ['data-w-1', 'Bound'],
    ]);
    expect((await core.listNamespacedPod({ namespace: 't', labelSelector: 'run!=r1' })).items).toEqual([]);
  });

  it('execs with v5 framing: stdout, stderr, stdin to EOF and the exit code in the status channel', async () => {
    const ok = await execIn('w-0', ['sh', '-c', 'echo "$HOSTNAME $POD_IP"; echo oops >&2']);
    expect(ok.status.status).toBe('Success');
    expect(ok.stdout).toMatch(/^w-0 127\./);
    expect(ok.stderr).toBe('oops\n');
    const bad = await execIn('w-1', ['sh', '-c', 'wc -c; exit 3'], 'x'.repeat(100_000));
    expect(bad.stdout.trim()).toBe('100000');
    expect(bad.status.reason).toBe('NonZeroExitCode');
    expect(bad.status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message).toBe('3');
  });

  it('speaks v4 to a client that offers only v4: stdout on channel 1, the exit status as JSON on channel 3, never a 255 frame', async () => {
    const url = `${fake.url.replace('http', 'ws')}/api/v1/namespaces/t/pods/w-0/exec?command=sh&command=-c&command=echo%20hi%3B%20exit%205&stdout=true&stderr=true`;
    const ws = new WebSocket(url, ['v4.channel.k8s.io']);
    const frames: Buffer[] = [];
    ws.on('message', (d: Buffer) => frames.push(d));
    await new Promise((r) => ws.on('close', r));
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    expect(frames.map((f) => f[0])).toEqual([1, 3]);
    expect(frames[0]?.subarray(1).toString()).toBe('hi\n');
    const st = JSON.parse(frames[1]?.subarray(1).toString() ?? '{}') as k8s.V1Status;
    expect(st.details?.causes?.[0]).toEqual({ reason: 'ExitCode', message: '5' });
  });

  it('watches pods from a resourceVersion and sees scale-down deletions', async () => {
    const list = await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=w' });
    const seen: string[] = [];
    const ctl = await new k8s.Watch(kc).watch('/api/v1/namespaces/t/pods', { labelSelector: 'app=w', resourceVersion: list.metadata?.resourceVersion }, (type, obj: k8s.V1Pod) => seen.push(`${type} ${obj.metadata?.name}`), () => undefined);
    await apps.replaceNamespacedStatefulSetScale({ name: 'w', namespace: 't', body: { metadata: { name: 'w', namespace: 't' }, spec: { replicas: 1 } } });
    await until(async () => (seen.includes('DELETED w-1') ? true : undefined));
    ctl.abort();
    expect(seen.filter((s) => s.startsWith('ADDED'))).toEqual([]);
    await apps.replaceNamespacedStatefulSetScale({ name: 'w', namespace: 't', body: { metadata: { name: 'w', namespace: 't' }, spec: { replicas: 2 } } });
    await until(async () => ((await core.listNamespacedPod({ namespace: 't', labelSelector: 'app=w' })).items.filter(isReady).length === 2 ? true : undefined));
  });

  it('forwards a port: a real fio client runs a job through it into the pod fio server', async () => {
    const server = createServer((sock) => void new k8s.PortForward(kc).portForward('t', 'w-0', [8765], sock, null, sock));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const job = join(tmp, 'pf.fio');
    writeFileSync(job, `[pf]\nioengine=psync\nrw=write\nbs=4k\nsize=256k\ndirectory=${join(tmp, 'data')}\n`);
    const out = await new Promise<string>((resolve, reject) =>
      execFile('fio', ['--output-format=json', `--client=127.0.0.1,${port}`, job], { cwd: tmp, timeout: 30_000 }, (e, stdout) => (e ? reject(e) : resolve(stdout))),
    );
    server.close();
    const doc = JSON.parse(out.slice(out.indexOf('{'))) as { client_stats: { jobname: string; error: number; write: { io_bytes: number } }[] };
    const entry = doc.client_stats.find((c) => c.jobname === 'pf');
    expect(entry?.error).toBe(0);
    expect(entry?.write.io_bytes).toBe(262144);
  });

  it('keeps a pod Pending with a FailedScheduling event when its storage class does not exist', async () => {
    await core.createNamespacedPersistentVolumeClaim({ namespace: 't', body: { metadata: { name: 'orphan' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nope', resources: { requests: { storage: '1Gi' } } } } });
    await core.createNamespacedPod({ namespace: 't', body: { metadata: { name: 'stuck' }, spec: { containers: [{ name: 'c', image: 'x', command: ['sleep', '60'] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'orphan' } }] } } });
    const ev = await until(async () => (await core.listNamespacedEvent({ namespace: 't', fieldSelector: 'involvedObject.name=stuck' })).items.find((e) => e.reason === 'FailedScheduling'));
    expect(ev.message).toContain('unbound immediate PersistentVolumeClaims');
    expect((await core.readNamespacedPod({ name: 'stuck', namespace: 't' })).status?.phase).toBe('Pending');
  });

  it('deletes a namespace with everything in it, pod processes included', async () => {
    await core.deleteNamespace({ name: 't' });
    expect((await core.readNamespace({ name: 't' }).catch(() => undefined))?.status?.phase ?? 'Terminating').toBe('Terminating');
    await until(async () => (await core.readNamespace({ name: 't' }).then(() => undefined, (e: k8s.ApiException<string>) => (e.code === 404 ? true : undefined))));
    expect((await core.listPersistentVolume()).items).toEqual([]);
    expect((await core.listPodForAllNamespaces()).items).toEqual([]);
  });
});
