// Re-runs of a generated report's candidate (run-perf --rerun-failed): the same true state, fresh run noise, shocks and modes.
import { createRng } from '../../src/analyze/stats/prng.js';
import type { CompareTrees } from '../../src/compare/compare.js';
import type { Check, ResultTree } from '../../src/result/types.js';
import type { FailedTest } from '../../src/runner/rerun-filter.js';
import { makeChecks, runEffect, type GeneratedReport, type GeneratorOptions } from './generate.js';

export interface GeneratedRerun {
  /** The re-run as compare-perf --confirm reads it (checks sorted by id), restricted to the selected tests. */
  tree: ResultTree;
  /** Ids of `.mean` checks whose re-run took a whole-run shock or landed in a bimodal metric's minor mode. */
  shocked: Set<string>;
}

/**
 * The seed of re-run `attempt` of the report generated from `seed`: a multiplicative hash, so it lands far from
 * the consecutive seeds the benchmark gives its reports (mulberry32 streams of nearby seeds do not overlap).
 */
export function rerunSeed(seed: number, attempt = 1): number {
  return (Math.imul((seed ^ 0x5bd1e995) >>> 0, 0x9e3779b1) + Math.imul(attempt, 0x632be5ab)) >>> 0;
}

const tree = (name: string, checks: readonly Check[]): ResultTree => ({
  name,
  path: `/bench/${name}`,
  metadata: {},
  checks: [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  warnings: [],
  incomplete: false,
});

/** The report's builds as result trees (source, references, candidate), as compare-perf would read them. */
export function reportTrees(report: GeneratedReport): CompareTrees {
  const build = (name: string, pick: (i: GeneratedReport['inputs'][number]) => Check | undefined): ResultTree =>
    tree(name, report.inputs.map(pick).filter((c): c is Check => c !== undefined));
  const nRefs = Math.max(0, ...report.inputs.map((i) => i.refs.length));
  return {
    source: build('source', (i) => i.src),
    references: Array.from({ length: nRefs }, (_, j) => build(`ref${j + 1}`, (i) => i.refs[j])),
    destination: build('candidate', (i) => i.dst),
  };
}

const selected = (failed: readonly FailedTest[], profile: string, test: string): boolean =>
  failed.some((f) => (f.profile === '*' || f.profile === profile) && (f.test === '*' || f.test === test));

/**
 * One re-run of the candidate: every metric keeps its true state (level, accepted step, injected change) and
 * draws a fresh machine-wide and family factor, run effect (whole-run shock, bimodal mode, sample shock) and
 * samples, all from `seed`. The draws cover every metric in layout order whatever is selected, so a metric's
 * re-run does not depend on which tests failed; only the `failed` PROFILE/TEST pairs (run-perf --rerun-failed's
 * selection, src/runner/rerun-filter.ts; `*` matches all) are returned, every one when `failed` is undefined.
 */
export function generateRerun(report: GeneratedReport, seed: number, failed?: readonly FailedTest[], options: Pick<GeneratorOptions, 'samples'> = { samples: 3 }): GeneratedRerun {
  const rng = createRng(seed);
  const machine = 0.003 * rng.normal();
  const fam = new Map<string, number>();
  for (const s of report.specs) if (!fam.has(s.family)) fam.set(s.family, 0.003 * rng.normal());
  const checks: Check[] = [];
  const shocked = new Set<string>();
  for (const spec of report.specs) {
    const state = report.truth.get(spec.id);
    if (state === undefined) throw new Error(`no true state for ${spec.id}`);
    const eff = runEffect(spec, rng);
    const pair = makeChecks(spec, Math.exp(state + eff.x + machine + fam.get(spec.family)!), options.samples, eff.sampleShock, rng);
    if (failed && !selected(failed, spec.profile, spec.test)) continue;
    checks.push(...pair);
    if (eff.runShock || eff.minorMode) shocked.add(`${spec.id}.mean`);
  }
  return { tree: tree(`rerun${seed}`, checks), shocked };
}
