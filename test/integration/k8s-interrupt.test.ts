// Ctrl-C on a real run-perf process using the Kubernetes profile: during the fio run and during the Ready wait, everything is deleted, exit 130.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeK8s } from '../fake-k8s/server.js';
import { startFakeK8s } from '../fake-k8s/server.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
let fake: FakeK8s;
let cwd: string;
let data: string;
let kubeconfig: string;

const owned = () => [
  ...fake.store.list('pods', { labelSelector: 'app.kubernetes.io/managed-by=perfgate' }).map((p) => `pod/${p.metadata.name}`),
  ...fake.store.list('persistentvolumeclaims', { labelSelector: 'app.kubernetes.io/managed-by=perfgate' }).map((p) => `pvc/${p.metadata.name}`),
  ...fake.store.list('namespaces', { labelSelector: 'app.kubernetes.io/managed-by=perfgate' }).map((n) => `namespace/${n.metadata.name}`),
  ...fake.store.list('statefulsets').map((s) => `statefulset/${s.metadata.name}`),
  ...fake.store.list('services').map((s) => `service/${s.metadata.name}`),
];

/** Start run-perf, send SIGINT once `ready()` holds, and return its exit code and stderr. */
async function interrupt(out: string, profile: Record<string, unknown>, ready: () => boolean) {
  const fio = { 'test-types': 'randread', 'block-sizes': 4, runtime: 20, ramptime: 0, 'file-size': 4, targets: data, ioengine: 'psync', direct: 0, samples: 1 };
  const args = ['--import', 'tsx', 'src/cli/run-perf.ts', '--kubeconfig', kubeconfig, '--output', join(cwd, out), '--profiles', `Kubernetes:${JSON.stringify({ image: 'fio:3.33', mountPath: data, ...profile })}`, '--', `fio:${JSON.stringify(fio)}`];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  for (let i = 0; i < 1000 && !ready(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(ready()).toBe(true);
  child.kill('SIGINT');
  return { code: await exited, stderr };
}

beforeAll(async () => {
  fake = await startFakeK8s();
  cwd = mkdtempSync(join(tmpdir(), 'perfgate-k8s-int-'));
  data = join(cwd, 'data');
  mkdirSync(data);
  kubeconfig = fake.writeKubeconfig(cwd);
});

afterAll(async () => {
  await fake?.close();
});

describe('run-perf with the Kubernetes profile, interrupted', () => {
  it('deletes every pod, claim and the namespace when Ctrl-C arrives during the fio run', async () => {
    const r = await interrupt('during-run', { workers: 2 }, () => fake.exec.commands.some((c) => c.some((w) => w.startsWith('--client='))));
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SIGINT received, stopping');
    expect(owned()).toEqual([]);
    expect(existsSync(join(cwd, 'during-run/INCOMPLETE'))).toBe(true);
  });

  it('deletes everything when Ctrl-C arrives while waiting for pods to become Ready', async () => {
    fake.stuckPending.set('-1', '0/3 nodes are available: 3 Insufficient cpu.');
    try {
      const r = await interrupt('during-apply', { workers: 2 }, () => fake.store.list('pods', { labelSelector: 'perfgate.io/role=worker' }).length === 2);
      expect(r.code).toBe(130);
      expect(owned()).toEqual([]);
    } finally {
      fake.stuckPending.clear();
    }
  });
});
