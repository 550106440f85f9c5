// The references' verdicts alone, scored exactly as evaluateBuild scores them but without records, parts or results.
import type { Check } from '../../result/types.js';
import type { ModelCheck } from '../methods/options.js';
import { RunperfStatus, VERDICT_ABSENT, VerdictFlag, type DecisionInput, type Verdict, type VerdictColumn } from '../types.js';
import { groupKeysOf, modelEntries, toleranceOf, type EvalContext } from './evaluate.js';
import { applyModifiers } from './modifiers.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';
import { uncertainty } from './uncertainty.js';

/** A verdict's index in VERDICTS (types.ts). */
function codeOf(v: Verdict): number {
  switch (v) {
    case 'pass':
      return 0;
    case 'minor-gain':
      return 1;
    case 'minor-loss':
      return 2;
    case 'improvement':
      return 3;
    case 'regression':
      return 4;
    default:
      return 5;
  }
}
const ERROR_CODE = codeOf('error');

/** The groups seen so far, as numbered slots (a check id's slots never change, so later builds build no key). */
interface Groups {
  readonly byName: Map<string, number>[];
  readonly names: string[];
  readonly levels: number[];
  /** Per input: the slots of the groups it joins when it has a group value. */
  readonly joins: (readonly number[] | undefined)[];
  /** Slots in output order, while no slot was added since. */
  order: number[] | undefined;
}

function joinsOf(groups: Groups, k: number, rec: ScoreRecord, check: Check, ctx: EvalContext): readonly number[] {
  const slots = groupKeysOf(rec, check, ctx).map((key) => {
    const level = groups.byName[key.level - 1] as Map<string, number>;
    let slot = level.get(key.name);
    if (slot === undefined) {
      slot = groups.names.length;
      groups.names.push(key.name);
      groups.levels.push(key.level);
      level.set(key.name, slot);
      groups.order = undefined;
    }
    return slot;
  });
  groups.joins[k] = slots;
  return slots;
}

/** Slots in output order: level, then name (as groupRecords sorts each level's names). */
function orderOf(groups: Groups): number[] {
  const { names, levels } = groups;
  return (groups.order ??= names
    .map((_, i) => i)
    .sort((a, b) => (levels[a] as number) - (levels[b] as number) || ((names[a] as string) < (names[b] as string) ? -1 : 1)));
}

/**
 * A record reused for every entry: the policy's groupValue, failed and the modifiers read only its scalar fields.
 * Its score and tolerance hold doubles from the start (a field turning from small integers to doubles would throw
 * away the optimized code of the loop that writes it).
 */
function scratchRecord(): ScoreRecord {
  return {
    score: Number.NaN,
    tolerance: Number.NaN,
    id: '',
    kind: 'mean',
    primary: false,
    grouped: false,
    direction: 'unknown',
    status: RunperfStatus.PASS,
    verdict: 'pass',
    toleranceText: '',
    parts: [],
    errors: [],
    srcValue: 0,
    srcIsInt: false,
    dstValue: 0,
    dstIsInt: false,
    modelRaws: [],
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
    // indexed loops, no destructuring: this runs before it is optimized, where iterators are slow
    for (let i = 0; i < models.length; i++) {
      const entry = models[i];
      if (!entry) continue;
      matched = true;
      num += ((entry.equation[0] as number) * d.value + (entry.equation[1] as number)) * 1;
      den += 1;
      if (entry.raw !== null) num += policy.mrawDiff(d.kind, entry.raw, s.value, d.value) * 0;
    }
  }
  const w = matched ? 0 : 1;
  num += policy.rawDiff(d.kind, s.value, d.value) * w;
  den += w;
  return den === 0 ? -100 : num / den;
}

/** One reference's grouped checks: slot, code and status of each group it has, in output order at the time. */
interface GroupVerdicts {
  slots: number[];
  codes: number[];
  statuses: number[];
}

/** A reference's group means from its per-slot sums and counts, classified (and fed to the modifiers) as groupRecords does. */
function groupVerdicts(groups: Groups, sums: Float64Array, counts: Int32Array, rec: ScoreRecord, ctx: EvalContext): GroupVerdicts {
  const { policy, options, modifiers } = ctx;
  const out: GroupVerdicts = { slots: [], codes: [], statuses: [] };
  for (const slot of orderOf(groups)) {
    const count = counts[slot] as number;
    if (count === 0) continue;
    const value = (sums[slot] as number) / count;
    const tolerance = (options.tolerance * uncertainty(count)) / 2;
    const c = policy.classify(value, tolerance, 'mean', policy.groupDirection);
    if (modifiers) {
      Object.assign(rec, { id: groups.names[slot] as string, kind: 'mean', primary: true, grouped: true, direction: policy.groupDirection, tolerance, score: value, ...c });
      applyModifiers(rec, modifiers, ctx);
      rec.grouped = false;
    }
    out.slots.push(slot);
    out.codes.push(codeOf(c.verdict));
    out.statuses.push(c.status);
  }
  return out;
}

/** What one pass over the references keeps: the context, per-input caches, and the reference being judged. */
interface Pass {
  readonly ctx: EvalContext;
  readonly policy: ScoringPolicy;
  readonly rec: ScoreRecord;
  readonly models: (readonly (ModelCheck | undefined)[] | undefined)[];
  readonly groups: Groups;
  /** The current reference's sum and count of group values per slot (added in input order, as groupRecords adds them). */
  sums: Float64Array;
  counts: Int32Array;
  /** Each kind's tolerance. */
  readonly tolerances: Readonly<Record<Check['kind'], number>>;
  readonly codes: Uint8Array;
  readonly statuses: Int8Array;
  readonly flags: Uint8Array;
}

