// The `robust` decision method: per-check prediction tests against a robust, segmented history with pooled variance, Holm across the report.
import { DEFAULT_HISTORY_SETTINGS, type HistorySettings } from '../../analyze/perfgate-model/history.js';
import type { PerfgateModel } from '../../analyze/perfgate-model/types.js';
import { fitVariancePrior, moderateVariance, type GroupedVariance, type VariancePrior } from '../../analyze/stats/empirical-bayes-variance.js';
import { benjaminiHochbergAdjust, holmAdjust, holmStopLevel } from '../../analyze/stats/multiplicity.js';
import type { Check } from '../../result/types.js';
import type { CheckResult, DecideContext, DecidedReport, DecisionInput, DecisionMethod } from '../types.js';
import type { MethodOptions } from './options.js';
import { STATUS_OF, baseResult, fmt, rawChange, statResult } from './robust-result.js';
import { addExcess, analyseItem, familyScales, itemOf, type Item } from './robust-items.js';
import { familyTests, type GroupMember } from './robust-groups.js';
import { checkBySamples, stddevNotGated } from './robust-samples.js';
import { testCheck } from './robust-test.js';
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

export { familyOf } from './robust-items.js';

/** What the passes after the history analysis share. */
interface Pass {
  options: MethodOptions;
  settings: RobustSettings;
  model: PerfgateModel | undefined;
  fallback: (() => ReadonlyMap<string, CheckResult>) | undefined;
  prior: VariancePrior;
  /** Own df of the items with a variance estimate (s² > 0), summed per family. */
  famDf: Map<string, number>;
  /** Bonferroni share of α for the within-run-samples check of checks without a variance estimate: the primary means. */
  gatedCount: number;
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

/**
 * decideRobust on compare-perf's inputs, whose source and references stay apart (no history array per check is
 * built). Each pass is its own small function: the method runs once per process, so its code is mostly cold, and
 * small functions are optimised sooner and separately (one big function was compiled, and replaced on the stack,
 * as a whole).
 */
function decideInputs(inputs: readonly DecisionInput[], options: MethodOptions, extras: RobustExtras, fallback?: () => ReadonlyMap<string, CheckResult>): CheckResult[] {
  const settings = { ...DEFAULT_ROBUST_SETTINGS, ...extras.settings };
  const model = extras.model;
  const items = seriesItems(inputs, options, settings.defaultSamples);
  const famScale = familyScales(items);
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.prep !== undefined) analyseItem(it, famScale.get(it.family), settings, model);
  }
  const pass = variancePass(items, options, settings, model, fallback);
  const tests: Item[] = [];
  for (let i = 0; i < items.length; i++) if (testItem(items[i]!, pass)) tests.push(items[i]!);
  if (settings.groups) addFamilyTests(items, tests, options, settings);
  // Multiplicity: Holm over primary mean checks and family tests (the gate), Benjamini–Hochberg over the
  // others (findings). Within-run stddev checks are report-only: a variance-only change is not a regression.
  const prim: Item[] = [];
  const rest: Item[] = [];
  for (let i = 0; i < tests.length; i++) (gated(tests[i]!) ? prim : rest).push(tests[i]!);
  adjust(prim, true, options);
  adjust(rest, false, options);
  const results: CheckResult[] = [];
  for (let i = 0; i < items.length; i++) results.push(items[i]!.result!);
  return results.sort(byId);
}

const byId = (a: CheckResult, b: CheckResult): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pass 0: one item per input, and the excess within-run variance of those with a series. */
function seriesItems(inputs: readonly DecisionInput[], options: MethodOptions, samples: number): Item[] {
  const byInputId = new Map<string, DecisionInput>();
  for (let i = 0; i < inputs.length; i++) byInputId.set(inputs[i]!.id, inputs[i]!);
  const items: Item[] = [];
  const itemById = new Map<string, Item>();
  for (let i = 0; i < inputs.length; i++) {
    const it = itemOf(inputs[i]!, options);
    items.push(it);
    itemById.set(it.base.id, it);
  }
  // after every item has its series: a `.mean` check's `.stddev` sibling comes after it
  for (let i = 0; i < items.length; i++) if (items[i]!.prep !== undefined) addExcess(items[i]!, byInputId, itemById, samples);
  return items;
}

/** Pass 3's shared part: the empirical-Bayes prior per family (Smyth 2004), the family df and the gated count. */
function variancePass(items: readonly Item[], options: MethodOptions, settings: RobustSettings, model: PerfgateModel | undefined, fallback: (() => ReadonlyMap<string, CheckResult>) | undefined): Pass {
  const withDf: GroupedVariance[] = [];
  const famDf = new Map<string, number>();
  let gatedCount = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const own = it.own;
    if (own !== undefined && own.df > 0) {
      withDf.push({ s2: own.s2, df: own.df, group: it.family });
      if (own.s2 > 0) famDf.set(it.family, (famDf.get(it.family) ?? 0) + own.df);
    }
    if (it.base.primary && it.base.kind === 'mean' && it.base.dst) gatedCount++;
  }
  return { options, settings, model, fallback, prior: fitVariancePrior(withDf), famDf, gatedCount };
}

