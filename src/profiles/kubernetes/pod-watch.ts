// A live view of the pods matching a label selector: list, then watch from its resourceVersion, re-listing whenever the watch ends.
import type { V1Pod } from '@kubernetes/client-node';
import { Watch } from '@kubernetes/client-node';
import type { Kube } from './client.js';
import { call } from './client.js';

export class PodWatch {
  readonly pods = new Map<string, V1Pod>();
  private abort: AbortController | undefined;
  private stopped = false;
  private readonly listeners = new Set<() => void>();
  /** The last list/watch error, if the view is stale because of it. */
  error: Error | undefined;
  private readonly kube: Kube;
  private readonly namespace: string;
  private readonly labelSelector: string;

  constructor(kube: Kube, namespace: string, labelSelector: string) {
    this.kube = kube;
    this.namespace = namespace;
    this.labelSelector = labelSelector;
  }

  /** List once (errors thrown), then keep the view current in the background. */
  async start(): Promise<void> {
    await this.relist();
  }

  private async relist(): Promise<void> {
    const list = await call(this.kube, `list pods in namespace ${this.namespace}`, () => this.kube.core.listNamespacedPod({ namespace: this.namespace, labelSelector: this.labelSelector }));
    this.pods.clear();
    for (const p of list.items) this.pods.set(p.metadata?.name ?? '', p);
    this.error = undefined;
    this.changed();
    if (this.stopped) return;
    this.abort = await new Watch(this.kube.kc).watch(
      `/api/v1/namespaces/${this.namespace}/pods`,
      { labelSelector: this.labelSelector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: false },
      (type: string, obj: V1Pod) => {
        const name = obj.metadata?.name ?? '';
        if (type === 'DELETED') this.pods.delete(name);
        else if (type === 'ADDED' || type === 'MODIFIED') this.pods.set(name, obj);
        this.changed();
      },
      (err: unknown) => {
        if (this.stopped) return;
        if (err) this.error = err as Error;
        setTimeout(() => void this.relist().catch((e: unknown) => ((this.error = e as Error), setTimeout(() => void this.relist().catch(() => undefined), 1000))), 200);
      },
    );
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Resolve when `test()` holds (checked on every change), or reject after `timeoutMs` / on abort. */
  until(test: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (test()) return resolve(true);
      if (signal?.aborted) return resolve(false);
      const done = (ok: boolean) => {
        this.listeners.delete(check);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const check = () => test() && done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(test()), timeoutMs);
      this.listeners.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.listeners.clear();
  }
}

export const isPodReady = (p: V1Pod): boolean => !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
