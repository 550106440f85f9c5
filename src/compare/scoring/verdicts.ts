// A build's verdicts alone, scored exactly as evaluateBuild scores them but without records, parts or results.
import type { Check } from '../../result/types.js';
import { RunperfStatus, VerdictFlag, type RunperfStatusCode, type Verdict, type VerdictColumn } from '../types.js';
import { applyModifiers } from './modifiers.js';
import { groupKeysOf, modelEntries, toleranceOf, type BuildEntry, type EvalContext } from './evaluate.js';
import type { ScoreRecord } from './record.js';
import { uncertainty } from './uncertainty.js';

/**
 * The grouped checks seen so far by one decision, as numbered slots: a check id's slots and each slot's level and
 * name never change, so every build after the first finds its groups without building a key.
 */
export interface GroupSlots {
  readonly byName: Map<string, number>[];
  readonly names: string[];
  readonly levels: number[];
  /** Slots of a check id (the groups it joins when it has a group value). */
  readonly byId: Map<string, readonly number[]>;
  /** Slots in output order (level, then name); undefined after a new slot until it is needed. */
  order: number[] | undefined;
}

export function createGroupSlots(): GroupSlots {
  return { byName: [new Map(), new Map(), new Map()], names: [], levels: [], byId: new Map(), order: undefined };
}

function slotsOf(rec: ScoreRecord, check: Check, ctx: EvalContext, slots: GroupSlots): readonly number[] {
  let ids = slots.byId.get(rec.id);
  if (ids) return ids;
  ids = groupKeysOf(rec, check, ctx).map((key) => {
    const level = slots.byName[key.level - 1] as Map<string, number>;
    let slot = level.get(key.name);
    if (slot === undefined) {
      slot = slots.names.length;
      slots.names.push(key.name);
      slots.levels.push(key.level);
      level.set(key.name, slot);
      slots.order = undefined;
    }
    return slot;
  });
  slots.byId.set(rec.id, ids);
  return ids;
}

function orderOf(slots: GroupSlots): number[] {
  if (!slots.order) {
    const { names, levels } = slots;
    slots.order = names
      .map((_, i) => i)
      .sort((a, b) => (levels[a] as number) - (levels[b] as number) || ((names[a] as string) < (names[b] as string) ? -1 : 1));
  }
  return slots.order;
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
function scoreOf(id: string, s: Check, d: Check, ctx: EvalContext): number {
  const { policy } = ctx;
  let num = 0;
  let den = 0;
  let matched = false;
  if (typeof d.value === 'number' && typeof s.value === 'number') {
    for (const entry of modelEntries(id, ctx)) {
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
 * The verdicts evaluateBuild's records (and so the build's CheckResults) carry, entry by entry, then its grouped
 * checks: same scores, classes, group means and group order. With `ctx.modifiers` the records feed the running
 * state as a reference's do (`ctx.apply` must be false: a destination's verdicts need its records).
 */
export function evaluateVerdicts(entries: readonly BuildEntry[], ctx: EvalContext, slots: GroupSlots): VerdictColumn {
  if (ctx.apply) throw new Error('evaluateVerdicts judges references only');
  const { policy, options, modifiers } = ctx;
  const ids: string[] = [];
  const verdicts: Verdict[] = [];
  const statuses: RunperfStatusCode[] = [];
  const flags: number[] = [];
  const joined: number[] = [];
  const values: number[] = [];
  const rec = scratchRecord();
  for (const { id, s, d } of entries) {
    const check = d ?? s;
    if (!check) continue;
    rec.id = id;
    rec.kind = check.kind;
    rec.primary = check.primary;
    rec.direction = check.direction;
    if (s && d) {
      rec.score = scoreOf(id, s, d, ctx);
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
    for (const slot of slotsOf(rec, check, ctx, slots)) {
      joined.push(slot);
      values.push(value);
    }
  }
  const n = slots.names.length;
  const sums = new Float64Array(n);
  const counts = new Int32Array(n);
  for (let i = 0; i < joined.length; i++) {
    const slot = joined[i] as number;
    sums[slot] = (sums[slot] as number) + (values[i] as number);
    counts[slot] = (counts[slot] as number) + 1;
  }
  for (const slot of orderOf(slots)) {
    const count = counts[slot] as number;
    if (count === 0) continue;
    const value = (sums[slot] as number) / count;
    const tolerance = (options.tolerance * uncertainty(count)) / 2;
    const c = policy.classify(value, tolerance, 'mean', policy.groupDirection);
    if (modifiers) {
      Object.assign(rec, { id: slots.names[slot] as string, kind: 'mean', primary: true, grouped: true, direction: policy.groupDirection, tolerance, score: value, ...c });
      applyModifiers(rec, modifiers, ctx);
      rec.grouped = false;
    }
    ids.push(slots.names[slot] as string);
    verdicts.push(c.verdict);
    statuses.push(c.status);
    flags.push(VerdictFlag.PRIMARY | VerdictFlag.GROUPED);
  }
  return { ids, verdicts, statuses, flags: Uint8Array.from(flags) };
}