/** Judge input k of the reference whose entries start at `at` (its check d may be missing, as may the source's s). */
function judgeEntry(pass: Pass, k: number, at: number, input: DecisionInput, s: Check | undefined, d: Check | undefined, check: Check): void {
  const { rec, policy, ctx } = pass;
  rec.id = input.id;
  rec.kind = check.kind;
  rec.primary = check.primary;
  rec.direction = check.direction;
  if (s && d) {
    rec.score = scoreOf((pass.models[k] ??= modelEntries(input.id, ctx)), s, d, policy);
    rec.tolerance = pass.tolerances[d.kind];
    const c = policy.classify(rec.score, rec.tolerance, d.kind, d.direction);
    rec.status = c.status;
    rec.verdict = c.verdict;
    if (ctx.modifiers) applyModifiers(rec, ctx.modifiers, ctx);
    pass.codes[at] = codeOf(c.verdict);
  } else {
    rec.score = -100;
    rec.tolerance = 1;
    rec.status = RunperfStatus.ERROR;
    rec.verdict = 'error';
    pass.codes[at] = ERROR_CODE;
  }
  pass.statuses[at] = rec.status;
  pass.flags[at] = check.primary ? VerdictFlag.PRIMARY : 0;
  const value = policy.groupValue(rec, check);
  if (value === undefined) return;
  const slots = pass.groups.joins[k] ?? joinsOf(pass.groups, k, rec, check, ctx);
  if (pass.sums.length < pass.groups.names.length) grow(pass);
  const { sums, counts } = pass;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as number;
    sums[slot] = (sums[slot] as number) + value;
    counts[slot] = (counts[slot] as number) + 1;
  }
}

/** Room for every slot in the current reference's sums and counts (new groups appear while the first references are judged). */
function grow(pass: Pass): void {
  const size = Math.max(64, 2 * pass.groups.names.length);
  const sums = new Float64Array(size);
  const counts = new Int32Array(size);
  sums.set(pass.sums);
  counts.set(pass.counts);
  pass.sums = sums;
  pass.counts = counts;
}

/**
 * Every reference's verdicts (references are inputs' `refs`, `nRefs` of them) as evaluateBuild's records, and so
 * their CheckResults, carry them: one entry per input present in the source or the reference (entriesFor's
 * entries), then its grouped checks, with the same scores, classes, group means and group order. The references
 * are judged in order, each with its records before its groups, so with `ctx.modifiers` they feed the running
 * state exactly as a reference's evaluateBuild does (`ctx.apply` must be false). All columns share one ids array.
 */
export function evaluateReferenceVerdicts(inputs: readonly DecisionInput[], nRefs: number, ctx: EvalContext): VerdictColumn[] {
  if (ctx.apply) throw new Error('evaluateReferenceVerdicts judges references only');
  const n = inputs.length;
  const pass: Pass = {
    ctx,
    policy: ctx.policy,
    rec: scratchRecord(),
    models: new Array<readonly (ModelCheck | undefined)[] | undefined>(n),
    groups: { byName: [new Map(), new Map(), new Map()], names: [], levels: [], joins: new Array(n), order: undefined },
    sums: new Float64Array(0),
    counts: new Int32Array(0),
    tolerances: { mean: toleranceOf('mean', ctx).value, stddev: toleranceOf('stddev', ctx).value, error: toleranceOf('error', ctx).value },
    codes: new Uint8Array(nRefs * n).fill(VERDICT_ABSENT),
    statuses: new Int8Array(nRefs * n),
    flags: new Uint8Array(nRefs * n),
  };
  const byRef: GroupVerdicts[] = [];
  for (let j = 0; j < nRefs; j++) {
    pass.sums.fill(0);
    pass.counts.fill(0);
    for (let k = 0; k < n; k++) {
      const input = inputs[k] as DecisionInput;
      const s = input.src;
      const d = input.refs[j];
      const check = d ?? s;
      if (check) judgeEntry(pass, k, j * n + k, input, s, d, check);
    }
    byRef.push(groupVerdicts(pass.groups, pass.sums, pass.counts, pass.rec, ctx));
  }
  // grouped checks after the inputs, every group of the decision in output order (absent where a reference lacks it)
  const { codes, statuses, flags, groups } = pass;
  const order = orderOf(groups);
  const rank = new Int32Array(order.length);
  order.forEach((slot, i) => (rank[slot] = i));
  const ids = [...inputs.map((i) => i.id), ...order.map((slot) => groups.names[slot] as string)];
  const width = ids.length;
  return byRef.map((g, j) => {
    const column = { ids, codes: new Uint8Array(width).fill(VERDICT_ABSENT), statuses: new Int8Array(width), flags: new Uint8Array(width) };
    column.codes.set(codes.subarray(j * n, (j + 1) * n));
    column.statuses.set(statuses.subarray(j * n, (j + 1) * n));
    column.flags.set(flags.subarray(j * n, (j + 1) * n));
    g.slots.forEach((slot, i) => {
      const at = n + (rank[slot] as number);
      column.codes[at] = g.codes[i] as number;
      column.statuses[at] = g.statuses[i] as number;
      column.flags[at] = VerdictFlag.PRIMARY | VerdictFlag.GROUPED;
    });
    return column;
  });
}
