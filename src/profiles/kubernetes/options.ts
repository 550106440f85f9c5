// Options of the Kubernetes profile (`Kubernetes:{json}` or the config file), validated all at once with dot-paths.
import { ConfigError } from '../../errors.js';

export type Driver = 'pod' | 'local' | 'port-forward';

export interface KubernetesOptions {
  /** kubeconfig file; default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account. */
  kubeconfig?: string;
  context?: string;
  inCluster: boolean;
  /** Namespace for the workers; created (and later deleted) by perfgate unless it exists. @default 'perfgate' */
  namespace: string;
  /** Base name of the StatefulSet, Service and driver pod; the run id is appended. @default 'perfgate-fio' */
  name: string;
  /** Worker counts: one number, or a list swept in order (the StatefulSet is scaled between them). @default [1] */
  workers: number[];
  /** StorageClass of the workers' volumes; default: the cluster's default class. */
  storageClass?: string;
  volumeSize: string;
  accessMode: 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadWriteMany';
  /** Image with `fio` and `sh` on the PATH. Required. */
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSecrets: string[];
  /** Where each worker's volume is mounted: give this folder as the fio test's "targets". @default '/data' */
  mountPath: string;
  port: number;
  nodeSelector: Record<string, string>;
  tolerations: Record<string, unknown>[];
  resources?: Record<string, unknown>;
  /** 'pod': fio --client in a driver pod inside the cluster; 'local': on the first host (pod IPs routable); 'port-forward': on the first host through port-forwards. */
  driver: Driver;
  /** Leave everything in place after the run (for debugging); revert prints how to delete it. */
  keep: boolean;
  /** Seconds to wait for all pods Ready. @default 300 */
  readyTimeout: number;
  /** Seconds to wait for deleted objects to disappear. @default 300 */
  deleteTimeout: number;
}

const KEYS = new Set(['kubeconfig', 'context', 'inCluster', 'namespace', 'name', 'workers', 'storageClass', 'volumeSize', 'accessMode', 'image', 'imagePullPolicy', 'imagePullSecrets', 'mountPath', 'port', 'nodeSelector', 'tolerations', 'resources', 'driver', 'keep', 'keepOnExit', 'readyTimeout', 'deleteTimeout']);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
/** StatefulSet names end up in pod names and a 63-character label with a hash suffix; keep room for `-<run id>-<ordinal>`. */
const MAX_NAME = 36;

export interface CliOverrides {
  kubeconfig?: string;
  keep?: boolean;
}

