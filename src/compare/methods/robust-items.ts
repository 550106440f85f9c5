// The robust method's per-check passes: one item per check (its series and excess noise), then its history analysis.
import { prepareHistory, toSeries, type HistorySettings, type PreparedHistory } from '../../analyze/perfgate-model/history.js';
import type { PerfgateModel, PerfgateModelCheck } from '../../analyze/perfgate-model/types.js';
import { median } from '../../analyze/stats/descriptive.js';
import type { VarianceEstimate } from '../../analyze/stats/pooled-variance.js';
import { isReadFailure } from '../../result/read-failure.js';
import type { Check } from '../../result/types.js';
import type { CheckResult, DecisionInput } from '../types.js';
import type { MethodOptions } from './options.js';
import { errorOrPass, fmt, type ResultBase } from './robust-result.js';
import type { CheckTest } from './robust-test.js';

/**
 * One check on its way through the passes. Every field is set when the item is made (undefined until a pass fills
 * it), so all items share one object shape and the passes' property accesses stay monomorphic.
 */
export interface Item {
  base: ResultBase;
  family: string;
  /** The check's series (pass 0), then its analysed history (pass 2). */
  prep: PreparedHistory | undefined;
  own: VarianceEstimate | undefined;
  evidence: string[];
  excess: number;
  /** The perfgate model's centre and variance replaced the (shorter) history's (§4). */
  byModel: boolean;
  /** Prior (d₀, s₀²) the check's variance was moderated with (§3.4), for its weight in the family test. */
  prior: { d0: number; s02: number } | undefined;
  test: CheckTest | undefined;
  result: CheckResult | undefined;
  grouped: boolean;
  /** The series holds every numeric history value (none was left out as infinite or NaN). */
  allFinite: boolean;
}

/** Like metrics share a family: same profile, test, serial, workflow, metric and check kind (iterations differ). */
export function familyOf(c: Check): string {
  return `${c.profile}/${c.test}/${c.serial}:${c.workflow}/${c.metric}.${c.kind}`;
}

const BUILD_LABEL = (b: number): string => (b === 0 ? 'source' : `ref${b}`);

function firstDefined(refs: readonly (Check | undefined)[]): Check | undefined {
  for (let j = 0; j < refs.length; j++) if (refs[j] !== undefined) return refs[j];
  return undefined;
}

/** Pass 0: a check's item, decided at once when a value is missing or an error, else with its transformed series. */
export function itemOf(input: DecisionInput, options: MethodOptions): Item {
  const src = input.src;
  const dst = input.dst;
  const check = dst ?? src ?? firstDefined(input.refs);
  const kind = check?.kind ?? 'error';
  // primary when the source says so too: a destination that lost its primary_metric must not hide a regression
  const base: ResultBase = { id: input.id, kind, primary: check ? check.primary || src?.primary === true : true, direction: check?.direction ?? 'unknown', src, dst, history: input.refs, values: undefined };
  const item: Item = { base, family: check ? familyOf(check) : input.id, prep: undefined, own: undefined, evidence: [], excess: 0, byModel: false, prior: undefined, test: undefined, result: undefined, grouped: false, allFinite: false };
  const tol = kind === 'stddev' ? options.stddevTolerance : kind === 'mean' ? options.tolerance : 0;
  if (!dst && src !== undefined && isReadFailure(src)) {
    // the source's own result could not be read: say so, rather than blame the destination
    item.result = errorOrPass(base, tol, 'error', `the source's result could not be read: ${String(src.value)}`, ['presence']);
  } else if (!dst) {
    const was = typeof src?.value === 'number' ? `; the source has ${Number(src.value.toPrecision(6))}${src.unit ? ` ${src.unit}` : ''}` : '';
    item.result = errorOrPass(base, tol, 'error', `Not present in the destination results (missing or failed${was})`, ['presence']);
  } else if (dst.kind === 'error' || typeof dst.value !== 'number') {
    // (data perfgate could not read is never the source's failure, even with the same text: isReadFailure)
    const same = src !== undefined && src.value === dst.value && !isReadFailure(dst);
    item.result = errorOrPass(base, tol, same ? 'pass' : 'error', same ? 'same failure as in the source' : `failed: ${String(dst.value)}`, ['error text']);
  } else if (!src || typeof src.value !== 'number') {
    item.result = errorOrPass(base, tol, 'error', src ? 'source value is not numeric' : 'Not present in source results', ['presence']);
  } else {
    addSeries(item, src.value, input.refs, dst.value);
  }
  return item;
}

/**
 * The item's numeric history (build 0 the source, build j + 1 reference j; finite values only) as a Series, and every
 * reference's value for its result's history column (read in the same pass, see ResultBase.values).
 */
function addSeries(it: Item, src: number, refs: readonly (Check | undefined)[], dst: number): void {
  const builds: number[] = [];
  const values: number[] = [];
  const column = new Array<Check['value'] | undefined>(refs.length);
  // (the loop in a helper: this function then never gets hot enough to be optimised with toSeries inlined)
  it.allFinite = numericHistory(src, refs, builds, values, column);
  it.base.values = column;
  it.prep = toSeries(builds, values, dst, it.base.kind === 'stddev' ? 'stddev' : 'mean') as PreparedHistory;
}

/**
 * Appends the finite history values and their builds, and sets column[j] to reference j's value (undefined where it has
 * none); whether no numeric value was left out (infinite or NaN).
 */
