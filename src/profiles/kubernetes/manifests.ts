// The objects the Kubernetes profile creates: Namespace, headless Service, StatefulSet of `fio --server` workers with PVCs, driver pod.
import type { V1Container, V1Namespace, V1Pod, V1Service, V1StatefulSet } from '@kubernetes/client-node';
import type { KubernetesOptions } from './options.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RUN_ID = 'perfgate.io/run-id';
export const ROLE = 'perfgate.io/role';
export const VOLUME = 'data';
export const CONTAINER = 'fio';

export interface Manifests {
  namespace: V1Namespace;
  service: V1Service;
  statefulSet: V1StatefulSet;
  /** The pod that runs `fio --client` inside the cluster (driver: 'pod'). */
  driver?: V1Pod;
}

/** Labels on everything perfgate creates for one run; revert deletes by exactly these. */
export function runLabels(runId: string): Record<string, string> {
  return { [MANAGED_BY]: 'perfgate', [RUN_ID]: runId };
}

/** `perfgate.io/run-id=<id>` (plus a role): the selector revert and the waits use. */
export function selector(runId: string, role?: 'worker' | 'driver'): string {
  return `${MANAGED_BY}=perfgate,${RUN_ID}=${runId}${role ? `,${ROLE}=${role}` : ''}`;
}

export const statefulSetName = (o: KubernetesOptions, runId: string) => `${o.name}-${runId}`;

function container(o: KubernetesOptions, command: string[]): V1Container {
  return {
    name: CONTAINER,
    image: o.image,
    ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
    command,
    env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
    ...(o.resources ? { resources: o.resources } : {}),
  };
}

/** Everything for one run, at `replicas` workers. */
export function buildManifests(o: KubernetesOptions, runId: string, replicas: number): Manifests {
  const labels = runLabels(runId);
  const name = statefulSetName(o, runId);
  const worker = { ...labels, [ROLE]: 'worker', 'app.kubernetes.io/name': 'fio-worker' };
  const podSpecExtras = {
    ...(Object.keys(o.nodeSelector).length > 0 ? { nodeSelector: o.nodeSelector } : {}),
    ...(o.tolerations.length > 0 ? { tolerations: o.tolerations } : {}),
    ...(o.imagePullSecrets.length > 0 ? { imagePullSecrets: o.imagePullSecrets.map((n) => ({ name: n })) } : {}),
    terminationGracePeriodSeconds: 5,
  };
  const fio = container(o, ['fio', `--server=ip:$(POD_IP),${o.port}`]);
  fio.ports = [{ name: 'fio', containerPort: o.port }];
  fio.readinessProbe = { tcpSocket: { port: o.port }, periodSeconds: 2 };
  fio.volumeMounts = [{ name: VOLUME, mountPath: o.mountPath }];
  const m: Manifests = {
    namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace, labels } },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: o.namespace, labels },
      spec: { clusterIP: 'None', selector: worker, ports: [{ name: 'fio', port: o.port, targetPort: o.port }] },
    },
    statefulSet: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: o.namespace, labels },
      spec: {
        replicas,
        serviceName: name,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: worker },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
        template: {
          metadata: { labels: worker },
          spec: {
            ...podSpecExtras,
            affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { [RUN_ID]: runId, [ROLE]: 'worker' } } } }] } },
            containers: [fio],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: VOLUME, labels },
            spec: { accessModes: [o.accessMode], ...(o.storageClass ? { storageClassName: o.storageClass } : {}), resources: { requests: { storage: o.volumeSize } } },
          },
        ],
      },
    },
  };
  if (o.driver === 'pod') {
    m.driver = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-driver`, namespace: o.namespace, labels: { ...labels, [ROLE]: 'driver' } },
      // an idle shell that exits at once on SIGTERM; fio --client runs in it through exec
      spec: { ...podSpecExtras, restartPolicy: 'Always', containers: [container(o, ['sh', '-c', 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done'])] },
    };
  }
  return m;
}
