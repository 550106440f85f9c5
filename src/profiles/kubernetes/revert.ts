// Revert: delete only what this run created (by its run-id label, or the namespace perfgate created), then wait until it is gone.
import { EnvironmentError } from '../../errors.js';
import type { StepLogger } from '../../plugins/types.js';
import { call, isNotFound } from './client.js';
import { selector, statefulSetName } from './manifests.js';
import type { KubeRun } from './run-state.js';
import { deleteCommand } from './run-state.js';

const ignore404 = (e: unknown) => {
  if (!isNotFound(e)) throw e;
};

/** Delete the run's objects and wait until pods, claims (and the namespace, if ours) are gone. Never uses the run's abort signal. */
export async function revertRun(run: KubeRun, log: StepLogger): Promise<void> {
  run.watch?.stop();
  run.watch = undefined;
  if (!run.created) return;
  if (run.o.keep) {
    log.warn(`keeping the Kubernetes objects of run ${run.runId} (keep: true); delete them later with: ${deleteCommand(run)}`);
    return;
  }
  const { core, apps } = run.kube;
  const ns = run.o.namespace;
  const labelSelector = selector(run.runId);
  const started = Date.now();
  log.info(`deleting run ${run.runId} from namespace ${ns}`);
  await call(run.kube, `delete statefulset ${statefulSetName(run.o, run.runId)}`, () => apps.deleteNamespacedStatefulSet({ name: statefulSetName(run.o, run.runId), namespace: ns, propagationPolicy: 'Background' }).catch(ignore404));
  const [services, pods, claims] = await Promise.all([
    call(run.kube, `list services in ${ns}`, () => core.listNamespacedService({ namespace: ns, labelSelector })),
    call(run.kube, `list pods in ${ns}`, () => core.listNamespacedPod({ namespace: ns, labelSelector })),
    call(run.kube, `list persistentvolumeclaims in ${ns}`, () => core.listNamespacedPersistentVolumeClaim({ namespace: ns, labelSelector })),
  ]);
  await Promise.all([
    ...services.items.map((s) => call(run.kube, `delete service ${s.metadata?.name}`, () => core.deleteNamespacedService({ name: s.metadata?.name ?? '', namespace: ns }).catch(ignore404))),
    ...pods.items.map((p) => call(run.kube, `delete pod ${p.metadata?.name}`, () => core.deleteNamespacedPod({ name: p.metadata?.name ?? '', namespace: ns }).catch(ignore404))),
    ...claims.items.map((c) => call(run.kube, `delete persistentvolumeclaim ${c.metadata?.name}`, () => core.deleteNamespacedPersistentVolumeClaim({ name: c.metadata?.name ?? '', namespace: ns }).catch(ignore404))),
  ]);
  if (run.createdNamespace) await call(run.kube, `delete namespace ${ns}`, () => core.deleteNamespace({ name: ns }).catch(ignore404));

  const deadline = started + run.o.deleteTimeout * 1000;
  for (;;) {
    const left: string[] = [];
    const [p, c] = await Promise.all([
      call(run.kube, `list pods in ${ns}`, () => core.listNamespacedPod({ namespace: ns, labelSelector })).catch((e: unknown) => (isNotFoundish(e) ? undefined : Promise.reject(e))),
      call(run.kube, `list persistentvolumeclaims in ${ns}`, () => core.listNamespacedPersistentVolumeClaim({ namespace: ns, labelSelector })).catch((e: unknown) => (isNotFoundish(e) ? undefined : Promise.reject(e))),
    ]);
    left.push(...(p?.items ?? []).map((x) => `pod/${x.metadata?.name}`), ...(c?.items ?? []).map((x) => `pvc/${x.metadata?.name}`));
    if (run.createdNamespace && (await core.readNamespace({ name: ns }).then(() => true, (e: unknown) => !isNotFound(e)))) left.push(`namespace/${ns}`);
    if (left.length === 0) break;
    if (Date.now() > deadline) {
      throw new EnvironmentError(`run ${run.runId}: still present ${run.o.deleteTimeout} s after deletion: ${left.slice(0, 8).join(', ')}${left.length > 8 ? ` and ${left.length - 8} more` : ''}`, {
        code: 'PERFGATE_K8S_DELETE_TIMEOUT',
        hint: `check finalizers with kubectl describe; delete by hand with: ${deleteCommand(run)}`,
      });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  run.created = false;
  log.info(`run ${run.runId} deleted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A list in a namespace that is already gone answers 404 on some servers: nothing left. */
const isNotFoundish = (e: unknown): boolean => e instanceof EnvironmentError && isNotFound(e.cause);
