// run-perf with the Kubernetes profile against the fake API server: real fio servers in "pods", driven from a driver pod; sweeps, failures, cleanup.
import { readFileSync } from 'node:fs';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { readResultTree } from '../../src/result/read-tree.js';
import type { FakeK8s } from '../fake-k8s/server.js';
import { startFakeK8s } from '../fake-k8s/server.js';

let fake: FakeK8s;
let cwd: string;
let data: string;
let kubeconfig: string;

async function run(prog: string, command: typeof runPerfCommand, argv: string[], signal?: AbortSignal) {
  const io = { ...memoryIo(argv, cwd, { HOME: cwd }), signal };
  const code = await runCommand(prog, command, io);
  return { code, out: io.out(), err: io.err() };
}

const profile = (extra: Record<string, unknown> = {}) => `Kubernetes:${JSON.stringify({ image: 'fio:3.33', workers: 3, mountPath: data, readyTimeout: 30, ...extra })}`;
const fio = (extra: Record<string, unknown> = {}) =>
  `fio:${JSON.stringify({ 'test-types': 'randread', 'block-sizes': 4, runtime: 1, ramptime: 0, 'file-size': 4, targets: data, ioengine: 'psync', direct: 0, samples: 2, ...extra })}`;

interface Entry {
  client_hostname: string;
  mean: number;
  samples: { value: number }[];
}
type Iteration = { iteration_name: string; iteration_data: { throughput: { iops_sec: Entry[] } } };
const result = (dir: string, serial = '0000') => JSON.parse(readFileSync(join(cwd, dir, 'Kubernetes/fio', serial, 'result.json'), 'utf8')) as Iteration[];

/** Everything perfgate could have left behind in the fake cluster. */
function leftovers(): string[] {
  const s = fake.store;
  return [
    ...s.list('namespaces').filter((n) => n.metadata.name !== 'default').map((n) => `namespace/${n.metadata.name}`),
    ...s.list('pods').map((p) => `pod/${p.metadata.name}`),
    ...s.list('persistentvolumeclaims').map((p) => `pvc/${p.metadata.name}`),
    ...s.list('persistentvolumes').map((p) => `pv/${p.metadata.name}`),
    ...s.list('statefulsets').map((p) => `statefulset/${p.metadata.name}`),
    ...s.list('services').map((p) => `service/${p.metadata.name}`),
  ];
}

const metadataLine = (dir: string, key: string) => JSON.parse(new RegExp(`^${key}:(.*)$`, 'm').exec(readFileSync(join(cwd, dir, 'RUNPERF_METADATA'), 'utf8'))?.[1] ?? 'null') as Record<string, unknown>;

beforeAll(async () => {
  fake = await startFakeK8s({ restartBackoffMs: 200 });
  cwd = mkdtempSync(join(tmpdir(), 'perfgate-k8s-run-'));
  data = join(cwd, 'data');
  mkdirSync(data);
  kubeconfig = fake.writeKubeconfig(cwd);
});

afterAll(async () => {
  await fake?.close();
});

