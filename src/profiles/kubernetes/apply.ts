// Apply: namespace (unless it exists), headless Service, StatefulSet of fio servers and the driver pod; then wait until all are Ready.
import type { V1Pod } from '@kubernetes/client-node';
import { EnvironmentError } from '../../errors.js';
import type { StepContext } from '../../plugins/types.js';
import type { Target } from '../../runner/targets/types.js';
import { call, isConflict, isNotFound } from './client.js';
import { buildManifests, selector } from './manifests.js';
import { recordWorkers } from './metadata.js';
import { PodWatch } from './pod-watch.js';
import type { KubeRun } from './run-state.js';
import { deleteCommand } from './run-state.js';
import { driverTarget, workerNames, workerTarget } from './targets.js';
import { waitForReady } from './wait.js';

export interface Applied {
  workers: Target[];
  driver?: Target;
}

async function ensureNamespace(run: KubeRun): Promise<void> {
  const { core } = run.kube;
  const ns = run.o.namespace;
  const existing = await core.readNamespace({ name: ns }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (existing) {
    if (existing.metadata?.deletionTimestamp) throw new EnvironmentError(`namespace ${ns} is being deleted`, { code: 'PERFGATE_K8S_NAMESPACE_TERMINATING', hint: 'wait until it is gone, or choose another "namespace"' });
    return;
  }
  try {
    await core.createNamespace({ body: buildManifests(run.o, run.runId, 0).namespace });
    run.createdNamespace = true;
    run.created = true;
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
}

/** Create everything at `count` workers and wait for Ready; returns the worker targets (ordinal order) and the driver. */
export async function applyRun(run: KubeRun, count: number, ctx: StepContext): Promise<Applied> {
  const { core, apps } = run.kube;
  const ns = run.o.namespace;
  const m = buildManifests(run.o, run.runId, count);
  run.seen.clear(); // a retried apply starts over
  await call(run.kube, `create namespace ${ns}`, () => ensureNamespace(run));
  run.created = true;
  ctx.log.info(`Kubernetes run ${run.runId}: ${count} fio worker(s) in namespace ${ns} on ${run.kube.server}; if perfgate is killed, delete with: ${deleteCommand(run)}`);
  await call(run.kube, `create service in namespace ${ns}`, () => core.createNamespacedService({ namespace: ns, body: m.service }));
  await call(run.kube, `create statefulset in namespace ${ns}`, () => apps.createNamespacedStatefulSet({ namespace: ns, body: m.statefulSet }));
  if (m.driver) {
    const driver = m.driver;
    await call(run.kube, `create pod in namespace ${ns}`, () => core.createNamespacedPod({ namespace: ns, body: driver }));
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
  run.watch = new PodWatch(run.kube, ns, selector(run.runId));
  await run.watch.start();
  const names = [...workerNames(m.statefulSet.metadata?.name ?? '', count), ...(m.driver ? [m.driver.metadata?.name ?? ''] : [])];
  const pods = await waitForReady(run.kube, ns, run.watch, names, { timeoutMs: run.o.readyTimeout * 1000, log: ctx.log, signal: ctx.signal });
  const workers = pods.slice(0, count);
  recordWorkers(run, workers);
  const driverPod: V1Pod | undefined = m.driver ? pods[count] : undefined;
  return { workers: workers.map((p) => workerTarget(run, p)), driver: driverPod ? driverTarget(run, driverPod) : undefined };
}
