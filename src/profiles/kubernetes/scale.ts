// Worker-count sweeps: scale the StatefulSet to N, wait for N Ready workers and for the ones above N to be gone.
import type { StepContext } from '../../plugins/types.js';
import type { Target } from '../../runner/targets/types.js';
import { EnvironmentError } from '../../errors.js';
import { call } from './client.js';
import { statefulSetName } from './manifests.js';
import { recordWorkers } from './metadata.js';
import type { KubeRun } from './run-state.js';
import { workerNames, workerTarget } from './targets.js';
import { waitForReady } from './wait.js';

export async function scaleRun(run: KubeRun, count: number, ctx: StepContext): Promise<Target[]> {
  const watch = run.watch;
  if (!watch) throw new EnvironmentError('the Kubernetes profile was not applied', { code: 'PERFGATE_K8S_NOT_APPLIED' });
  const name = statefulSetName(run.o, run.runId);
  const ns = run.o.namespace;
  const started = Date.now();
  await call(run.kube, `scale statefulset ${name}`, () => run.kube.apps.replaceNamespacedStatefulSetScale({ name, namespace: ns, body: { metadata: { name, namespace: ns }, spec: { replicas: count } } }));
  const wanted = new Set(workerNames(name, count));
  const extra = () => [...watch.pods.keys()].filter((p) => p.startsWith(`${name}-`) && /^\d+$/.test(p.slice(name.length + 1)) && !wanted.has(p));
  const pods = await waitForReady(run.kube, ns, watch, [...wanted], { timeoutMs: run.o.readyTimeout * 1000, log: ctx.log, signal: ctx.signal });
  // scaled-down workers must be gone before measuring: they would still hold CPU, memory and volume attachments
  if (!(await watch.until(() => extra().length === 0, run.o.deleteTimeout * 1000, ctx.signal))) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new EnvironmentError(`scaling ${name} to ${count}: pods ${extra().join(', ')} still present after ${run.o.deleteTimeout} s`, { code: 'PERFGATE_K8S_SCALE_TIMEOUT', hint: `kubectl -n ${ns} describe pod ${extra()[0] ?? ''}` });
  }
  recordWorkers(run, pods);
  ctx.log.info(`scaled ${name} to ${count} worker(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return pods.map((p) => workerTarget(run, p));
}
