// The grouped checks of evaluateReferenceVerdicts: numbered group slots, their per-reference sums and their verdicts.
import type { Check } from '../../result/types.js';
import type { Verdict } from '../types.js';
import { groupKeysOf, type EvalContext } from './evaluate.js';
import { applyModifiers } from './modifiers.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';
import { uncertainty } from './uncertainty.js';

/** The groups seen so far, as numbered slots. */
export interface Groups {
  readonly byName: Map<string, number>[];
  readonly names: string[];
  readonly levels: number[];
  /** Slots in output order, while no slot was added since. */
  order: number[] | undefined;
}

/** What the group slots of one pass need of it: the context, the reused record, the slots and their sums. */
export interface GroupPass {
  readonly ctx: EvalContext;
  readonly policy: ScoringPolicy;
  readonly rec: ScoreRecord;
  readonly groups: Groups;
  readonly nRefs: number;
  /** Per slot, per reference: the sum and count of its group values (added in input order, as groupRecords adds them). */
  readonly sums: Float64Array[];
  readonly counts: Int32Array[];
}

/** The slots of the groups a record joins (a new group gets a slot, and in it a zero sum and count per reference). */
export function joinsOf(pass: GroupPass, rec: ScoreRecord, check: Check): readonly number[] {
  const { groups } = pass;
  return groupKeysOf(rec, check, pass.ctx).map((key) => {
    const level = groups.byName[key.level - 1] as Map<string, number>;
    let slot = level.get(key.name);
    if (slot === undefined) {
      slot = groups.names.length;
      groups.names.push(key.name);
      groups.levels.push(key.level);
      level.set(key.name, slot);
      groups.order = undefined;
      pass.sums.push(new Float64Array(pass.nRefs));
      pass.counts.push(new Int32Array(pass.nRefs));
    }
    return slot;
  });
}

/** Slots in output order: level, then name (as groupRecords sorts each level's names). */
export function orderOf(groups: Groups): number[] {
  const { names, levels } = groups;
  return (groups.order ??= names
    .map((_, i) => i)
    .sort((a, b) => (levels[a] as number) - (levels[b] as number) || ((names[a] as string) < (names[b] as string) ? -1 : 1)));
}

/** One reference's grouped checks: slot, verdict and status of each group it has, in output order. */
export interface GroupVerdicts {
  slots: number[];
  verdicts: Verdict[];
  statuses: number[];
}

/** Reference j's group means from the per-slot sums and counts, classified (and fed to the modifiers) as groupRecords does. */
export function groupVerdicts(pass: GroupPass, j: number): GroupVerdicts {
  const { ctx, policy, rec, groups } = pass;
  const { options, modifiers } = ctx;
  const out: GroupVerdicts = { slots: [], verdicts: [], statuses: [] };
  for (const slot of orderOf(groups)) {
    const count = (pass.counts[slot] as Int32Array)[j] as number;
    if (count === 0) continue;
    const value = ((pass.sums[slot] as Float64Array)[j] as number) / count;
    const tolerance = (options.tolerance * uncertainty(count)) / 2;
    const c = policy.classify(value, tolerance, 'mean', policy.groupDirection);
    if (modifiers) {
      Object.assign(rec, { id: groups.names[slot] as string, kind: 'mean', primary: true, grouped: true, direction: policy.groupDirection, tolerance, score: value, ...c });
      applyModifiers(rec, modifiers, ctx);
      rec.grouped = false;
    }
    out.slots.push(slot);
    out.verdicts.push(c.verdict);
    out.statuses.push(c.status);
  }
  return out;
}
