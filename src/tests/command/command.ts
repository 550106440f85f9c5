// The command workload: runs any argv N times (optionally M copies in parallel); metrics are wall time plus the JSON numbers it prints.
import { setMaxListeners } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { cartesian, sweepSuffix } from '../../plugins/sweep.js';
import type { PlannedIteration, Workload, WorkloadContext } from '../../plugins/types.js';
import type { PbenchEntry, PbenchIteration } from '../../result/pbench.js';
import { quoteArgv } from '../../runner/targets/shell-quote.js';
import type { Target } from '../../runner/targets/types.js';
import { guessDirection, outputJsonProblem, parseOutputMetrics, pickOutputMetrics } from './output-metrics.js';
import type { CommandParams } from './params.js';
import { parseCommandParams } from './params.js';
import { pbenchEntry } from './stats.js';
import { makeDirs } from '../../make-dirs.js';

/** Name of the wall-time metric every run yields. */
export const WALL_METRIC = 'wall_seconds';

interface CommandIteration extends PlannedIteration {
  argv: string[];
  parallel: number;
}

/** Replace `{name}` in each word with the value chosen for `name`. */
function substitute(argv: readonly string[], values: Record<string, unknown>): string[] {
  return argv.map((w) => w.replace(/\{([A-Za-z0-9_]+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all)));
}

function expand(p: CommandParams): CommandIteration[] {
  return cartesian({ ...p.vars, parallel: p.parallel }).map((combo) => {
    const parallel = combo.values['parallel'] as number;
    return {
      name: `${p.name}${sweepSuffix(combo)}`,
      params: { ...combo.values },
      samples: p.samples,
      estimatedSampleSeconds: p.estimate,
      argv: substitute(p.command, combo.values),
      parallel,
    };
  });
}

/** Rates (`*_sec`, `*_per_s`, `*ps`) add up over parallel copies; every other metric is averaged. */
function aggregate(metric: string, values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  return /(_sec|_per_s|ps)$/.test(metric) ? sum : sum / values.length;
}

interface RunOutcome {
  client: string;
  metrics: Record<string, number>;
  /** Why the printed JSON was not read (also kept as `<client>.warning` in the sample folder). */
  warning?: string;
}

async function runSample(p: CommandParams, it: CommandIteration, workers: readonly Target[], dir: string, signal: AbortSignal): Promise<RunOutcome[]> {
  const stopAll = new AbortController();
  const both = AbortSignal.any([signal, stopAll.signal]);
  // one listener per running copy: dozens at once are expected, not a leak (Node warns past 10)
  setMaxListeners(0, both);
  await makeDirs(dir);
  const slots = workers.flatMap((w) => Array.from({ length: it.parallel }, (_, i) => ({ worker: w, client: `${w.name}-${i + 1}` })));
  return Promise.all(
    slots.map(async ({ worker, client }) => {
      try {
        const r = await worker.transport.exec(it.argv, { signal: both, env: p.env, cwd: p.cwd, timeoutMs: p.timeout === undefined ? undefined : p.timeout * 1000 });
        await writeFile(join(dir, `${client}.stdout`), r.stdout);
        if (r.stderr) await writeFile(join(dir, `${client}.stderr`), r.stderr);
        const printed = p.metrics ? pickOutputMetrics(r.stdout, p.metrics) : parseOutputMetrics(r.stdout);
        const warning = p.metrics ? undefined : outputJsonProblem(r.stdout);
        if (warning) await writeFile(join(dir, `${client}.warning`), `${warning}\n`);
        return { client, metrics: { ...printed, [WALL_METRIC]: r.durationMs / 1000 }, ...(warning ? { warning } : {}) };
      } catch (e) {
        stopAll.abort(e);
        throw e;
      }
    }),
  );
}

function entries(metric: string, clients: readonly string[], perSample: readonly RunOutcome[][]): PbenchEntry[] {
  const direction = metric === WALL_METRIC ? 'lower' : guessDirection(metric);
  const unit = metric === WALL_METRIC ? 's' : '';
  const value = (o: RunOutcome[], client?: string) => {
    const vals = o.filter((r) => client === undefined || r.client === client).map((r) => r.metrics[metric]);
    if (vals.some((v) => v === undefined)) throw new Error(`metric '${metric}' is missing from some runs' JSON output`);
    return aggregate(metric, vals as number[]);
  };
  const list = clients.length > 1 ? clients.map((c) => pbenchEntry(perSample.map((o) => value(o, c)), { clientHostname: c, role: 'client', description: metric, unit, direction })) : [];
  list.push(pbenchEntry(perSample.map((o) => value(o)), { clientHostname: 'all', role: 'aggregate', description: metric, unit, direction }));
  return list;
}

async function runIteration(p: CommandParams, it: CommandIteration, index: number, ctx: WorkloadContext, count: number): Promise<PbenchIteration> {
  const perSample: RunOutcome[][] = [];
  for (let s = 1; s <= it.samples; s++) {
    ctx.onSample({ iteration: it.name, iterationIndex: index, iterations: count, sample: s, samples: it.samples });
    const outcomes = await runSample(p, it, ctx.workers, join(ctx.outDir, it.name, `sample${s}`), ctx.signal);
    const warned = outcomes.find((o) => o.warning !== undefined);
    if (warned) ctx.log.warn(`${it.name} sample ${s} (${warned.client}): ${warned.warning}`);
    perSample.push(outcomes);
  }
  const clients = (perSample[0] ?? []).map((r) => r.client);
  const metrics = Object.keys(perSample[0]?.[0]?.metrics ?? {});
  const primary = p.primary ?? metrics.find((m) => m !== WALL_METRIC) ?? WALL_METRIC;
  if (!metrics.includes(primary)) throw new Error(`primary metric '${primary}' was not printed by the command (it printed: ${metrics.join(', ')})`);
  const throughput: Record<string, PbenchEntry[]> = {};
  const latency: Record<string, PbenchEntry[]> = {};
  for (const m of metrics) {
    const list = entries(m, clients, perSample);
    (list[0]?.direction === 'lower' ? latency : throughput)[m] = list;
  }
  return {
    iteration_name: it.name,
    iteration_number: index + 1,
    iteration_data: {
      parameters: { benchmark: [{ benchmark_name: 'command', primary_metric: primary, command: quoteArgv(it.argv), samples: it.samples, ...it.params }] },
      ...(Object.keys(throughput).length ? { throughput } : {}),
      ...(Object.keys(latency).length ? { latency } : {}),
    },
  };
}

/** Factory registered as the built-in test `command`. */
export function createCommandWorkload(options: Record<string, unknown>): Workload {
  const p = parseCommandParams(options);
  const iterations = expand(p);
  return {
    name: 'command',
    plan: () => iterations.map(({ name, params, samples, estimatedSampleSeconds }) => ({ name, params, samples, estimatedSampleSeconds })),
    async check(ctx) {
      const bin = p.command[0] ?? '';
      const worker = ctx.workers[0] ?? ctx.main;
      const r = await worker.transport.exec(['sh', '-c', 'command -v "$1"', 'sh', bin], { reject: false, signal: ctx.signal });
      if (r.failed) throw new EnvironmentError(`command '${bin}' is not installed on ${worker.name}`, { code: 'PERFGATE_COMMAND_NOT_FOUND', hint: 'install it or give its full path in "command"' });
    },
    async run(ctx) {
      const out: PbenchIteration[] = [];
      for (const [i, it] of iterations.entries()) out.push(await runIteration(p, it, i, ctx, iterations.length));
      return out;
    },
  };
}
