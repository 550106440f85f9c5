// In-memory result trees of one fio family for the perfgate-model and change-listing tests.
import type { Check, ResultTree } from '../../../../src/result/types.js';

/** A tree with one `P/fio/0000:./<iteration>/throughput/iops_sec.mean` check per entry. */
export function tree(name: string, values: Record<string, number>): ResultTree {
  const checks: Check[] = Object.entries(values).map(([iteration, value]) => ({
    id: `P/fio/0000:./${iteration}/throughput/iops_sec.mean`,
    profile: 'P',
    test: 'fio',
    serial: '0000',
    iteration,
    workflow: 'throughput',
    metric: 'iops_sec',
    kind: 'mean',
    primary: true,
    value,
    valueIsInt: false,
    unit: 'IOPS',
    direction: 'higher',
    params: {},
    source: 'P/fio/0000/result.json',
  }));
  return { name, path: `/x/${name}`, metadata: {}, checks, warnings: [], incomplete: false };
}
