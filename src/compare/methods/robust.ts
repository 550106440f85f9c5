// The `robust` decision method: per-check prediction tests against a robust, segmented history with pooled variance, Holm across the report.
import { DEFAULT_HISTORY_SETTINGS, prepareHistory, toSeries, type HistorySettings, type PreparedHistory } from '../../analyze/perfgate-model/history.js';
import type { PerfgateModel } from '../../analyze/perfgate-model/types.js';
import { median } from '../../analyze/stats/descriptive.js';
import { fitVariancePrior, moderateVariance } from '../../analyze/stats/empirical-bayes-variance.js';
import { benjaminiHochbergAdjust, holmAdjust, holmStopLevel } from '../../analyze/stats/multiplicity.js';
import type { VarianceEstimate } from '../../analyze/stats/pooled-variance.js';
import type { Check } from '../../result/types.js';
import type { CheckResult, DecideContext, DecidedReport, DecisionInput, DecisionMethod } from '../types.js';
import type { MethodOptions } from './options.js';
import { STATUS_OF, baseResult, errorOrPass, fmt, rawChange, statResult, type ResultBase } from './robust-result.js';
import { familyTests, type GroupMember } from './robust-groups.js';
import { checkBySamples, stddevNotGated } from './robust-samples.js';
import { testCheck, type CheckTest } from './robust-test.js';
import { classifyDirectional, createToleranceMethod } from './tolerance.js';

/** Settings beyond MethodOptions (defaults documented in docs/statistics.md). */
export interface RobustSettings extends HistorySettings {
  /** Cap of the empirical-Bayes prior df borrowed from like metrics. @default 20 */
  maxPriorDf: number;
  /** Assumed samples per run when a result does not list them (pbench's default). @default 3 */
  defaultSamples: number;
  /** Add one grouped check per family (mean change of like metrics). @default true */
  groups: boolean;
  /** Weight the family mean by the members' inverse moderated variances (§3.9). @default true */
  weightedGroups: boolean;
}

/** Default budget of the two-stage confirmation's screen (MethodOptions.screen; docs/statistics.md §3.12). */
export const DEFAULT_SCREEN = 0.5;

export const DEFAULT_ROBUST_SETTINGS: RobustSettings = { ...DEFAULT_HISTORY_SETTINGS, maxPriorDf: 20, defaultSamples: 3, groups: true, weightedGroups: true };

/** Extra inputs: a perfgate model (analyze-perf --format perfgate) and settings. */
export interface RobustExtras {
  model?: PerfgateModel;
  settings?: Partial<RobustSettings>;
}

/** Like metrics share a family: same profile, test, serial, workflow, metric and check kind (iterations differ). */
export function familyOf(c: Check): string {
  return `${c.profile}/${c.test}/${c.serial}:${c.workflow}/${c.metric}.${c.kind}`;
}

const BUILD_LABEL = (b: number): string => (b === 0 ? 'source' : `ref${b}`);

interface Item {
  base: ResultBase;
  family: string;
  prep?: PreparedHistory;
  own?: VarianceEstimate;
  evidence: string[];
  excess: number;
  /** The perfgate model's centre and variance replaced the (shorter) history's (§4). */
  byModel?: boolean;
  /** Prior (d₀, s₀²) the check's variance was moderated with (§3.4), for its weight in the family test. */
  prior?: { d0: number; s02: number };
  result?: CheckResult;
  grouped?: boolean;
}

/** Variance contributed by a candidate run whose within-run noise exceeds the history's usual level, and its note (none: undefined). */
function excessVariance(id: string, byId: ReadonlyMap<string, DecisionInput>, dst: Check, samples: number): { extra: number; note: string } | undefined {
  if (!id.endsWith('.mean')) return undefined;
  const sib = byId.get(id.slice(0, -'.mean'.length) + '.stddev');
  const w = sib?.dst?.value;
  if (typeof w !== 'number' || !sib) return undefined;
  const hist: number[] = [];
  if (sib.src !== undefined && typeof sib.src.value === 'number') hist.push(sib.src.value);
  for (const c of sib.refs) if (c !== undefined && typeof c.value === 'number') hist.push(c.value);
  if (hist.length === 0) return undefined;
  const usual = median(hist);
  const k = dst.samples?.length ?? samples;
  const extra = ((w / 100) ** 2 - (usual / 100) ** 2) / k;
  if (!(extra > 0) || w < 2 * usual) return undefined;
  return { extra, note: `candidate within-run stddev ${fmt(w)}% vs usual ${fmt(usual)}% (variance added)` };
}

