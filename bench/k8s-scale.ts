// Prints the Kubernetes profile's control-plane figures on 200 fake worker pods: time to Ready, exec dispatch, scale-down and revert (target: < 10 s of perfgate overhead).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { AppsV1Api, CoreV1Api, Exec, KubeConfig } from '@kubernetes/client-node';
import type { StepContext } from '../src/plugins/types.js';
import { buildManifests } from '../src/profiles/kubernetes/manifests.js';
import { parseKubernetesOptions } from '../src/profiles/kubernetes/options.js';
import { createKubernetesProfile } from '../src/profiles/kubernetes/profile.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const WORKERS = Number(process.argv[2] ?? '200');

// the fake API server runs in its own process, so its work (200 real fio --server processes) does not slow perfgate's event loop
const server = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/fake-k8s/main.ts')], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
const first = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
const { kubeconfig } = JSON.parse(first) as { url: string; kubeconfig: string };

const lines: { t: number; text: string }[] = [];
const log = { info: (text: string) => lines.push({ t: performance.now(), text }), warn: (text: string) => lines.push({ t: performance.now(), text }), debug: () => undefined };
const ctx: StepContext = { resultDir: mkdtempSync(join(tmpdir(), 'perfgate-k8s-bench-')), signal: new AbortController().signal, log };
const data = mkdtempSync(join(tmpdir(), 'perfgate-k8s-bench-data-'));
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** CPU time perfgate itself used (this process; the fake API server and its pods run in another). */
const cpu = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return `${((u.user + u.system) / 1e6).toFixed(2)} s CPU`;
};

/** The fake alone: the same StatefulSet created with a bare client and polled until every pod is Ready (no perfgate code). */
async function baseline(): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const o = parseKubernetesOptions({ image: 'fio:3.33', namespace: 'baseline', mountPath: data, driver: 'local' });
  const m = buildManifests(o, 'base00', WORKERS);
  const t = performance.now();
  await core.createNamespace({ body: m.namespace });
  await apps.createNamespacedStatefulSet({ namespace: 'baseline', body: m.statefulSet });
  for (;;) {
    const pods = await core.listNamespacedPod({ namespace: 'baseline' });
    if (pods.items.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === WORKERS) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const took = performance.now() - t;
  await core.deleteNamespace({ name: 'baseline' });
  while (await core.readNamespace({ name: 'baseline' }).then(() => true, () => false)) await new Promise((r) => setTimeout(r, 200));
  return took;
}

try {
  const tBase = await baseline();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const profile = await createKubernetesProfile({ image: 'fio:3.33', workers: [WORKERS, WORKERS / 2], mountPath: data, readyTimeout: 600 }, { projectDir: REPO, kubeconfig });
  const tFactory = performance.now();
  const workers = await profile.apply([], ctx);
  const tReady = performance.now();
  const cReady = cpu(c0);
  const c1 = process.cpuUsage();
  const readyLine = lines.find((l) => l.text.startsWith(`pods Ready: ${WORKERS + 1}/${WORKERS + 1}`));
  if (workers.length !== WORKERS) throw new Error(`expected ${WORKERS} workers, got ${workers.length}`);

  // dispatch: one command on every worker at once, through the exec API (what a fio sample needs before and after the run)
  const d0 = performance.now();
  await Promise.all(workers.map((w) => w.transport.exec(['true'])));
  const tDispatch = performance.now() - d0;
  const cDispatch = cpu(c1);
  // the same fan-out with bare client-node Exec calls (no perfgate wrapper, no result handling): the fake's share
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const r0raw = performance.now();
  await Promise.all(
    workers.map((w) => new Promise<void>((resolve, reject) => void new Exec(kc).exec(w.labels['namespace'] ?? '', w.name, 'fio', ['true'], null, null, null, false, () => resolve()).catch(reject))),
  );
  const tRawDispatch = performance.now() - r0raw;
  const one: number[] = [];
  for (let i = 0; i < 20; i++) {
    const e0 = performance.now();
    await workers[0]?.transport.exec(['true']);
    one.push(performance.now() - e0);
  }
  one.sort((a, b) => a - b);

  const sc0 = performance.now();
  const half = await profile.scale?.(WORKERS / 2, ctx);
  const tScale = performance.now() - sc0;
  const r0 = performance.now();
  await profile.revert(ctx);
  const tRevert = performance.now() - r0;

  console.log(`Kubernetes profile on the fake API server, ${WORKERS} worker pods (real fio --server processes) + 1 driver pod`);
  console.log(`  factory (kubeconfig, API probe):         ${s(tFactory - t0)}`);
  console.log(`  apply → all pods Ready:                  ${s(tReady - tFactory)} wall, perfgate ${cReady}${readyLine ? ` (watch to all Ready: ${readyLine.text.replace(/.*\(/, '').replace(')', '')})` : ''}`);
  console.log(`  exec \`true\` on all ${WORKERS} workers at once:   ${s(tDispatch)} wall, perfgate ${cDispatch}`);
  console.log(`  the same with bare client-node Exec:     ${s(tRawDispatch)} (no perfgate code: the fake's share)`);
  console.log(`  one exec round trip (median of 20):      ${(one[10] ?? 0).toFixed(1)} ms`);
  console.log(`  scale ${WORKERS} → ${half?.length ?? '?'} (wait for the rest gone):  ${s(tScale)}`);
  console.log(`  revert (delete, wait until gone):        ${s(tRevert)}`);
  const total = tFactory - t0 + (tReady - tFactory) + tDispatch;
  console.log(`  the fake alone, same ${WORKERS} pods to Ready:  ${s(tBase)} (bare client, no perfgate: the machine's and the fake's share)`);
  const share = Math.max(0, tFactory - t0) + Math.max(0, tReady - tFactory - tBase) + Math.max(0, tDispatch - tRawDispatch);
  console.log(`  perfgate's share of apply → Ready:       ${s(tReady - tFactory - tBase)} (apply minus the fake alone; a negative value is noise on a shared machine)`);
  console.log(`  control plane to first dispatch:         ${s(total)} wall, of which perfgate's share ≈ ${s(share)} (target < 10 s)`);
  console.log(`    (the rest is the fake's own work on this machine: ${WORKERS + 1} pod processes spawned, probed and exec'd locally,`);
  console.log(`    which a real cluster spreads over its nodes; the exec fan-out also spawns ${WORKERS} local shells)`);
  console.log(`  perfgate CPU for all of the above:        ${cpu(c0)}`);
} finally {
  server.kill('SIGTERM');
}
