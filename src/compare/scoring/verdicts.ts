// A build's verdicts alone, scored exactly as evaluateBuild scores them but without records, parts or results.
import type { Check } from '../../result/types.js';
import { RunperfStatus, VerdictFlag, type RunperfStatusCode, type Verdict, type VerdictColumn } from '../types.js';
import { applyModifiers } from './modifiers.js';
import type { ModelCheck } from '../methods/options.js';
import type { DecisionInput } from '../types.js';
import { groupKeysOf, modelEntries, toleranceOf, type EvalContext } from './evaluate.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';
import { uncertainty } from './uncertainty.js';

/**
 * What every reference of one decision shares: the decision's inputs (sorted by id), each input's model entries and
 * group slots (they depend only on the id), the groups seen so far as numbered slots, and the last column's ids
 * (a column with the same entries shares the array, so a reader can map it to its rows once).
 */
export interface VerdictPlan {
  readonly inputs: readonly DecisionInput[];
  readonly models: (readonly (ModelCheck | undefined)[] | undefined)[];
  /** Per input: the slots of the groups it joins when it has a group value. */
  readonly joins: (readonly number[] | undefined)[];
  readonly byName: Map<string, number>[];
  readonly names: string[];
  readonly levels: number[];
  /** Slots in output order (level, then name); undefined after a new slot until it is needed. */
  order: number[] | undefined;
  ids: readonly string[] | undefined;
}

export function createVerdictPlan(inputs: readonly DecisionInput[]): VerdictPlan {
  const n = inputs.length;
  return { inputs, models: new Array(n), joins: new Array(n), byName: [new Map(), new Map(), new Map()], names: [], levels: [], order: undefined, ids: undefined };
}

function joinsOf(plan: VerdictPlan, k: number, rec: ScoreRecord, check: Check, ctx: EvalContext): readonly number[] {
  let slots = plan.joins[k];
  if (slots) return slots;
  slots = groupKeysOf(rec, check, ctx).map((key) => {
    const level = plan.byName[key.level - 1] as Map<string, number>;
    let slot = level.get(key.name);
    if (slot === undefined) {
      slot = plan.names.length;
      plan.names.push(key.name);
      plan.levels.push(key.level);
      level.set(key.name, slot);
      plan.order = undefined;
    }
    return slot;
  });
  plan.joins[k] = slots;
  return slots;
}

function orderOf(plan: VerdictPlan): number[] {
  if (!plan.order) {
    const { names, levels } = plan;
    plan.order = names
      .map((_, i) => i)
      .sort((a, b) => (levels[a] as number) - (levels[b] as number) || ((names[a] as string) < (names[b] as string) ? -1 : 1));
  }
  return plan.order;
}

/** The ids array of the plan's last column when `ids` holds the same ids (so equal columns share one array). */
function shared(plan: VerdictPlan, ids: string[]): readonly string[] {
  const last = plan.ids;
  if (last && last.length === ids.length && ids.every((id, i) => last[i] === id)) return last;
  plan.ids = ids;
  return ids;
}

/** A record reused for every entry: the policy's groupValue, failed and the modifiers read only its scalar fields. */
function scratchRecord(): ScoreRecord {
  return {
    id: '',
    kind: 'mean',
    primary: false,
    grouped: false,
    direction: 'unknown',
    tolerance: 0,
    toleranceText: '',
    parts: [],
    errors: [],
    srcValue: 0,
    srcIsInt: false,
    dstValue: 0,
    dstIsInt: false,
    modelRaws: [],
    score: 0,
    status: RunperfStatus.PASS,
    verdict: 'pass',
  };
}

/**
 * The score `scored` (evaluate.ts) gives a check present in both builds: the same weighted mean of the same parts
 * (model<i> weight 1, mraw<i> weight 0, raw weight 1 unless a model matched), added in the same order.
 */
