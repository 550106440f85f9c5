// The resources the fake API server serves: URL group, kind, scope, plus Status objects and discovery documents.
import type { KObject } from './store.js';

export interface ResourceInfo {
  plural: string;
  kind: string;
  /** `v1` for the core group, else `group/version`. */
  groupVersion: string;
  namespaced: boolean;
  verbs: string[];
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: ResourceInfo[] = [
  { plural: 'namespaces', kind: 'Namespace', groupVersion: 'v1', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { plural: 'nodes', kind: 'Node', groupVersion: 'v1', namespaced: false, verbs: ['get', 'list', 'watch'] },
  { plural: 'persistentvolumes', kind: 'PersistentVolume', groupVersion: 'v1', namespaced: false, verbs: ALL },
  { plural: 'pods', kind: 'Pod', groupVersion: 'v1', namespaced: true, verbs: ALL },
  { plural: 'services', kind: 'Service', groupVersion: 'v1', namespaced: true, verbs: ALL },
  { plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', groupVersion: 'v1', namespaced: true, verbs: ALL },
  { plural: 'events', kind: 'Event', groupVersion: 'v1', namespaced: true, verbs: ALL },
  { plural: 'configmaps', kind: 'ConfigMap', groupVersion: 'v1', namespaced: true, verbs: ALL },
  { plural: 'statefulsets', kind: 'StatefulSet', groupVersion: 'apps/v1', namespaced: true, verbs: ALL },
  { plural: 'storageclasses', kind: 'StorageClass', groupVersion: 'storage.k8s.io/v1', namespaced: false, verbs: ALL },
];

export function resourceInfo(groupVersion: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.groupVersion === groupVersion && r.plural === plural);
}

/** A `v1.Status` failure, as the API server returns it. */
export function status(code: number, reason: string, message: string, details?: Record<string, unknown>): KObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {} as KObject['metadata'], status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export const notFound = (plural: string, name: string) => status(404, 'NotFound', `${plural} "${name}" not found`, { name, kind: plural });
export const alreadyExists = (plural: string, name: string, group = '') =>
  status(409, 'AlreadyExists', `${plural}${group ? `.${group}` : ''} "${name}" already exists`, { name, group, kind: plural });

/** `GET /api/v1`, `/apis/apps/v1`, ...: the APIResourceList kubectl discovers. */
export function resourceList(groupVersion: string): Record<string, unknown> {
  const resources = RESOURCES.filter((r) => r.groupVersion === groupVersion).flatMap((r) => [
    { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: r.verbs },
    ...(r.plural === 'pods'
      ? [
          { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
          { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
          { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
          { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
        ]
      : []),
    ...(r.plural === 'statefulsets' ? [{ name: 'statefulsets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }] : []),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

export function apiGroupList(): Record<string, unknown> {
  const groups = [...new Set(RESOURCES.map((r) => r.groupVersion).filter((g) => g !== 'v1'))].map((gv) => {
    const [group, version] = gv.split('/') as [string, string];
    return { name: group, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}
