// The fake control plane: StatefulSet controller (pods + PVCs), PVC binder, scheduler, garbage collection, namespace termination, events.
import type { Kubelet } from './kubelet.js';
import { setCondition } from './kubelet.js';
import { parseSelector } from './selector.js';
import type { KObject, Store } from './store.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are free-form JSON */

export interface ClusterOptions {
  /** Pods whose name ends with a key stay Pending, with the value as FailedScheduling message. */
  stuckPending: Map<string, string>;
  /** Grace period cap for pod termination in the fake (ms). */
  terminationGraceMs: number;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export class Cluster {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private readonly stopping = new Set<string>();
  private nodeTurn = 0;
  readonly store: Store;
  private readonly kubelet: Kubelet;
  private readonly o: ClusterOptions;

  constructor(store: Store, kubelet: Kubelet, options: ClusterOptions) {
    this.store = store;
    this.kubelet = kubelet;
    this.o = options;
    store.on('event', (ev) => {
      if (ev.resource !== 'events') this.schedule();
    });
  }

  /** Coalesce reconciles: at most one pass every 10 ms. */
  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.running = true;
      try {
        this.reconcile();
      } finally {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      }
    }, 10);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Record or bump an Event about an object (deduplicated on object + reason + message, like the kubelet's recorder). */
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const ns = obj.metadata.namespace ?? 'default';
    if (!this.store.has('namespaces', '', ns)) return;
    const existing = this.store.peek('events', ns).find((e) => e.involvedObject?.uid === obj.metadata.uid && e.reason === reason && e.message === message);
    if (existing) {
      this.store.mutate('events', ns, existing.metadata.name, (e) => ((e.count = (e.count ?? 1) + 1), (e.lastTimestamp = now())));
      return;
    }
    this.store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`, namespace: ns },
      involvedObject: { kind: obj.kind, name: obj.metadata.name, namespace: ns, uid: obj.metadata.uid, apiVersion: obj.apiVersion },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now(),
      lastTimestamp: now(),
      source: { component: reason === 'FailedScheduling' ? 'default-scheduler' : 'kubelet' },
    });
  }

  private reconcile(): void {
    this.terminateNamespaces();
    for (const sts of this.store.peek('statefulsets')) this.reconcileStatefulSet(sts);
    this.collectOrphans();
    this.bindClaims();
    for (const pod of this.store.peek('pods')) this.schedulePod(pod);
    this.releaseClaims();
  }

  private terminateNamespaces(): void {
    for (const ns of this.store.peek('namespaces')) {
      if (!ns.metadata.deletionTimestamp) continue;
      const name = ns.metadata.name;
      for (const r of ['statefulsets', 'services', 'persistentvolumeclaims', 'configmaps']) for (const o of this.store.peek(r, name)) this.store.remove(r, name, o.metadata.name);
      for (const pod of this.store.peek('pods', name)) this.deletePod(pod);
      if (this.store.peek('pods', name).length === 0) {
        for (const e of this.store.peek('events', name)) this.store.remove('events', name, e.metadata.name);
        this.store.remove('namespaces', '', name);
      }
    }
  }

  /** Graceful pod deletion: mark, stop the process, then remove. */
  deletePod(pod: KObject): void {
    const ns = pod.metadata.namespace ?? '';
    const key = `${ns}/${pod.metadata.name}/${pod.metadata.uid}`;
    if (this.stopping.has(key)) return;
    this.stopping.add(key);
    if (!pod.metadata.deletionTimestamp) this.store.mutate('pods', ns, pod.metadata.name, (p) => (p.metadata.deletionTimestamp = now()));
    const grace = Math.min(this.o.terminationGraceMs, 1000 * (pod.spec?.terminationGracePeriodSeconds ?? 30));
    void this.kubelet.stop(pod, grace).then(() => {
      this.stopping.delete(key);
      const cur = this.store.get('pods', ns, pod.metadata.name);
      if (cur && cur.metadata.uid === pod.metadata.uid) this.store.remove('pods', ns, pod.metadata.name);
    });
  }

  private reconcileStatefulSet(sts: KObject): void {
    const ns = sts.metadata.namespace ?? '';
    const name = sts.metadata.name;
    const replicas: number = sts.spec.replicas ?? 1;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const owned = this.store.peek('pods', ns).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === sts.metadata.uid));
    const byOrdinal = new Map(owned.map((p) => [Number(p.metadata.name.slice(name.length + 1)), p]));
    for (let i = 0; i < replicas; i++) {
      const existing = byOrdinal.get(i);
      if (existing) {
        if (!parallel && !isReady(existing)) break;
        continue;
      }
      this.ensureClaims(sts, i);
      this.store.create('pods', this.podFor(sts, i));
      if (!parallel) break;
    }
    const excess = owned.filter((p) => Number(p.metadata.name.slice(name.length + 1)) >= replicas).sort((a, b) => b.metadata.name.localeCompare(a.metadata.name, undefined, { numeric: true }));
    for (const p of parallel ? excess : excess.slice(0, 1)) this.deletePod(p);
    const live = owned.filter((p) => !p.metadata.deletionTimestamp);
    const ready = live.filter(isReady).length;
    const st = sts.status ?? {};
    if (st.replicas !== live.length || st.readyReplicas !== ready || st.observedGeneration !== sts.metadata.generation) {
      this.store.mutate('statefulsets', ns, name, (s) => {
        s.status = { ...s.status, observedGeneration: s.metadata.generation, replicas: live.length, readyReplicas: ready, currentReplicas: live.length, updatedReplicas: live.length, availableReplicas: ready };
      });
    }
  }

  private ensureClaims(sts: KObject, i: number): void {
    const ns = sts.metadata.namespace ?? '';
    for (const t of (sts.spec.volumeClaimTemplates ?? []) as KObject[]) {
      const claim = `${t.metadata.name}-${sts.metadata.name}-${i}`;
      if (this.store.has('persistentvolumeclaims', ns, claim)) continue;
      this.store.create('persistentvolumeclaims', {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claim, namespace: ns, labels: { ...(t.metadata.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) }, finalizers: ['kubernetes.io/pvc-protection'] },
        spec: structuredClone(t.spec),
        status: { phase: 'Pending' },
      });
    }
  }

  private podFor(sts: KObject, i: number): KObject {
    const name = `${sts.metadata.name}-${i}`;
    const tpl = structuredClone(sts.spec.template);
    const spec = tpl.spec;
    spec.hostname = name;
    spec.subdomain = sts.spec.serviceName;
    spec.volumes ??= [];
    for (const t of (sts.spec.volumeClaimTemplates ?? []) as KObject[]) spec.volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: `${t.metadata.name}-${sts.metadata.name}-${i}` } });
    spec.restartPolicy ??= 'Always';
    spec.terminationGracePeriodSeconds ??= 30;
    for (const c of spec.containers) c.imagePullPolicy ??= 'IfNotPresent';
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: sts.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}), 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
        annotations: tpl.metadata?.annotations,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: sts.metadata.name, uid: sts.metadata.uid ?? '', controller: true }],
      },
      spec,
      status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [] },
    };
  }

  /** Pods owned by a StatefulSet that is gone are deleted (background cascading deletion). */
  private collectOrphans(): void {
    const uids = new Set(this.store.peek('statefulsets').map((s) => s.metadata.uid));
    for (const pod of this.store.peek('pods')) {
      const owner = pod.metadata.ownerReferences?.find((r) => r.kind === 'StatefulSet');
      if (owner && !uids.has(owner.uid)) this.deletePod(pod);
    }
  }

  private bindClaims(): void {
    for (const pvc of this.store.peek('persistentvolumeclaims')) {
      if (pvc.status?.phase === 'Bound' || pvc.metadata.deletionTimestamp) continue;
      const ns = pvc.metadata.namespace ?? '';
      const scName = pvc.spec?.storageClassName;
      const sc = scName ? this.store.get('storageclasses', '', scName) : this.store.peek('storageclasses').find((s) => s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
      if (!sc) {
        this.event(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${scName ?? ''}" not found`);
        continue;
      }
      const pv = `pvc-${pvc.metadata.uid}`;
      if (!this.store.has('persistentvolumes', '', pv)) {
        this.store.create('persistentvolumes', {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: pv, annotations: { 'pv.kubernetes.io/provisioned-by': sc.provisioner } },
          spec: {
            capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
            accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
            persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
            storageClassName: sc.metadata.name,
            claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: pvc.metadata.name, uid: pvc.metadata.uid },
            csi: { driver: sc.provisioner, volumeHandle: pv },
          },
          status: { phase: 'Bound' },
        });
        this.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv}`);
      }
      this.store.mutate('persistentvolumeclaims', ns, pvc.metadata.name, (c) => {
        c.spec.volumeName = pv;
        c.spec.storageClassName ??= sc.metadata.name;
        c.status = { phase: 'Bound', accessModes: c.spec.accessModes, capacity: { storage: c.spec?.resources?.requests?.storage ?? '1Gi' } };
      });
    }
  }

  /** PVCs marked for deletion go once no pod uses them; their dynamically provisioned PVs go with them. */
  private releaseClaims(): void {
    for (const pvc of this.store.peek('persistentvolumeclaims')) {
      if (!pvc.metadata.deletionTimestamp) continue;
      const ns = pvc.metadata.namespace ?? '';
      const used = this.store.peek('pods', ns).some((p) => (p.spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
      if (!used) this.store.remove('persistentvolumeclaims', ns, pvc.metadata.name);
    }
    for (const pv of this.store.peek('persistentvolumes')) {
      const ref = pv.spec?.claimRef;
      const claim = ref ? this.store.get('persistentvolumeclaims', ref.namespace, ref.name) : undefined;
      if (ref && (!claim || claim.metadata.uid !== ref.uid) && pv.spec.persistentVolumeReclaimPolicy === 'Delete') this.store.remove('persistentvolumes', '', pv.metadata.name);
    }
  }

  private schedulePod(pod: KObject): void {
    if (pod.metadata.deletionTimestamp) return;
    const ns = pod.metadata.namespace ?? '';
    if (pod.spec.nodeName) {
      this.kubelet.start(pod);
      return;
    }
    const stuck = [...this.o.stuckPending].find(([suffix]) => pod.metadata.name.endsWith(suffix))?.[1];
    if (stuck !== undefined) return this.unschedulable(pod, stuck);
    const claims = (pod.spec.volumes ?? []).map((v: any) => v.persistentVolumeClaim?.claimName).filter(Boolean) as string[];
    const unbound = claims.filter((c) => this.store.get('persistentvolumeclaims', ns, c)?.status?.phase !== 'Bound');
    const nodes = this.store.peek('nodes');
    if (unbound.length > 0) return this.unschedulable(pod, `0/${nodes.length} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`);
    const fits = parseSelector(Object.entries(pod.spec.nodeSelector ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(','));
    const candidates = nodes.filter((n) => fits(n.metadata.labels ?? {}));
    if (candidates.length === 0) return this.unschedulable(pod, `0/${nodes.length} nodes are available: ${nodes.length} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`);
    const node = candidates[this.nodeTurn++ % candidates.length] as KObject;
    const ip = this.kubelet.ipFor(pod);
    const updated = this.store.mutate('pods', ns, pod.metadata.name, (p) => {
      p.spec.nodeName = node.metadata.name;
      p.status.hostIP = node.status?.addresses?.[0]?.address ?? '127.0.0.1';
      p.status.podIP = ip;
      p.status.podIPs = [{ ip }];
      setCondition(p, 'PodScheduled', 'True');
    });
    if (!updated) return;
    this.event(updated, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${node.metadata.name}`);
    this.kubelet.start(updated);
  }

  private unschedulable(pod: KObject, message: string): void {
    const cond = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (cond?.status === 'False' && cond.message === message) return;
    this.store.mutate('pods', pod.metadata.namespace ?? '', pod.metadata.name, (p) => {
      setCondition(p, 'PodScheduled', 'False', 'Unschedulable');
      (p.status.conditions as any[]).find((c) => c.type === 'PodScheduled').message = message;
    });
    this.event(pod, 'Warning', 'FailedScheduling', message);
  }
}

export function isReady(pod: KObject): boolean {
  return !pod.metadata.deletionTimestamp && (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}