describe('run-perf with the Kubernetes profile', () => {
  it('runs distributed fio on 3 worker pods from the driver pod, records the workers, deletes everything, and compare-perf reads the trees', async () => {
    for (const out of ['base', 'cand']) {
      const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--profiles', profile(), '-v', '--output', out, '--', fio()]);
      expect(r.err).toContain('pods Ready: 4/4');
      expect(r.code, r.err).toBe(0);
      expect(leftovers()).toEqual([]);
    }
    const [it0] = result('base');
    const entries = it0?.iteration_data.throughput.iops_sec ?? [];
    const names = entries.map((e) => e.client_hostname);
    expect(names).toHaveLength(4);
    expect(names[3]).toBe('all');
    for (const [i, n] of names.slice(0, 3).entries()) expect(n).toMatch(new RegExp(`^perfgate-fio-[0-9a-f]{6}-${i}$`));
    const all = entries[3] as Entry;
    all.samples.forEach((s, i) => expect(s.value).toBeCloseTo(entries.slice(0, 3).reduce((a, e) => a + (e.samples[i]?.value ?? NaN), 0), 3));

    // fio --client ran inside the cluster: in the driver pod, through the exec API
    const clientCmd = fake.exec.commands.find((c) => c.some((w) => w.startsWith('--client=')));
    expect(clientCmd).toBeDefined();
    const info = metadataLine('base', 'environment_profile_Kubernetes');
    const workers = info['workers'] as Record<string, string>[];
    expect(workers.map((w) => w['pod'])).toEqual(names.slice(0, 3));
    for (const w of workers) {
      expect(w['node']).toMatch(/^fake-node-\d$/);
      expect(w['storage_class']).toBe('standard');
      expect(w['pv']).toMatch(/^pvc-/);
      expect(w['image']).toBe('fio:3.33');
    }

    const tree = readResultTree('base', cwd);
    expect(tree.incomplete).toBe(false);
    const check = tree.checks.find((c) => c.id === 'Kubernetes/fio/0000:./randread-4KiB/throughput/iops_sec.mean');
    expect(check?.value).toBeCloseTo(all.mean, 6);
    const cmp = await run('compare-perf', comparePerfCommand, ['--tolerance', '1000', '--stddev-tolerance', '1000', 'base', 'cand']);
    expect(cmp.code, cmp.out + cmp.err).toBe(0);
  });

  it('sweeps worker counts 1 → 3 → 2 by scaling the StatefulSet, one iteration per count', async () => {
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--profiles', profile({ workers: [1, 3, 2] }), '-v', '--output', 'sweep', '--', fio({ samples: 1 })]);
    expect(r.code, r.err).toBe(0);
    const its = result('sweep');
    expect(its.map((i) => i.iteration_name)).toEqual(['randread-4KiB-workers1', 'randread-4KiB-workers3', 'randread-4KiB-workers2']);
    expect(its.map((i) => i.iteration_data.throughput.iops_sec.filter((e) => e.client_hostname !== 'all').length)).toEqual([1, 3, 2]);
    expect(r.err).toMatch(/scaled perfgate-fio-[0-9a-f]{6} to 3 worker\(s\)/);
    const info = metadataLine('sweep', 'environment_profile_Kubernetes');
    expect((info['workers'] as unknown[]).length).toBe(3);
    expect(leftovers()).toEqual([]);
  });

  it('drives fio from this machine through port-forwards with driver: port-forward', async () => {
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--profiles', profile({ workers: 2, driver: 'port-forward' }), '--output', 'pf', '--', fio({ samples: 1 })]);
    expect(r.code, r.err).toBe(0);
    const entries = result('pf')[0]?.iteration_data.throughput.iops_sec ?? [];
    expect(entries.map((e) => e.client_hostname)).toEqual([expect.stringMatching(/-0$/), expect.stringMatching(/-1$/), 'all']);
    const client = readFileSync(join(cwd, 'pf/Kubernetes/fio/0000/randread-4KiB/sample1/fio-client.log'), 'utf8');
    expect(client.match(/--client=127\.0\.0\.1,\d+/g)).toHaveLength(2);
    expect(fake.store.list('pods')).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('names a pod stuck Pending with its scheduler event when the wait times out, and still deletes everything', async () => {
    fake.stuckPending.set('-2', '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    try {
      const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--retry-tests', '1', '--profiles', profile({ readyTimeout: 2 }), '--output', 'stuck', '--', fio()]);
      expect(r.code).toBe(4);
      const exception = readFileSync(join(cwd, 'stuck/Kubernetes/__error0__/exception'), 'utf8');
      expect(exception).toMatch(/1 of 4 pods not Ready after 2 s: perfgate-fio-[0-9a-f]{6}-2: Pending: FailedScheduling: 0\/3 nodes are available: 3 Insufficient memory/);
      expect(leftovers()).toEqual([]);
    } finally {
      fake.stuckPending.clear();
    }
  });

  it('fails fast on an image that cannot be pulled, naming ImagePullBackOff', async () => {
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--retry-tests', '1', '--profiles', profile({ image: 'fio:missing', workers: 1, readyTimeout: 600 }), '--output', 'pull', '--', fio()]);
    expect(r.code).toBe(4);
    const exception = readFileSync(join(cwd, 'pull/Kubernetes/__error0__/exception'), 'utf8');
    expect(exception).toContain('(will not recover)');
    expect(exception).toMatch(/ImagePullBackOff: Failed to pull image "fio:missing"/);
    expect(leftovers()).toEqual([]);
  });

  it('records a worker dying mid-run as a failed attempt and retries once it is back', async () => {
    const before = fake.exec.commands.length;
    let killed = '';
    const watcher = setInterval(() => {
      if (killed) return;
      const client = fake.exec.commands.slice(before).find((c) => c.some((w) => w.startsWith('--client=')));
      const pod = fake.store.list('pods').find((p) => p.metadata.name.endsWith('-1') && p.metadata.labels?.['perfgate.io/role'] === 'worker');
      if (client && pod) {
        killed = pod.metadata.name;
        setTimeout(() => fake.crashPod(pod.metadata.namespace ?? '', pod.metadata.name), 700);
      }
    }, 50);
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--retry-tests', '3', '--profiles', profile({ workers: 2 }), '--output', 'crash', '--', fio({ runtime: 3, samples: 1 })]);
    clearInterval(watcher);
    expect(killed).not.toBe('');
    expect(r.code, r.err).toBe(0);
    const exception = readFileSync(join(cwd, 'crash/Kubernetes/fio/0/__error0__/exception'), 'utf8');
    expect(exception).toContain('attempt 0 execution failure');
    expect(result('crash')[0]?.iteration_data.throughput.iops_sec.map((e) => e.client_hostname)).toHaveLength(3);
    expect(leftovers()).toEqual([]);
  });

  it('prints the manifests as YAML with --dry-run and creates nothing', async () => {
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--dry-run', '--profiles', profile({ storageClass: 'fast', nodeSelector: { disk: 'ssd' } }), '--', fio()]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('kind: StatefulSet');
    expect(r.out).toContain('storageClassName: fast');
    expect(r.out).toContain('--server=ip:$(POD_IP),8765');
    expect(r.out).toContain('app.kubernetes.io/managed-by: perfgate');
    expect(r.out).toMatch(/perfgate\.io\/run-id: '?[0-9a-f]{6}'?\n/);
    expect(leftovers()).toEqual([]);
  });

  it('keeps the workers with --keep and says how to delete them', async () => {
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--keep', '--profiles', profile({ workers: 1, namespace: 'kept' }), '--output', 'kept', '--', fio({ samples: 1 })]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('delete them later with: kubectl delete namespace kept');
    expect(leftovers()).toContain('namespace/kept');
    expect(fake.store.list('pods', { namespace: 'kept' })).toHaveLength(2);
    fake.store.mutate('namespaces', '', 'kept', (n) => (n.metadata.deletionTimestamp = new Date().toISOString()));
    for (let i = 0; i < 200 && leftovers().length > 0; i++) await new Promise((res) => setTimeout(res, 50));
    expect(leftovers()).toEqual([]);
  });

  it('names the refused call and points at the RBAC docs when a permission is missing', async () => {
    fake.forbid.add('create statefulsets');
    try {
      const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--retry-tests', '1', '--profiles', profile(), '--output', 'rbac', '--', fio()]);
      expect(r.code).toBe(4);
      const exception = readFileSync(join(cwd, 'rbac/Kubernetes/__error0__/exception'), 'utf8');
      expect(exception).toContain('not allowed to create statefulset in namespace perfgate: statefulsets.apps is forbidden: User "tester" cannot create resource "statefulsets"');
      expect(leftovers()).toEqual([]);
    } finally {
      fake.forbid.clear();
    }
  });

  it('rejects bad options with every problem named (exit 78)', async () => {
    const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--profiles', 'Kubernetes:{"workers":[0],"volumeSize":"ten","bogus":1}', '--output', 'badopts', '--', fio()]);
    expect(r.code).toBe(78);
    expect(r.err).toContain('Kubernetes.workers');
    expect(r.err).toContain('Kubernetes.volumeSize');
    expect(r.err).toContain('Kubernetes.bogus: unknown option');
    expect(r.err).toContain('Kubernetes.image: required');
  });

  it('needed no permission beyond those examples/kubernetes-rbac.yaml grants (and docs/kubernetes.md lists)', () => {
    type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
    const docs = loadAllYaml(readFileSync(fileURLToPath(new URL('../../examples/kubernetes-rbac.yaml', import.meta.url)), 'utf8')) as { kind: string; rules?: Rule[] }[];
    const allows = (rules: Rule[], q: { group: string; resource: string; verb: string }) => rules.some((r) => r.apiGroups.includes(q.group) && r.resources.includes(q.resource) && r.verbs.includes(q.verb));
    const used = [...new Set(fake.requests.map((q) => JSON.stringify({ group: q.group, resource: q.resource, verb: q.verb })))].map((j) => JSON.parse(j) as { group: string; resource: string; verb: string });
    expect(used.length).toBeGreaterThan(8);
    const clusterRole = docs.find((d) => d.kind === 'ClusterRole')?.rules ?? [];
    expect(used.filter((q) => !allows(clusterRole, q))).toEqual([]);
    // the namespaced Role covers everything but creating/deleting namespaces (and reading PVs, which is optional)
    const role = docs.find((d) => d.kind === 'Role')?.rules ?? [];
    const clusterOnly = (q: { resource: string; verb: string }) => (q.resource === 'namespaces' && q.verb !== 'get') || q.resource === 'persistentvolumes';
    expect(used.filter((q) => !clusterOnly(q) && !allows(role, q))).toEqual([]);
  });

  it('says so (exit 69) when no cluster is configured at all', async () => {
    const saved = { HOME: process.env['HOME'], KUBECONFIG: process.env['KUBECONFIG'] };
    process.env['HOME'] = cwd; // client-node reads ~/.kube/config and $KUBECONFIG from the process
    delete process.env['KUBECONFIG'];
    try {
      const r = await run('run-perf', runPerfCommand, ['--profiles', profile(), '--output', 'nocfg', '--', fio()]);
      expect(r.code).toBe(69);
      expect(r.err).toContain('no Kubernetes cluster is configured');
      expect(r.err).toContain('--kubeconfig');
    } finally {
      process.env['HOME'] = saved.HOME;
      if (saved.KUBECONFIG !== undefined) process.env['KUBECONFIG'] = saved.KUBECONFIG;
    }
  });

  it('stops with a clear error and exit 69 when the API server is unreachable', async () => {
    fake.setUnreachable(true);
    try {
      const r = await run('run-perf', runPerfCommand, ['--kubeconfig', kubeconfig, '--profiles', profile(), '--output', 'down', '--', fio()]);
      expect(r.code).toBe(69);
      expect(r.err).toContain(`cannot reach the Kubernetes API server at ${fake.url}`);
      expect(r.err).toContain('hint:');
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      fake.setUnreachable(false);
    }
  });
});
