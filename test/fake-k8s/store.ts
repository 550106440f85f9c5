// The fake API server's object store: typed-by-resource maps, a global resourceVersion, a bounded event history for watches.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Labels } from './selector.js';
import { fieldsOf, parseSelector } from './selector.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are free-form JSON here */
export interface KMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  finalizers?: string[];
  generateName?: string;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: KMeta;
  spec?: any;
  status?: any;
  [key: string]: any;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchType;
  resource: string;
  namespace: string;
  object: KObject;
  rv: number;
}

export interface ListQuery {
  namespace?: string;
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

const HISTORY = 20_000;

export class Store extends EventEmitter<{ event: [StoreEvent] }> {
  private rv = 100;
  private readonly objects = new Map<string, Map<string, KObject>>();
  readonly history: StoreEvent[] = [];

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch can still start from. */
  get oldestWatchable(): number {
    return this.history[0]?.rv ?? this.rv;
  }

  private map(resource: string): Map<string, KObject> {
    let m = this.objects.get(resource);
    if (!m) this.objects.set(resource, (m = new Map()));
    return m;
  }

  private record(type: WatchType, resource: string, obj: KObject): void {
    const ev: StoreEvent = { type, resource, namespace: obj.metadata.namespace ?? '', object: structuredClone(obj), rv: Number(obj.metadata.resourceVersion) };
    this.history.push(ev);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    this.emit('event', ev);
  }

  get(resource: string, namespace: string, name: string): KObject | undefined {
    const o = this.map(resource).get(`${namespace}/${name}`);
    return o === undefined ? undefined : structuredClone(o);
  }

  has(resource: string, namespace: string, name: string): boolean {
    return this.map(resource).has(`${namespace}/${name}`);
  }

  /** Create; the caller checked for conflicts. Fills uid, resourceVersion, creationTimestamp. */
  create(resource: string, obj: KObject): KObject {
    const o = structuredClone(obj);
    o.metadata.uid = randomUUID();
    o.metadata.resourceVersion = String(++this.rv);
    o.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    o.metadata.generation = 1;
    this.map(resource).set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    this.record('ADDED', resource, o);
    return structuredClone(o);
  }

  /** Replace an existing object (spec or status changes); bumps its resourceVersion. */
  update(resource: string, obj: KObject): KObject {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const old = this.map(resource).get(key);
    if (!old) throw new Error(`update of missing ${resource} ${key}`);
    const o = structuredClone(obj);
    o.metadata.uid = old.metadata.uid;
    o.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (JSON.stringify(old.spec) !== JSON.stringify(o.spec)) o.metadata.generation = (old.metadata.generation ?? 1) + 1;
    o.metadata.resourceVersion = String(++this.rv);
    this.map(resource).set(key, o);
    this.record('MODIFIED', resource, o);
    return structuredClone(o);
  }

  /** Apply `change` to the stored object, if it still exists. */
  mutate(resource: string, namespace: string, name: string, change: (o: KObject) => void): KObject | undefined {
    const o = this.get(resource, namespace, name);
    if (!o) return undefined;
    change(o);
    return this.update(resource, o);
  }

  remove(resource: string, namespace: string, name: string): KObject | undefined {
    const key = `${namespace}/${name}`;
    const o = this.map(resource).get(key);
    if (!o) return undefined;
    this.map(resource).delete(key);
    o.metadata.resourceVersion = String(++this.rv);
    this.record('DELETED', resource, o);
    return structuredClone(o);
  }

  /** The stored objects themselves, for the fake's controllers (read only; never hand them out). */
  peek(resource: string, namespace?: string): KObject[] {
    const all = [...this.map(resource).values()];
    return namespace === undefined ? all : all.filter((o) => (o.metadata.namespace ?? '') === namespace);
  }

  list(resource: string, q: ListQuery = {}): KObject[] {
    const labels = parseSelector(q.labelSelector);
    const fields = parseSelector(q.fieldSelector);
    const out: KObject[] = [];
    for (const o of this.map(resource).values()) {
      if (q.namespace !== undefined && q.namespace !== '' && (o.metadata.namespace ?? '') !== q.namespace) continue;
      if (!labels((o.metadata.labels ?? {}) as Labels)) continue;
      if (q.fieldSelector && !fields(fieldsOf(o as Record<string, unknown>))) continue;
      out.push(structuredClone(o));
    }
    return out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name, undefined, { numeric: true }));
  }

  /** Whether an event concerns a list query (namespace, labels, fields). */
  static matches(ev: StoreEvent, resource: string, q: ListQuery): boolean {
    if (ev.resource !== resource) return false;
    if (q.namespace && ev.namespace !== q.namespace) return false;
    if (!parseSelector(q.labelSelector)((ev.object.metadata.labels ?? {}) as Labels)) return false;
    if (q.fieldSelector && !parseSelector(q.fieldSelector)(fieldsOf(ev.object as Record<string, unknown>))) return false;
    return true;
  }
}
