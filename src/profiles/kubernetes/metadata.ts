// Per-worker facts for RUNPERF_METADATA: node, pod IP, image digest, PVC, PV, storage class and capacity.
import type { V1Pod } from '@kubernetes/client-node';
import { VOLUME } from './manifests.js';
import type { KubeRun, WorkerRecord } from './run-state.js';

/** Look up each pod's claim and volume and remember them in `run.seen` (best effort: metadata never fails a run). */
export async function recordWorkers(run: KubeRun, pods: readonly V1Pod[]): Promise<void> {
  const { core } = run.kube;
  const ns = run.o.namespace;
  await Promise.all(
    pods.map(async (p) => {
      const name = p.metadata?.name ?? '';
      const claim = p.spec?.volumes?.find((v) => v.name === VOLUME)?.persistentVolumeClaim?.claimName;
      const rec: WorkerRecord = {
        pod: name,
        node: p.spec?.nodeName,
        pod_ip: p.status?.podIP,
        image: p.status?.containerStatuses?.[0]?.image ?? p.spec?.containers[0]?.image,
        image_id: p.status?.containerStatuses?.[0]?.imageID || undefined,
        pvc: claim,
      };
      if (claim) {
        const pvc = await core.readNamespacedPersistentVolumeClaim({ name: claim, namespace: ns }).catch(() => undefined);
        rec.pv = pvc?.spec?.volumeName;
        rec.storage_class = pvc?.spec?.storageClassName;
        rec.capacity = pvc?.status?.capacity?.['storage'];
        if (rec.pv) {
          const pv = await core.readPersistentVolume({ name: rec.pv }).catch(() => undefined);
          rec.csi_driver = pv?.spec?.csi?.driver;
          rec.volume_handle = pv?.spec?.csi?.volumeHandle;
        }
      }
      run.seen.set(name, Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined)) as unknown as WorkerRecord);
    }),
  );
}

/** `environment_profile_Kubernetes`: the cluster, the options that shape the workers, and every worker used. */
export function profileInfo(run: KubeRun): Record<string, unknown> {
  const o = run.o;
  return {
    api_server: run.kube.server,
    server_version: run.serverVersion,
    namespace: o.namespace,
    run_id: run.runId,
    statefulset: `${o.name}-${run.runId}`,
    image: o.image,
    storage_class: o.storageClass ?? '(cluster default)',
    volume_size: o.volumeSize,
    access_mode: o.accessMode,
    mount_path: o.mountPath,
    worker_counts: o.workers,
    driver: o.driver,
    node_selector: o.nodeSelector,
    workers: [...run.seen.values()].sort((a, b) => a.pod.localeCompare(b.pod, undefined, { numeric: true })),
  };
}