function scoreOf(models: readonly (ModelCheck | undefined)[], s: Check, d: Check, policy: ScoringPolicy): number {
  let num = 0;
  let den = 0;
  let matched = false;
  if (typeof d.value === 'number' && typeof s.value === 'number') {
    for (const entry of models) {
      if (!entry) continue;
      matched = true;
      const [a, b] = entry.equation;
      num += (a * d.value + b) * 1;
      den += 1;
      if (entry.raw !== null) num += policy.mrawDiff(d.kind, entry.raw, s.value, d.value) * 0;
    }
  }
  const w = matched ? 0 : 1;
  num += policy.rawDiff(d.kind, s.value, d.value) * w;
  den += w;
  return den === 0 ? -100 : num / den;
}

/**
 * Reference j's verdicts as evaluateBuild's records (and so its CheckResults) carry them, one per input present in
 * the source or the reference (entriesFor's entries), then its grouped checks: same scores, classes, group means and group order. With `ctx.modifiers` the records feed the running
 * state as a reference's do (`ctx.apply` must be false: a destination's verdicts need its records).
 */
export function evaluateVerdicts(plan: VerdictPlan, j: number, ctx: EvalContext): VerdictColumn {
  if (ctx.apply) throw new Error('evaluateVerdicts judges references only');
  const { policy, options, modifiers } = ctx;
  const ids: string[] = [];
  const verdicts: Verdict[] = [];
  const statuses: RunperfStatusCode[] = [];
  const flags: number[] = [];
  const joined: number[] = [];
  const values: number[] = [];
  const rec = scratchRecord();
  const { inputs } = plan;
  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k] as DecisionInput;
    const s = input.src;
    const d = input.refs[j];
    const check = d ?? s;
    if (!check) continue;
    const id = input.id;
    rec.id = id;
    rec.kind = check.kind;
    rec.primary = check.primary;
    rec.direction = check.direction;
    if (s && d) {
      rec.score = scoreOf((plan.models[k] ??= modelEntries(id, ctx)), s, d, policy);
      rec.tolerance = toleranceOf(d.kind, ctx).value;
      const c = policy.classify(rec.score, rec.tolerance, d.kind, d.direction);
      rec.status = c.status;
      rec.verdict = c.verdict;
      if (modifiers) applyModifiers(rec, modifiers, ctx);
    } else {
      rec.score = -100;
      rec.tolerance = 1;
      rec.status = RunperfStatus.ERROR;
      rec.verdict = 'error';
    }
    ids.push(id);
    verdicts.push(rec.verdict);
    statuses.push(rec.status);
    flags.push(check.primary ? VerdictFlag.PRIMARY : 0);
    const value = policy.groupValue(rec, check);
    if (value === undefined) continue;
    for (const slot of joinsOf(plan, k, rec, check, ctx)) {
      joined.push(slot);
      values.push(value);
    }
  }
  const n = plan.names.length;
  const sums = new Float64Array(n);
  const counts = new Int32Array(n);
  for (let i = 0; i < joined.length; i++) {
    const slot = joined[i] as number;
    sums[slot] = (sums[slot] as number) + (values[i] as number);
    counts[slot] = (counts[slot] as number) + 1;
  }
  for (const slot of orderOf(plan)) {
    const count = counts[slot] as number;
    if (count === 0) continue;
    const value = (sums[slot] as number) / count;
    const tolerance = (options.tolerance * uncertainty(count)) / 2;
    const c = policy.classify(value, tolerance, 'mean', policy.groupDirection);
    if (modifiers) {
      Object.assign(rec, { id: plan.names[slot] as string, kind: 'mean', primary: true, grouped: true, direction: policy.groupDirection, tolerance, score: value, ...c });
      applyModifiers(rec, modifiers, ctx);
      rec.grouped = false;
    }
    ids.push(plan.names[slot] as string);
    verdicts.push(c.verdict);
    statuses.push(c.status);
    flags.push(VerdictFlag.PRIMARY | VerdictFlag.GROUPED);
  }
  return { ids: shared(plan, ids), verdicts, statuses, flags: Uint8Array.from(flags) };
}