/** Parse and check the options; every problem is listed with its dot-path. */
export function parseKubernetesOptions(raw: Readonly<Record<string, unknown>>, cli: CliOverrides = {}): KubernetesOptions {
  const issues: string[] = [];
  const at = (k: string) => `Kubernetes.${k}`;
  for (const k of Object.keys(raw)) if (!KEYS.has(k)) issues.push(`${at(k)}: unknown option (known: ${[...KEYS].filter((x) => x !== 'keepOnExit').join(', ')})`);
  const str = (k: string, def?: string): string | undefined => {
    const v = raw[k];
    if (v === undefined) return def;
    if (typeof v !== 'string' || v === '') return void issues.push(`${at(k)}: must be a non-empty string`);
    return v;
  };
  const num = (k: string, def: number, min: number, max: number): number => {
    const v = raw[k] ?? def;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return (issues.push(`${at(k)}: must be an integer from ${min} to ${max}`), def);
    return v;
  };
  const bool = (k: string): boolean => {
    const v = raw[k];
    if (v !== undefined && typeof v !== 'boolean') issues.push(`${at(k)}: must be true or false`);
    return v === true;
  };
  const obj = (k: string): Record<string, unknown> | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return void issues.push(`${at(k)}: must be an object`);
    return v as Record<string, unknown>;
  };

  const namespace = str('namespace', 'perfgate') ?? 'perfgate';
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) issues.push(`${at('namespace')}: '${namespace}' is not a valid namespace name (lower-case letters, digits and '-')`);
  const name = str('name', 'perfgate-fio') ?? 'perfgate-fio';
  if (!DNS_LABEL.test(name) || name.length > MAX_NAME) issues.push(`${at('name')}: '${name}' must be a DNS label of at most ${MAX_NAME} characters`);

  let workers: number[] = [1];
  const w = raw['workers'];
  if (w !== undefined) {
    const list = Array.isArray(w) ? w : [w];
    if (list.length === 0 || !list.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1000)) issues.push(`${at('workers')}: must be a worker count from 1 to 1000, or a non-empty list of them (e.g. [1, 10, 50])`);
    else workers = list as number[];
  }
  const volumeSize = str('volumeSize', '10Gi') ?? '10Gi';
  if (!QUANTITY.test(volumeSize)) issues.push(`${at('volumeSize')}: '${volumeSize}' is not a Kubernetes quantity such as 10Gi`);
  const accessMode = str('accessMode', 'ReadWriteOnce') ?? 'ReadWriteOnce';
  if (!['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany'].includes(accessMode)) issues.push(`${at('accessMode')}: must be ReadWriteOnce, ReadWriteOncePod or ReadWriteMany`);
  const image = str('image');
  if (image === undefined && raw['image'] === undefined) issues.push(`${at('image')}: required: an image with fio and sh (see docs/kubernetes.md for a two-line Dockerfile)`);
  const pull = str('imagePullPolicy');
  if (pull !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(pull)) issues.push(`${at('imagePullPolicy')}: must be Always, IfNotPresent or Never`);
  const secrets = raw['imagePullSecrets'] ?? [];
  if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string')) issues.push(`${at('imagePullSecrets')}: must be a list of secret names`);
  const mountPath = str('mountPath', '/data') ?? '/data';
  if (!mountPath.startsWith('/')) issues.push(`${at('mountPath')}: must be an absolute path`);
  const nodeSelector = obj('nodeSelector') ?? {};
  for (const [k, v] of Object.entries(nodeSelector)) if (typeof v !== 'string') issues.push(`${at(`nodeSelector.${k}`)}: must be a string`);
  const tolerations = raw['tolerations'] ?? [];
  if (!Array.isArray(tolerations) || !tolerations.every((t) => t !== null && typeof t === 'object' && !Array.isArray(t))) issues.push(`${at('tolerations')}: must be a list of toleration objects`);
  const driver = str('driver', 'pod') ?? 'pod';
  if (driver !== 'pod' && driver !== 'local' && driver !== 'port-forward') issues.push(`${at('driver')}: must be 'pod' (fio --client in a pod inside the cluster), 'local' (on the first host) or 'port-forward' (on the first host, through the API server)`);
  const keep = bool('keep') || bool('keepOnExit') || cli.keep === true;
  const inCluster = bool('inCluster');
  const kubeconfig = str('kubeconfig') ?? cli.kubeconfig;
  if (inCluster && kubeconfig !== undefined) issues.push(`${at('inCluster')}: cannot be combined with a kubeconfig`);

  const o: KubernetesOptions = {
    kubeconfig,
    context: str('context'),
    inCluster,
    namespace,
    name,
    workers,
    storageClass: str('storageClass'),
    volumeSize,
    accessMode: accessMode as KubernetesOptions['accessMode'],
    image: image ?? '',
    imagePullPolicy: pull as KubernetesOptions['imagePullPolicy'],
    imagePullSecrets: Array.isArray(secrets) ? (secrets as string[]) : [],
    mountPath,
    port: num('port', 8765, 1, 65535),
    nodeSelector: nodeSelector as Record<string, string>,
    tolerations: Array.isArray(tolerations) ? (tolerations as Record<string, unknown>[]) : [],
    resources: obj('resources'),
    driver: driver as Driver,
    keep,
    readyTimeout: num('readyTimeout', 300, 1, 86_400),
    deleteTimeout: num('deleteTimeout', 300, 1, 86_400),
  };
  if (issues.length > 0) throw new ConfigError(`profile Kubernetes: ${issues.length} invalid option${issues.length > 1 ? 's' : ''}`, issues, 'see docs/kubernetes.md for every option');
  return o;
}
