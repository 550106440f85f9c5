// The references' verdicts alone, scored exactly as evaluateBuild scores them but without records, parts or results.
import { isReadFailure } from '../../result/read-failure.js';
import type { Check } from '../../result/types.js';
import type { ModelCheck } from '../methods/options.js';
import { RunperfStatus, VERDICT_ABSENT, VERDICTS, VerdictFlag, type DecisionInput, type RunperfStatusCode, type Verdict, type VerdictColumn } from '../types.js';
import { modelEntries, toleranceOf, type EvalContext } from './evaluate.js';
import { applyModifiers, type ModifierState } from './modifiers.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';
import { groupVerdicts, joinsOf, orderOf, type GroupPass, type GroupVerdicts } from './verdict-groups.js';

/** Each verdict's index in VERDICTS (types.ts), looked up without a call. */
const CODE: Readonly<Record<Verdict, number>> = { pass: 0, 'minor-gain': 1, 'minor-loss': 2, improvement: 3, regression: 4, error: 5 };
const ERROR_CODE = CODE.error;

/** A verdict's index in VERDICTS. */
function codeOf(v: Verdict): number {
  return CODE[v] ?? ERROR_CODE;
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
 * (model<i> weight 1, mraw<i> weight 0, raw weight 1 unless a model matched), added in the same order. Without a
 * model entry that is (0 + raw·1) / 1, i.e. raw + 0, which judgeInput computes without this call.
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

/** What one pass over the inputs keeps: the context, the group slots and every reference's verdicts so far. */
interface Pass extends GroupPass {
  /** Each kind's tolerance. */
  readonly tolMean: number;
  readonly tolStddev: number;
  readonly tolError: number;
  /** Per reference j and input k, at j·n + k: verdict code, status, flags, and (only with the modifiers) score. */
  readonly codes: Uint8Array;
  readonly statuses: Int8Array;
  readonly flags: Uint8Array;
  readonly scores: Float64Array | undefined;
}

/** The policy's tolerance of a check kind. */
function toleranceFor(pass: Pass, kind: Check['kind']): number {
  return kind === 'mean' ? pass.tolMean : kind === 'stddev' ? pass.tolStddev : pass.tolError;
}

/**
 * Judge input k (at index k of n) against every reference; its check may be missing in a reference, as may the
 * source's. The input's model entries and group slots are looked up once, for all the references.
 */
function judgeInput(pass: Pass, k: number, n: number, input: DecisionInput): void {
  const { rec, policy, ctx, codes, statuses, flags, scores } = pass;
  const s = input.src;
  const refs = input.refs;
  let models: readonly (ModelCheck | undefined)[] | undefined;
  let slots: readonly number[] | undefined;
  rec.id = input.id;
  if (s !== undefined) {
    models = modelEntries(input.id, ctx);
    // without any model entry, a score is the raw difference + 0 (scoreOf's sum, exactly)
    if (!models.some((m) => m !== undefined)) models = undefined;
  }
  for (let j = 0; j < pass.nRefs; j++) {
    const d = refs[j];
    const check = d ?? s;
    if (check === undefined) continue;
    const at = j * n + k;
    rec.kind = check.kind;
    // as scored() has it: with both checks, primary when the policy keeps the source's flag too
    rec.primary = check.primary || (d !== undefined && s !== undefined && policy.keepSourcePrimary && s.primary);
    rec.direction = check.direction;
    if (s !== undefined && d !== undefined && !(d.kind === 'error' && isReadFailure(d))) {
      const kind = d.kind;
      const score = models === undefined ? policy.rawDiff(kind, s.value, d.value) + 0 : scoreOf(models, s, d, policy);
      const tolerance = toleranceFor(pass, kind);
      const c = policy.classify(score, tolerance, kind, d.direction);
      rec.score = score;
      rec.tolerance = tolerance;
      rec.status = c.status;
      rec.verdict = c.verdict;
      codes[at] = CODE[c.verdict] ?? ERROR_CODE;
    } else {
      rec.score = -100;
      rec.tolerance = 1;
      rec.status = RunperfStatus.ERROR;
      rec.verdict = 'error';
      codes[at] = ERROR_CODE;
    }
    statuses[at] = rec.status;
    flags[at] = rec.primary ? VerdictFlag.PRIMARY : 0;
    if (scores !== undefined) scores[at] = rec.score;
    const value = policy.groupValue(rec, check);
    if (value === undefined) continue;
    slots ??= joinsOf(pass, rec, check);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const sums = pass.sums[slot] as Float64Array;
      const counts = pass.counts[slot] as Int32Array;
      sums[j] = (sums[j] as number) + value;
      counts[j] = (counts[j] as number) + 1;
    }
  }
}