/** Pass 3: an item's moderated variance and its test (true), or its tolerance-rule result without a variance (false). */
function testItem(it: Item, pass: Pass): boolean {
  const own = it.own;
  if (it.prep === undefined || own === undefined || it.result !== undefined) return false;
  const { options, settings, model, prior } = pass;
  const s02 = prior.s0ByGroup.get(it.family) ?? (model?.families[it.family]?.s02 ?? NaN);
  const others = (pass.famDf.get(it.family) ?? 0) - (own.s2 > 0 ? own.df : 0);
  // The model's family df count only where the model replaced the history (else they are the same builds again).
  const d0 = Math.min(prior.d0, settings.maxPriorDf, Math.max(0, others) + (it.byModel ? (model?.families[it.family]?.df ?? 0) : 0));
  const v = Number.isFinite(s02) && d0 > 0 ? moderateVariance(own, d0, s02) : own;
  it.prior = { d0: Number.isFinite(s02) ? d0 : 0, s02 };
  if (d0 > 0 && Number.isFinite(s02)) it.evidence.push(`variance pooled with like metrics: +${fmt(d0)} df (family ${it.family})`);
  const tol = it.base.kind === 'stddev' ? options.stddevTolerance : options.tolerance;
  if (!(v.df > 0) || !Number.isFinite(v.s2)) {
    it.result = withoutVariance(it, tol, pass);
    return false;
  }
  const runs = it.base.dst?.runs ?? 1;
  if (runs > 1) it.evidence.push(`candidate: mean of ${runs} runs (confirmation re-runs pooled)`);
  it.test = testCheck(it.prep, v, it.excess, it.base.kind, it.base.direction, tol, runs);
  return true;
}

/** A check without any variance estimate: the tolerance method's verdict (or the tolerance rule), checked by the within-run samples. */
function withoutVariance(it: Item, tol: number, pass: Pass): CheckResult {
  const viaTolerance = pass.fallback?.().get(it.base.id);
  const byRule = viaTolerance
    ? { ...viaTolerance, evidence: [...viaTolerance.evidence, 'tolerance only'], details: `${viaTolerance.details}; tolerance rule only: no variance estimate (history n=${it.prep!.values.length}, no like metrics or perfgate model)` }
    : toleranceOnly(it, tol);
  return stddevNotGated(checkBySamples(byRule, it.base.src, it.base.dst, pass.options.alpha / Math.max(1, pass.gatedCount)));
}

/** Gated tests: primary mean checks and family tests. */
const gated = (it: Item): boolean => it.base.primary && it.base.kind === 'mean';

/** Family tests (grouped checks): the mean change of like metrics, for broad small shifts; added to items and tests. */
function addFamilyTests(items: Item[], tests: Item[], options: MethodOptions, settings: RobustSettings): void {
  const familyOfMember = new Map<GroupMember, string>();
  const members: GroupMember[] = [];
  for (let i = 0; i < tests.length; i++) {
    const it = tests[i]!;
    if (!gated(it)) continue;
    const own = it.own!;
    const variance = own.df > 0 && Number.isFinite(own.s2) && it.prior ? { ss: own.s2 * own.df, df: own.df, d0: it.prior.d0, s02: it.prior.s02 } : undefined;
    const m: GroupMember = { base: it.base, prep: it.prep!, excess: it.excess, runs: it.base.dst?.runs ?? 1, variance };
    familyOfMember.set(m, it.family);
    members.push(m);
  }
  for (const g of familyTests(members, familyOfMember, options.tolerance, settings.maxPriorDf, settings.weightedGroups)) {
    const it: Item = { base: g.base, family: g.base.id, prep: g.prep, own: undefined, evidence: g.evidence, excess: 0, byModel: false, prior: undefined, test: g.test, result: undefined, grouped: true, allFinite: false };
    items.push(it);
    tests.push(it);
  }
}

/** Multiplicity adjustment of one group of tests (Holm for the gated, BH for the rest) and each test's result. */
function adjust(group: readonly Item[], primary: boolean, options: MethodOptions): void {
  const k = group.length;
  const pw: number[] = [];
  const pb: number[] = [];
  for (let i = 0; i < k; i++) {
    const test = group[i]!.test!;
    pw.push(test.pWorse);
    pb.push(Number.isNaN(test.pBetter) ? 1 : test.pBetter);
  }
  const aw = primary ? holmAdjust(pw) : benjaminiHochbergAdjust(pw);
  const ab = primary ? holmAdjust(pb) : benjaminiHochbergAdjust(pb);
  const lw = primary ? holmStopLevel(pw, options.alpha) : bhLevel(aw, options.alpha, k);
  const lb = primary ? holmStopLevel(pb, options.alpha) : bhLevel(ab, options.alpha, k);
  const label = primary ? `Holm over ${k} primary checks and family tests` : `Benjamini–Hochberg over ${k} non-gated checks`;
  const screen = primary ? (options.screen ?? DEFAULT_SCREEN) / Math.max(1, k) : undefined;
  for (let i = 0; i < k; i++) {
    const it = group[i]!;
    const r = statResult({
      base: it.base,
      prep: it.prep!,
      test: it.test!,
      tolerance: it.base.kind === 'stddev' ? options.stddevTolerance : options.tolerance,
      alpha: options.alpha,
      adjWorse: aw[i]!,
      adjBetter: ab[i]!,
      levelWorse: lw,
      levelBetter: lb,
      evidence: it.evidence,
      adjustment: label,
      reportOnly: it.base.kind === 'stddev',
      screen,
    });
    it.result = it.grouped ? groupedResult(r) : r;
  }
}

/** A family test's result: its change is the family's, and its details say so instead of naming a check's values. */
function groupedResult(r: CheckResult): CheckResult {
  return { ...r, grouped: true, src: r.change, dst: r.change, details: r.details.replace(/: \S*( \S+)? vs history centre \S+ over [\d.]+ build\(s\)(; source \S+)?/, ': mean change of the family') };
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
