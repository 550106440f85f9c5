// The Kubernetes profile: fio worker pods (a StatefulSet with a volume each) as targets, a driver pod, worker-count sweeps, clean revert.
import { randomBytes } from 'node:crypto';
import type { PluginContext, Profile, StepContext } from '../../plugins/types.js';
import type { Target } from '../../runner/targets/types.js';
import { applyRun } from './apply.js';
import { loadKube, probeApi } from './client.js';
import { manifestsYaml } from './dry-run.js';
import { buildManifests } from './manifests.js';
import { profileInfo, resolveVolumes } from './metadata.js';
import { parseKubernetesOptions } from './options.js';
import { Forwards } from './port-forward.js';
import { revertRun } from './revert.js';
import type { KubeRun } from './run-state.js';
import { scaleRun } from './scale.js';

/** Factory of the built-in `Kubernetes` profile. Options are checked first (exit 78); then the API server must answer (exit 69). */
export async function createKubernetesProfile(raw: Readonly<Record<string, unknown>>, plugin: PluginContext): Promise<Profile> {
  const o = parseKubernetesOptions(raw, { kubeconfig: plugin.kubeconfig, keep: plugin.keep });
  const runId = randomBytes(3).toString('hex');
  const first = o.workers[0] ?? 1;
  const dryRun = () =>
    manifestsYaml(buildManifests(o, runId, first), `Kubernetes profile, run id ${runId} (a new one per run); ${o.workers.length > 1 ? `the StatefulSet is scaled through ${o.workers.join(' → ')} workers` : `${first} worker(s)`}`);
  if (plugin.dryRun) {
    return { name: 'Kubernetes', apply: async () => [], revert: async () => undefined, dryRun };
  }
  const kube = loadKube(o);
  const run: KubeRun = { kube, o, runId, createdNamespace: false, created: false, seen: new Map() };
  run.serverVersion = await probeApi(kube);
  let driver: Target | undefined;
  const forwards = o.driver === 'port-forward' ? new Forwards(kube.kc) : undefined;
  const route = async (workers: Target[]) => (forwards ? forwards.route(workers, o.namespace, o.port) : workers);

  const revert = (ctx: StepContext) => (forwards?.close(), revertRun(run, ctx.log));
  return {
    name: 'Kubernetes',
    async apply(hosts, ctx) {
      try {
        const applied = await applyRun(run, first, ctx);
        driver = o.driver === 'pod' ? applied.driver : undefined; // 'local': the first host drives, as usual
        return await route(applied.workers);
      } catch (e) {
        // the runner skips revert when interrupted during apply: clean up here, whatever happened
        if (ctx.signal.aborted) await revert(ctx).catch((r: unknown) => ctx.log.warn(`cleanup after interrupt failed: ${(r as Error).message}`));
        throw e;
      }
    },
    driver: () => driver,
    ...(o.workers.length > 1 ? { workerCounts: o.workers, scale: async (count: number, ctx: StepContext) => route(await scaleRun(run, count, ctx)) } : {}),
    revert,
    info: async () => (await resolveVolumes(run), profileInfo(run)),
    dryRun,
  };
}
