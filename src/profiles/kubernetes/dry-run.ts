// --dry-run: the Kubernetes profile's manifests as one multi-document YAML stream, exactly as apply would create them.
import { dumpYaml } from '@kubernetes/client-node';
import type { Manifests } from './manifests.js';

export function manifestsYaml(m: Manifests, comment: string): string {
  const docs = [m.namespace, m.service, m.statefulSet, ...(m.driver ? [m.driver] : [])];
  return `# ${comment}\n` + docs.map((d) => `---\n${dumpYaml(d, { noRefs: true, lineWidth: 120 })}`).join('');
}
