// Worker-count sweeps: wrap a workload so each count re-scales the profile's workers, runs a fresh workload, and names iterations `-workers<N>`.
import { join } from 'node:path';
import type { PlannedIteration, Workload, WorkloadContext } from '../plugins/types.js';
import type { PbenchIteration } from '../result/pbench.js';
import type { Target } from './targets/types.js';

export interface WorkerSweep {
  counts: readonly number[];
  scale(count: number): Promise<Target[]>;
}

const suffix = (n: number) => `-workers${n}`;

/** Add the worker count to an iteration's name and benchmark parameters. */
function tagIteration(it: PbenchIteration, n: number): PbenchIteration {
  const params = it.iteration_data.parameters;
  const benchmark = (params?.benchmark ?? [{}]).map((b) => ({ ...b, workers: String(n) }));
  return { ...it, iteration_name: `${it.iteration_name}${suffix(n)}`, iteration_data: { ...it.iteration_data, parameters: { ...params, benchmark } } };
}

/**
 * A workload running `create()` once per worker count, in order, on the workers `scale(count)` returns. Each count gets
 * its own fresh workload (check, run, cleanup) and its own raw-output folder `workers<N>/`; the result is one list of
 * iterations (a scaling curve), numbered in order.
 */
export async function sweepWorkers(create: () => Promise<Workload>, sweep: WorkerSweep): Promise<Workload> {
  const base = await create();
  const plan = (): PlannedIteration[] => sweep.counts.flatMap((n) => base.plan().map((it) => ({ ...it, name: `${it.name}${suffix(n)}`, params: { ...it.params, workers: n } })));
  return {
    name: base.name,
    plan,
    async run(ctx: WorkloadContext) {
      const out: PbenchIteration[] = [];
      for (const n of sweep.counts) {
        const workers = await sweep.scale(n);
        const w = await create();
        const sub: WorkloadContext = { ...ctx, workers, outDir: join(ctx.outDir, `workers${n}`) };
        try {
          await w.check?.(sub);
          for (const it of await w.run(sub)) out.push(tagIteration(it, n));
        } finally {
          await w.cleanup?.(sub);
        }
      }
      return out.map((it, i) => ({ ...it, iteration_number: i + 1 }));
    },
  };
}