/** Decides one build (the candidate `dst`) against its history (`history[0]` = source, then references). */
export function decideRobust(
  inputs: readonly { id: string; history: readonly (Check | undefined)[]; dst: Check | undefined }[],
  options: MethodOptions,
  extras: RobustExtras = {},
  fallback?: () => ReadonlyMap<string, CheckResult>,
): CheckResult[] {
  return decideInputs(
    inputs.map((i) => ({ id: i.id, src: i.history[0], refs: i.history.slice(1), dst: i.dst })),
    options,
    extras,
    fallback,
  );
}

/** decideRobust on compare-perf's inputs, whose source and references stay apart (no history array per check is built). */
function decideInputs(inputs: readonly DecisionInput[], options: MethodOptions, extras: RobustExtras, fallback?: () => ReadonlyMap<string, CheckResult>): CheckResult[] {
  const settings = { ...DEFAULT_ROBUST_SETTINGS, ...extras.settings };
  const model = extras.model;
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const items: Item[] = [];
  for (const input of inputs) {
    const src = input.src;
    const check = input.dst ?? src ?? input.refs.find((c) => c !== undefined);
    const kind = check?.kind ?? 'error';
    const base: ResultBase = { id: input.id, kind, primary: check?.primary ?? true, direction: check?.direction ?? 'unknown', src, dst: input.dst, history: input.refs };
    const tol = kind === 'stddev' ? options.stddevTolerance : kind === 'mean' ? options.tolerance : 0;
    const item: Item = { base, family: check ? familyOf(check) : input.id, evidence: [], excess: 0 };
    items.push(item);
    const dst = input.dst;
    if (!dst) {
      const was = typeof src?.value === 'number' ? `; the source has ${Number(src.value.toPrecision(6))}${src.unit ? ` ${src.unit}` : ''}` : '';
      item.result = errorOrPass(base, tol, 'error', `Not present in the destination results (missing or failed${was})`, ['presence']);
      continue;
    }
    if (dst.kind === 'error' || typeof dst.value !== 'number') {
      const same = src !== undefined && src.value === dst.value;
      item.result = errorOrPass(base, tol, same ? 'pass' : 'error', same ? 'same failure as in the source' : `failed: ${String(dst.value)}`, ['error text']);
      continue;
    }
    if (!src || typeof src.value !== 'number') {
      item.result = errorOrPass(base, tol, 'error', src ? 'source value is not numeric' : 'Not present in source results', ['presence']);
      continue;
    }
    // build 0 is the source (numeric here), build j + 1 reference j
    const builds: number[] = [];
    const values: number[] = [];
    if (Number.isFinite(src.value)) {
      builds.push(0);
      values.push(src.value);
    }
    for (let j = 0; j < input.refs.length; j++) {
      const c = input.refs[j];
      if (c && typeof c.value === 'number' && Number.isFinite(c.value)) {
        builds.push(j + 1);
        values.push(c.value);
      }
    }
    item.prep = toSeries(builds, values, dst.value, kind === 'stddev' ? 'stddev' : 'mean') as PreparedHistory;
    // (an object, not a [number, note] pair: array destructuring runs the iterator protocol, slow in cold code)
    const excess = excessVariance(input.id, byId, dst, settings.defaultSamples);
    if (excess) {
      item.excess = excess.extra;
      item.evidence.push(excess.note);
    }
  }

  // Pass 1: family robust scales (median MADn of like metrics) for the screen and the step prior.
  const famMadn = new Map<string, number[]>();
  for (const it of items) if (it.prep && Number.isFinite(it.prep.madn)) (famMadn.get(it.family) ?? famMadn.set(it.family, []).get(it.family)!).push(it.prep.madn);
  const famScale = new Map([...famMadn].map(([f, v]) => [f, v.length >= 3 ? median(v) : undefined]));

  // Pass 2: per-check history analysis and own variance (+ model df).
  for (const it of items) {
    if (!it.prep) continue;
    const prep = prepareHistory(it.prep, famScale.get(it.family), settings);
    it.prep = prep;
    it.evidence.unshift(`history n=${prep.values.length} (source${prep.values.length > 1 ? ` + ${prep.values.length - 1} reference(s)` : ''}), ${prep.scale} scale`);
    if (prep.removed) it.evidence.push(`outlier ${BUILD_LABEL(prep.removed.build)} (${fmt(prep.removed.value)}) left out`);
    if (prep.keptFar) it.evidence.push(`far value ${BUILD_LABEL(prep.keptFar.build)} (${fmt(prep.keptFar.value)}) kept: the candidate lies in the same tail`);
    if (prep.steps.length > 0) {
      const st = prep.steps[prep.steps.length - 1]!;
      it.evidence.push(`earlier step at ${BUILD_LABEL(prep.keptBuilds[st.index]!)} (${fmt(prep.scale === 'log' ? (Math.exp(st.shift) - 1) * 100 : st.shift)}${prep.scale === 'log' ? '%' : ''}, p=${fmt(st.pValue)}): centre from the ${prep.n} build(s) after it`);
    }
    let own = prep.own;
    const m = model?.checks[it.base.id];
    if (m && m.scale === prep.scale && m.df > 0) {
      if (prep.n < m.segmentLength && Number.isFinite(m.center)) {
        // The given history is shorter than the model's last segment (e.g. SRC DST with a model of the known-good
        // builds, which usually include SRC): the model knows the level better. Its centre and variance replace
        // the history's, which would otherwise count the same builds twice.
        it.prep = { ...prep, center: m.center, n: m.segmentLength };
        own = { s2: m.s2, df: m.df };
        it.byModel = true;
        it.evidence.push(`model: centre and variance (${m.df} df) of its last segment of ${m.segmentLength} training build(s); the given history has ${prep.n}`);
      } else if (m.df > own.df) {
        // A model is normally trained on known-good builds that the given history also holds (at least in part), so
        // pooling both would count those builds twice: the estimate with more df, the model's, is used alone.
        it.evidence.push(`model: variance of ${m.n} training builds (${m.df} df) instead of the history's ${own.df} df (not pooled: they usually share builds)`);
        own = { s2: m.s2, df: m.df };
      } else {
        it.evidence.push(`model: not used for the variance (${m.df} df ≤ the history's ${own.df}; not pooled: they usually share builds)`);
      }
    }
    it.own = own;
  }

  // Pass 3: empirical-Bayes prior per family (Smyth 2004), capped, then the per-check test.
  const prior = fitVariancePrior(items.filter((i) => i.own && i.own.df > 0).map((i) => ({ s2: i.own!.s2, df: i.own!.df, group: i.family })));
  const famDf = new Map<string, number>();
  for (const it of items) if (it.own && it.own.df > 0 && it.own.s2 > 0) famDf.set(it.family, (famDf.get(it.family) ?? 0) + it.own.df);
  const tests: { it: Item; test: CheckTest }[] = [];
  // Bonferroni share of α for the within-run-samples check of checks without a variance estimate: the primary means.
  const gatedCount = items.filter((i) => i.base.primary && i.base.kind === 'mean' && i.base.dst).length;
  for (const it of items) {
    if (!it.prep || !it.own || it.result) continue;
    const s02 = prior.s0ByGroup.get(it.family) ?? (model?.families[it.family]?.s02 ?? NaN);
    const others = (famDf.get(it.family) ?? 0) - (it.own.s2 > 0 ? it.own.df : 0);
    // The model's family df count only where the model replaced the history (else they are the same builds again).
    const d0 = Math.min(prior.d0, settings.maxPriorDf, Math.max(0, others) + (it.byModel ? (model?.families[it.family]?.df ?? 0) : 0));
    const v = Number.isFinite(s02) && d0 > 0 ? moderateVariance(it.own, d0, s02) : it.own;
    it.prior = { d0: Number.isFinite(s02) ? d0 : 0, s02 };
    if (d0 > 0 && Number.isFinite(s02)) it.evidence.push(`variance pooled with like metrics: +${fmt(d0)} df (family ${it.family})`);
    const tol = it.base.kind === 'stddev' ? options.stddevTolerance : options.tolerance;
    if (!(v.df > 0) || !Number.isFinite(v.s2)) {
      const viaTolerance = fallback?.().get(it.base.id);
      const byRule = viaTolerance
        ? { ...viaTolerance, evidence: [...viaTolerance.evidence, 'tolerance only'], details: `${viaTolerance.details}; tolerance rule only: no variance estimate (history n=${it.prep.values.length}, no like metrics or perfgate model)` }
        : toleranceOnly(it, tol);
      it.result = stddevNotGated(checkBySamples(byRule, it.base.src, it.base.dst, options.alpha / Math.max(1, gatedCount)));
      continue;
    }
    const runs = it.base.dst?.runs ?? 1;
    if (runs > 1) it.evidence.push(`candidate: mean of ${runs} runs (confirmation re-runs pooled)`);
    tests.push({ it, test: testCheck(it.prep, v, it.excess, it.base.kind, it.base.direction, tol, runs) });
  }

  // Family tests (grouped checks): the mean change of like metrics, for broad small shifts.
  const gated = (t: (typeof tests)[number]) => t.it.base.primary && t.it.base.kind === 'mean';
  const familyOfMember = new Map<GroupMember, string>();
  const members: GroupMember[] = tests.filter(gated).map((t) => {
    const own = t.it.own!;
    const variance = own.df > 0 && Number.isFinite(own.s2) && t.it.prior ? { ss: own.s2 * own.df, df: own.df, d0: t.it.prior.d0, s02: t.it.prior.s02 } : undefined;
    const m: GroupMember = { base: t.it.base, prep: t.it.prep!, excess: t.it.excess, runs: t.it.base.dst?.runs ?? 1, variance };
    familyOfMember.set(m, t.it.family);
    return m;
  });
  for (const g of settings.groups ? familyTests(members, familyOfMember, options.tolerance, settings.maxPriorDf, settings.weightedGroups) : []) {
    const it: Item = { base: g.base, family: g.base.id, prep: g.prep, evidence: g.evidence, excess: 0, grouped: true };
    items.push(it);
    tests.push({ it, test: g.test });
  }

  // Multiplicity: Holm over primary mean checks and family tests (the gate), Benjamini–Hochberg over the
  // others (findings). Within-run stddev checks are report-only: a variance-only change is not a regression.
  const prim = tests.filter(gated);
  const rest = tests.filter((t) => !gated(t));
  const adjust = (group: typeof tests, primary: boolean) => {
    const pw = group.map((t) => t.test.pWorse);
    const pb = group.map((t) => (Number.isNaN(t.test.pBetter) ? 1 : t.test.pBetter));
    const aw = primary ? holmAdjust(pw) : benjaminiHochbergAdjust(pw);
    const ab = primary ? holmAdjust(pb) : benjaminiHochbergAdjust(pb);
    const lw = primary ? holmStopLevel(pw, options.alpha) : bhLevel(aw, options.alpha, group.length);
    const lb = primary ? holmStopLevel(pb, options.alpha) : bhLevel(ab, options.alpha, group.length);
    const label = primary ? `Holm over ${group.length} primary checks and family tests` : `Benjamini–Hochberg over ${group.length} non-gated checks`;
    group.forEach((t, i) => {
      const tol = t.it.base.kind === 'stddev' ? options.stddevTolerance : options.tolerance;
      const r = statResult({
        base: t.it.base,
        prep: t.it.prep!,
        test: t.test,
        tolerance: tol,
        alpha: options.alpha,
        adjWorse: aw[i]!,
        adjBetter: ab[i]!,
        levelWorse: lw,
        levelBetter: lb,
        evidence: t.it.evidence,
        adjustment: label,
        reportOnly: t.it.base.kind === 'stddev',
        screen: primary ? (options.screen ?? DEFAULT_SCREEN) / Math.max(1, group.length) : undefined,
      });
      t.it.result = t.it.grouped ? { ...r, grouped: true, src: r.change, dst: r.change, details: r.details.replace(/: \S*( \S+)? vs history centre \S+ over [\d.]+ build\(s\)(; source \S+)?/, ': mean change of the family') } : r;
    });
  };
  adjust(prim, true);
  adjust(rest, false);
  return items.map((it) => it.result!).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The per-test level of a BH procedure at q: q·R/K for R rejections (q/K when none). */
function bhLevel(adjusted: readonly number[], q: number, k: number): number {
  const r = adjusted.filter((p) => p <= q).length;
  return k === 0 ? q : (q * Math.max(1, r)) / k;
}

/** No variance information at all (one build, no like metrics, no model): the direction-aware tolerance rule. */
function toleranceOnly(it: Item, tol: number): CheckResult {
  const prep = it.prep!;
  const src = prep.values[prep.values.length - 1] ?? NaN;
  const dst = it.base.dst!.value as number;
  const centre = prep.scale === 'log' ? Math.exp(prep.center) : prep.center;
  const change = rawChange(it.base.kind, Number.isFinite(centre) ? centre : src, dst);
  const c = classifyDirectional(change, tol, it.base.kind, it.base.direction);
  return {
    ...baseResult(it.base, tol),
    change,
    band: [-tol, tol],
    score: change,
    parts: [{ name: 'raw', diff: change, weight: 1 }],
    verdict: c.verdict,
    status: STATUS_OF[c.verdict],
    details: `${change > 0 ? '+' : ''}${fmt(change)}${it.base.kind === 'stddev' ? ' pts' : '%'} vs ±${tol}: tolerance rule only, no variance estimate (history n=${prep.values.length}, no like metrics or model)`,
    evidence: [...it.evidence, 'tolerance only'],
  };
}

/** `robust`: perfgate's statistical default (docs/statistics.md). */
export function createRobustMethod(options: MethodOptions, given: RobustExtras = {}): DecisionMethod {
  // A perfgate model loaded with -l arrives as a model lookup carrying the parsed model.
  const fromOptions = options.models.map((m) => m.perfgate).find((m) => m !== undefined);
  const extras: RobustExtras = { ...given, model: given.model ?? fromOptions };
  // Checks without any variance information are judged by the direction-aware tolerance method (which also applies run-perf models).
  const tolerance = createToleranceMethod(options);
  const lazy = (inputs: readonly DecisionInput[]) => {
    let cache: Map<string, CheckResult> | undefined;
    return () => (cache ??= new Map(tolerance.decide(inputs, { role: 'destination' }).map((r) => [r.id, r])));
  };
  const decideOne = (inputs: readonly DecisionInput[]) => decideInputs(inputs, options, extras, lazy(inputs));
  // References only fill the report's history columns (they never set the exit code), so they are judged by the
  // linear-time tolerance rule against the source; the robust gate (segmentation, pooling, Holm) runs once, for
  // the destination. Judging every reference against its own past with the gate made the report quadratic in builds.
  const decideBuilds = (inputs: readonly DecisionInput[]): CheckResult[][] => {
    // The tolerance method's one-pass decideBuilds judges every reference against the source (its last row, the
    // destination, is replaced by the robust gate's verdicts).
    const refs = tolerance.decideBuilds ? tolerance.decideBuilds(inputs).slice(0, -1) : [];
    return [...refs, decideOne(inputs.filter((i) => i.src || i.dst))];
  };
  // The same split, with each reference's tolerance column judged only when a report reads it.
  // (The tolerance method's decideReport judges its own destination only if it is read: here it never is.)
  const decideReport = (inputs: readonly DecisionInput[]): DecidedReport => {
    const byTolerance = tolerance.decideReport?.(inputs);
    return {
      destination: decideOne(inputs.filter((i) => i.src || i.dst)),
      references: byTolerance ? byTolerance.references : decideBuilds(inputs).slice(0, -1).map((r) => () => r),
      referenceVerdicts: byTolerance?.referenceVerdicts,
    };
  };
  return {
    name: 'robust',
    decideBuilds,
    decideReport,
    decide(inputs: readonly DecisionInput[], _context?: DecideContext): CheckResult[] {
      return decideOne(inputs);
    },
  };
}
