// Kubernetes API access for the profile: kubeconfig loading rules, a reachability probe, and API errors turned into one-line perfgate errors.
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { ConfigError, EnvironmentError } from '../../errors.js';
import type { KubernetesOptions } from './options.js';

export interface Kube {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  /** API server URL (for messages). */
  server: string;
}

/** kubeconfig per kubectl's rules: the given file, else $KUBECONFIG / ~/.kube/config, else in-cluster; then the context. */
export function loadKube(o: KubernetesOptions): Kube {
  const kc = new KubeConfig();
  try {
    if (o.inCluster) kc.loadFromCluster();
    else if (o.kubeconfig !== undefined) {
      if (!existsSync(o.kubeconfig)) throw new ConfigError(`profile Kubernetes: kubeconfig ${o.kubeconfig} does not exist`, [], 'give --kubeconfig FILE or the "kubeconfig" option a readable file');
      kc.loadFromFile(o.kubeconfig);
    } else kc.loadFromDefault();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`profile Kubernetes: cannot load the kubeconfig${o.kubeconfig ? ` ${o.kubeconfig}` : ''}: ${(e as Error).message}`, [], 'check the file with kubectl config view');
  }
  if (o.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === o.context)) throw new ConfigError(`profile Kubernetes: context '${o.context}' is not in the kubeconfig`, [], `known contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
    kc.setCurrentContext(o.context);
  }
  const cluster = kc.getCurrentCluster();
  // client-node's last resort when nothing is configured: an anonymous http://localhost:8080 (kubectl says "no configuration")
  const fallback = cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080' && kc.getCurrentUser()?.name === 'user';
  if (!cluster || fallback) {
    throw new EnvironmentError('no Kubernetes cluster is configured (no kubeconfig found and not running in a cluster)', { code: 'PERFGATE_K8S_NO_CLUSTER', hint: 'pass --kubeconfig FILE, set KUBECONFIG, or set "inCluster": true inside a pod' });
  }
  return { kc, core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), server: cluster.server };
}

/** The Status message of an API error, else the error's own message. */
export function apiMessage(e: unknown): string {
  if (e instanceof ApiException) {
    const body = e.body as unknown;
    try {
      const s = typeof body === 'string' ? (JSON.parse(body) as { message?: string }) : (body as { message?: string });
      if (s?.message) return s.message;
    } catch {
      /* not JSON */
    }
    return `HTTP ${e.code}`;
  }
  const err = e as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  return err.cause?.message ?? err.message ?? String(e);
}

/** Network-level failures (nothing reached the API server), as opposed to answers from it. */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof ApiException) return false;
  const err = e as { code?: string; type?: string; errno?: string; name?: string };
  return err.name === 'FetchError' || err.type === 'system' || /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN|EPIPE)$/.test(String(err.code ?? err.errno));
}

/** Wrap an API error: unreachable → PERFGATE_K8S_UNREACHABLE, 401 → auth, 403 → RBAC hint naming what was refused. */
export function kubeError(e: unknown, what: string, server: string): EnvironmentError {
  if (e instanceof EnvironmentError) return e;
  if (isUnreachable(e)) {
    return new EnvironmentError(`cannot reach the Kubernetes API server at ${server} (${what}): ${apiMessage(e)}`, { code: 'PERFGATE_K8S_UNREACHABLE', hint: 'check the kubeconfig context (kubectl cluster-info), the network or VPN, and that the cluster is running', cause: e });
  }
  if (e instanceof ApiException && e.code === 401) {
    return new EnvironmentError(`the Kubernetes API server at ${server} refused the credentials (${what})`, { code: 'PERFGATE_K8S_UNAUTHORIZED', hint: 'refresh the kubeconfig credentials (kubectl get ns must work)', cause: e });
  }
  if (e instanceof ApiException && e.code === 403) {
    return new EnvironmentError(`not allowed to ${what}: ${apiMessage(e)}`, { code: 'PERFGATE_K8S_FORBIDDEN', hint: 'grant the permissions listed in docs/kubernetes.md (examples/kubernetes-rbac.yaml)', cause: e });
  }
  return new EnvironmentError(`Kubernetes API error while trying to ${what}: ${apiMessage(e)}`, { code: 'PERFGATE_K8S_API', hint: 'see the message; kubectl with the same kubeconfig shows the same state', cause: e });
}

/** Fail fast, with exit code 69, when the API server does not answer (GET /version), within `timeoutMs`. */
export async function probeApi(kube: Kube, timeoutMs = 10_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    const v = await Promise.race([kube.kc.makeApiClient(VersionApi).getCode(), timeout]);
    return v.gitVersion;
  } catch (e) {
    throw kubeError(e, 'read the server version', kube.server);
  } finally {
    clearTimeout(timer);
  }
}

/** Run an API call; errors become perfgate errors naming `what`. */
export async function call<T>(kube: Kube, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw kubeError(e, what, kube.server);
  }
}

/** 404 from the API (the object does not exist). */
export const isNotFound = (e: unknown): boolean => e instanceof ApiException && e.code === 404;
export const isConflict = (e: unknown): boolean => e instanceof ApiException && e.code === 409;