function numericHistory(src: number, refs: readonly (Check | undefined)[], builds: number[], values: number[], column: (Check['value'] | undefined)[]): boolean {
  let allFinite = true;
  if (Number.isFinite(src)) {
    builds.push(0);
    values.push(src);
  } else allFinite = false;
  for (let j = 0; j < refs.length; j++) {
    const c = refs[j];
    if (c !== undefined) {
      const v = c.value;
      column[j] = v;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) {
          builds.push(j + 1);
          values.push(v);
        } else allFinite = false;
      }
    } else column[j] = undefined;
  }
  return allFinite;
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
  return excessOver(w, median(hist), dst, samples);
}

/** excessVariance given the candidate's within-run stddev w (%) and the history's median, the usual level. */
function excessOver(w: number, usual: number, dst: Check, samples: number): { extra: number; note: string } | undefined {
  const k = dst.samples?.length ?? samples;
  const extra = ((w / 100) ** 2 - (usual / 100) ** 2) / k;
  if (!(extra > 0) || w < 2 * usual) return undefined;
  return { extra, note: `candidate within-run stddev ${fmt(w)}% vs usual ${fmt(usual)}% (variance added)` };
}

/**
 * Pass 0 (continued): the candidate's excess within-run variance of an item with a series, added with its note.
 * When the `.stddev` sibling has a linear series of all its numeric history values, the usual level is that series'
 * median (the same values: a median does not depend on their order), so no second median of the same values is taken.
 */
export function addExcess(it: Item, byId: ReadonlyMap<string, DecisionInput>, itemById: ReadonlyMap<string, Item>, samples: number): void {
  const id = it.base.id;
  if (!id.endsWith('.mean')) return;
  const sib = itemById.get(id.slice(0, -'.mean'.length) + '.stddev');
  // (an object, not a [number, note] pair: array destructuring runs the iterator protocol, slow in cold code)
  const excess =
    sib !== undefined && sib.prep !== undefined && sib.allFinite && sib.prep.scale === 'linear'
      ? excessOver(sib.base.dst!.value as number, sib.prep.median, it.base.dst!, samples)
      : excessVariance(id, byId, it.base.dst!, samples);
  if (excess) {
    it.excess = excess.extra;
    it.evidence.push(excess.note);
  }
}

/** Pass 1: family robust scales (median MADn of like metrics, 3 or more) for the screen and the step prior. */
export function familyScales(items: readonly Item[]): Map<string, number | undefined> {
  const famMadn = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const prep = it.prep;
    if (prep === undefined || !Number.isFinite(prep.madn)) continue;
    const list = famMadn.get(it.family);
    if (list === undefined) famMadn.set(it.family, [prep.madn]);
    else list.push(prep.madn);
  }
  const famScale = new Map<string, number | undefined>();
  famMadn.forEach((v, f) => famScale.set(f, v.length >= 3 ? median(v) : undefined));
  return famScale;
}

/** Pass 2: an item's history analysis (steps, outlier, centre), its evidence, and its own variance (or the model's). */
export function analyseItem(it: Item, familyMadn: number | undefined, settings: HistorySettings, model: PerfgateModel | undefined): void {
  const prep = prepareHistory(it.prep!, familyMadn, settings);
  it.prep = prep;
  const nv = prep.values.length;
  it.evidence.unshift(`history n=${nv} (source${nv > 1 ? ` + ${nv - 1} reference(s)` : ''}), ${prep.scale} scale`);
  if (prep.removed) it.evidence.push(`outlier ${BUILD_LABEL(prep.removed.build)} (${fmt(prep.removed.value)}) left out`);
  if (prep.keptFar) it.evidence.push(`far value ${BUILD_LABEL(prep.keptFar.build)} (${fmt(prep.keptFar.value)}) kept: the candidate lies in the same tail`);
  if (prep.steps.length > 0) it.evidence.push(stepNote(prep));
  const m = model?.checks[it.base.id];
  it.own = m && m.scale === prep.scale && m.df > 0 ? modelVariance(it, prep, m) : prep.own;
}

function stepNote(prep: PreparedHistory): string {
  const st = prep.steps[prep.steps.length - 1]!;
  const log = prep.scale === 'log';
  return `earlier step at ${BUILD_LABEL(prep.keptBuilds[st.index]!)} (${fmt(log ? (Math.exp(st.shift) - 1) * 100 : st.shift)}${log ? '%' : ''}, p=${fmt(st.pValue)}): centre from the ${prep.n} build(s) after it`;
}

/** The variance a check's perfgate model entry (same scale, df > 0) gives it, with the note why (§4). */
function modelVariance(it: Item, prep: PreparedHistory, m: PerfgateModelCheck): VarianceEstimate {
  const own = prep.own;
  if (prep.n < m.segmentLength && Number.isFinite(m.center)) {
    // The given history is shorter than the model's last segment (e.g. SRC DST with a model of the known-good
    // builds, which usually include SRC): the model knows the level better. Its centre and variance replace
    // the history's, which would otherwise count the same builds twice.
    it.prep = { ...prep, center: m.center, n: m.segmentLength };
    it.byModel = true;
    it.evidence.push(`model: centre and variance (${m.df} df) of its last segment of ${m.segmentLength} training build(s); the given history has ${prep.n}`);
    return { s2: m.s2, df: m.df };
  }
  if (m.df > own.df) {
    // A model is normally trained on known-good builds that the given history also holds (at least in part), so
    // pooling both would count those builds twice: the estimate with more df, the model's, is used alone.
    it.evidence.push(`model: variance of ${m.n} training builds (${m.df} df) instead of the history's ${own.df} df (not pooled: they usually share builds)`);
    return { s2: m.s2, df: m.df };
  }
  it.evidence.push(`model: not used for the variance (${m.df} df ≤ the history's ${own.df}; not pooled: they usually share builds)`);
  return own;
}
