// Builds a perfgate model from ordered known-good builds: per-check robust history analysis, family pooling, change points.
import type { ResultTree } from '../../result/types.js';
import { median } from '../stats/descriptive.js';
import { fitVariancePrior } from '../stats/empirical-bayes-variance.js';
import { pooledVariance } from '../stats/pooled-variance.js';
import { DEFAULT_HISTORY_SETTINGS, prepareHistory, toSeries, type HistorySettings, type PreparedHistory } from './history.js';
import { PERFGATE_MODEL_FORMAT, PERFGATE_MODEL_VERSION, type PerfgateModel, type PerfgateModelCheck, type PerfgateModelFamily } from './types.js';

export interface BuildPerfgateModelOptions {
  settings?: Partial<HistorySettings>;
  /** Cap of the empirical-Bayes prior df (the robust method's default). @default 20 */
  maxPriorDf?: number;
  now?: Date;
}

/** Family key of a check: like metrics across iterations (same as the robust method's). */
const familyKey = (c: { profile: string; test: string; serial: string; workflow: string; metric: string; kind: string }) =>
  `${c.profile}/${c.test}/${c.serial}:${c.workflow}/${c.metric}.${c.kind}`;

/**
 * One model over `trees` in order (oldest first). Every numeric mean/stddev check with ≥ 2 values gets
 * its last-segment centre, residual variance and change points; families get pooled variances and the
 * empirical-Bayes prior scale (Smyth 2004) the robust method uses.
 */
export function buildPerfgateModel(trees: readonly ResultTree[], options: BuildPerfgateModelOptions = {}): PerfgateModel {
  const settings = { ...DEFAULT_HISTORY_SETTINGS, ...options.settings };
  const byId = new Map<string, { meta: ResultTree['checks'][number]; builds: number[]; values: number[] }>();
  trees.forEach((tree, b) => {
    for (const c of tree.checks) {
      if (c.kind === 'error' || typeof c.value !== 'number' || !Number.isFinite(c.value)) continue;
      const e = byId.get(c.id) ?? { meta: c, builds: [], values: [] };
      e.builds.push(b);
      e.values.push(c.value);
      byId.set(c.id, e);
    }
  });
  const series = [...byId].filter(([, e]) => e.values.length >= 2).map(([id, e]) => ({ id, meta: e.meta, family: familyKey(e.meta), s: toSeries(e.builds, e.values, undefined, e.meta.kind === 'stddev' ? 'stddev' : 'mean') }));
  const famMadn = new Map<string, number[]>();
  for (const x of series) if (Number.isFinite(x.s.madn)) (famMadn.get(x.family) ?? famMadn.set(x.family, []).get(x.family)!).push(x.s.madn);
  const prepared: { id: string; meta: (typeof series)[number]['meta']; family: string; p: PreparedHistory }[] = series.map((x) => {
    const fm = famMadn.get(x.family);
    return { ...x, p: prepareHistory(x.s, fm && fm.length >= 3 ? median(fm) : undefined, settings) };
  });
  const prior = fitVariancePrior(prepared.filter((x) => x.p.own.df > 0).map((x) => ({ ...x.p.own, group: x.family })));
  const priorDf = Math.min(prior.d0, options.maxPriorDf ?? 20);
  const families: Record<string, PerfgateModelFamily> = {};
  for (const fam of [...new Set(prepared.map((x) => x.family))].sort()) {
    const members = prepared.filter((x) => x.family === fam);
    const pooled = pooledVariance(members.map((x) => x.p.own));
    const entry: PerfgateModelFamily = { s2: Number.isFinite(pooled.s2) ? pooled.s2 : 0, df: pooled.df, members: members.length };
    const s02 = prior.s0ByGroup.get(fam);
    if (s02 !== undefined && priorDf > 0) entry.s02 = s02;
    families[fam] = entry;
  }
  const checks: Record<string, PerfgateModelCheck> = {};
  for (const x of [...prepared].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const p = x.p;
    const segment = p.keptValues.slice(p.segmentStart);
    const entry: PerfgateModelCheck = {
      kind: x.meta.kind === 'stddev' ? 'stddev' : 'mean',
      direction: x.meta.direction,
      family: x.family,
      scale: p.scale,
      n: p.values.length,
      segmentLength: p.n,
      center: p.center,
      location: median(segment),
      s2: Number.isFinite(p.own.s2) ? p.own.s2 : 0,
      df: p.own.df,
      madn: Number.isFinite(p.madn) ? p.madn : 0,
      changePoints: p.steps.map((st) => {
        const b = p.keptBuilds[st.index]!;
        return { build: trees[b]!.name, index: b, change: p.scale === 'log' ? (Math.exp(st.shift) - 1) * 100 : st.shift, pValue: st.pValue };
      }),
    };
    if (p.removed) entry.outlier = trees[p.removed.build]!.name;
    checks[x.id] = entry;
  }
  return {
    format: PERFGATE_MODEL_FORMAT,
    version: PERFGATE_MODEL_VERSION,
    tool: 'perfgate',
    createdAt: (options.now ?? new Date()).toISOString(),
    builds: trees.map((t) => t.name),
    settings: { outlierZ: settings.outlierZ, stepAlpha: settings.stepAlpha, minSegment: settings.minSegment },
    priorDf: Number.isFinite(priorDf) ? priorDf : 0,
    families,
    checks,
  };
}