/**
 * Feed reference j's records to the modifiers in input order, as its evaluateBuild does: only the checks present
 * in both builds, with their judged score, status and verdict (`ctx.apply` is false: only the running state changes).
 */
function feedModifiers(pass: Pass, j: number, inputs: readonly DecisionInput[], modifiers: ModifierState): void {
  const { rec, ctx, codes, statuses } = pass;
  const scores = pass.scores as Float64Array;
  const n = inputs.length;
  for (let k = 0; k < n; k++) {
    const input = inputs[k] as DecisionInput;
    const d = input.refs[j];
    // (evaluateBuild's broken records, a reference's unreadable result among them, feed no modifier)
    if (input.src === undefined || d === undefined || (d.kind === 'error' && isReadFailure(d))) continue;
    const at = j * n + k;
    rec.id = input.id;
    rec.kind = d.kind;
    rec.primary = d.primary || (pass.policy.keepSourcePrimary && input.src.primary);
    rec.direction = d.direction;
    rec.score = scores[at] as number;
    rec.tolerance = toleranceFor(pass, d.kind);
    rec.status = statuses[at] as RunperfStatusCode;
    rec.verdict = VERDICTS[codes[at] as number] as Verdict;
    applyModifiers(rec, modifiers, ctx);
  }
}

/**
 * Every reference's verdicts (references are inputs' `refs`, `nRefs` of them) as evaluateBuild's records, and so
 * their CheckResults, carry them: one entry per input present in the source or the reference (entriesFor's
 * entries), then its grouped checks, with the same scores, classes, group means and group order. Each input is
 * judged against every reference in turn (a group's sum in a reference still adds its values in input order).
 * With `ctx.modifiers`, each reference's records, then its groups, feed the running state in reference order,
 * exactly as a reference's evaluateBuild does (`ctx.apply` must be false). All columns share one ids array.
 */
export function evaluateReferenceVerdicts(inputs: readonly DecisionInput[], nRefs: number, ctx: EvalContext): VerdictColumn[] {
  if (ctx.apply) throw new Error('evaluateReferenceVerdicts judges references only');
  const n = inputs.length;
  const pass: Pass = {
    ctx,
    policy: ctx.policy,
    rec: scratchRecord(),
    groups: { byName: [new Map(), new Map(), new Map()], names: [], levels: [], order: undefined },
    nRefs,
    sums: [],
    counts: [],
    tolMean: toleranceOf('mean', ctx).value,
    tolStddev: toleranceOf('stddev', ctx).value,
    tolError: toleranceOf('error', ctx).value,
    codes: new Uint8Array(nRefs * n).fill(VERDICT_ABSENT),
    statuses: new Int8Array(nRefs * n),
    flags: new Uint8Array(nRefs * n),
    scores: ctx.modifiers ? new Float64Array(nRefs * n) : undefined,
  };
  for (let k = 0; k < n; k++) judgeInput(pass, k, n, inputs[k] as DecisionInput);
  const byRef: GroupVerdicts[] = [];
  for (let j = 0; j < nRefs; j++) {
    if (ctx.modifiers) feedModifiers(pass, j, inputs, ctx.modifiers);
    byRef.push(groupVerdicts(pass, j));
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
      column.codes[at] = codeOf(g.verdicts[i] as Verdict);
      column.statuses[at] = g.statuses[i] as number;
      column.flags[at] = VerdictFlag.PRIMARY | VerdictFlag.GROUPED;
    });
    return column;
  });
}
