// Scores every check of one build (a reference or the destination) against the source, then its grouped checks.
import { pyFloatRepr } from '../../analyze/py-format.js';
import { isReadFailure } from '../../result/read-failure.js';
import type { Check } from '../../result/types.js';
import type { MethodOptions } from '../methods/options.js';
import { RunperfStatus } from '../types.js';
import type { ScorePart } from '../types.js';
import { applyModifiers, type ModifierState } from './modifiers.js';
import type { ModelCheck } from '../methods/options.js';
import type { GroupKey, ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';
import { valueText, weightedScore } from './record.js';
import { uncertainty } from './uncertainty.js';

/** Shared empty lists (never mutated): most records have no model and no error. */
const NONE: number[] = [];
const NO_ERRORS: string[] = [];

export interface EvalContext {
  options: MethodOptions;
  policy: ScoringPolicy;
  /** Running per-check state of the avg / n_of modifiers (undefined when both are off). */
  modifiers: ModifierState | undefined;
  /** Apply the modifiers to the scores (destination) or only feed them (references). */
  apply: boolean;
  /** Per-id memo shared by all builds of one decision (model entries and group keys depend only on the id). */
  memo?: EvalMemo;
}

export interface EvalMemo {
  models: Map<string, readonly (ModelCheck | undefined)[]>;
  groupKeys: Map<string, readonly GroupKey[]>;
  /** The policy's tolerance per check kind (it depends only on the kind and the options). */
  tolerances: Map<string, { value: number; text: string }>;
}

export function createEvalMemo(): EvalMemo {
  return { models: new Map(), groupKeys: new Map(), tolerances: new Map() };
}

/** The policy's tolerance of a kind (memoized). */
export function toleranceOf(kind: Check['kind'], ctx: EvalContext): { value: number; text: string } {
  let tol = ctx.memo?.tolerances.get(kind);
  if (!tol) {
    tol = ctx.policy.tolerance(kind, ctx.options);
    ctx.memo?.tolerances.set(kind, tol);
  }
  return tol;
}

/** Each model's entry for a check id, in model order (memoized). */
export function modelEntries(id: string, ctx: EvalContext): readonly (ModelCheck | undefined)[] {
  const cached = ctx.memo?.models.get(id);
  if (cached) return cached;
  const entries = ctx.options.models.map((m) => m.get(id));
  ctx.memo?.models.set(id, entries);
  return entries;
}

/** The policy's group keys of a record (memoized by id: they depend only on the id). */
export function groupKeysOf(rec: ScoreRecord, check: Check, ctx: EvalContext): readonly GroupKey[] {
  const cached = ctx.memo?.groupKeys.get(rec.id);
  if (cached) return cached;
  const keys = ctx.policy.groupKeys(rec, check);
  ctx.memo?.groupKeys.set(rec.id, keys);
  return keys;
}

export interface BuildScores {
  /** One record per id, in the order of `ids`. */
  records: ScoreRecord[];
  groups: ScoreRecord[];
}


function broken(id: string, c: Check, message: string): ScoreRecord {
  const rec: ScoreRecord = {
    id,
    kind: c.kind,
    primary: c.primary,
    grouped: false,
    direction: c.direction,
    tolerance: 1,
    toleranceText: '1',
    parts: [],
    errors: [message],
    srcValue: 0,
    srcIsInt: true,
    dstValue: -100,
    dstIsInt: true,
    modelRaws: NONE,
    score: -100,
    status: RunperfStatus.ERROR,
    verdict: 'error',
  };
  return rec;
}

/** Score a check present in both the source and the build: models, raw, then the modifiers. */
function scored(id: string, s: Check, d: Check, ctx: EvalContext): ScoreRecord {
  const { policy } = ctx;
  const tol = toleranceOf(d.kind, ctx);
  const parts: ScorePart[] = [];
  // run-perf lists each model's training average before the source value: "(raw0/raw1/src; dst)".
  let modelRaws: number[] = NONE;
  let matched = false;
  if (typeof d.value === 'number' && typeof s.value === 'number') {
    modelEntries(id, ctx).forEach((entry, i) => {
      if (!entry) return;
      matched = true;
      const [a, b] = entry.equation;
      parts.push({ name: `model${i}`, diff: a * (d.value as number) + b, weight: 1 });
      if (entry.raw !== null) {
        parts.push({ name: `mraw${i}`, diff: policy.mrawDiff(d.kind, entry.raw, s.value as number, d.value as number), weight: 0 });
        if (modelRaws === NONE) modelRaws = [];
        modelRaws.push(entry.raw);
      }
    });
  }
  parts.push({ name: 'raw', diff: policy.rawDiff(d.kind, s.value, d.value), weight: matched ? 0 : 1 });
  const score = weightedScore(parts) ?? -100;
  const { status, verdict } = policy.classify(score, tol.value, d.kind, d.direction);
  const rec: ScoreRecord = {
    id,
    kind: d.kind,
    primary: d.primary || (policy.keepSourcePrimary && s.primary),
    grouped: false,
    direction: d.direction,
    tolerance: tol.value,
    toleranceText: tol.text,
    parts,
    errors: NO_ERRORS,
    srcValue: s.value,
    srcIsInt: s.valueIsInt,
    dstValue: d.value,
    dstIsInt: d.valueIsInt,
    modelRaws,
    score,
    status,
    verdict,
  };
  if (ctx.modifiers) applyModifiers(rec, ctx.modifiers, ctx);
  return rec;
}

/** One check of a build to score: its id, the source's and the build's checks (either may be missing). */
export interface BuildEntry {
  id: string;
  s: Check | undefined;
  d: Check | undefined;
}

/** Records of one build, one per entry in order (entries sorted by id); a check missing on one side becomes a broken ERROR record. */
export function evaluateBuild(entries: readonly BuildEntry[], ctx: EvalContext): BuildScores {
  const records: ScoreRecord[] = [];
  const checks: Check[] = [];
  for (const { id, s, d } of entries) {
    let rec: ScoreRecord;
    // a result perfgate could not read is an error in every policy (run-perf, which stops on it, has no status for it)
    if (d && isReadFailure(d)) rec = broken(id, d, String(d.value));
    else if (s && d) rec = scored(id, s, d, ctx);
    else if (d) rec = broken(id, d, `Not present in source results (${valueText(d.value, d.valueIsInt)}).`);
    else if (s) rec = broken(id, s, 'Not present in target results (-100)');
    else continue;
    records.push(rec);
    checks.push((d ?? s) as Check);
  }
  return { records, groups: groupRecords(records, checks, ctx) };
}

/** run-perf's grouped checks: mean of member scores, tolerance T·u(n)/2, then the modifiers (spec §4.3). */
function groupRecords(records: readonly ScoreRecord[], checks: readonly Check[], ctx: EvalContext): ScoreRecord[] {
  const { policy, options } = ctx;
  const levels: Map<string, { values: number[]; ids: string[] }>[] = [new Map(), new Map(), new Map()];
  for (let i = 0; i < records.length; i++) {
    const rec = records[i] as ScoreRecord;
    const check = checks[i];
    if (!check) continue;
    const value = policy.groupValue(rec, check);
    if (value === undefined) continue;
    for (const key of groupKeysOf(rec, check, ctx)) {
      const level = levels[key.level - 1] as Map<string, { values: number[]; ids: string[] }>;
      let group = level.get(key.name);
      if (!group) {
        group = { values: [], ids: [] };
        level.set(key.name, group);
      }
      group.values.push(value);
      group.ids.push(rec.id);
    }
  }
  const out: ScoreRecord[] = [];
  for (const level of levels) {
    for (const name of [...level.keys()].sort()) {
      const { values, ids } = level.get(name) ?? { values: [], ids: [] };
      let sum = 0;
      for (const v of values) sum += v;
      const value = sum / values.length;
      const tolerance = (options.tolerance * uncertainty(values.length)) / 2;
      const parts: ScorePart[] = [{ name: 'raw', diff: value, weight: 1 }];
      const rec: ScoreRecord = {
        id: name,
        kind: 'mean',
        primary: true,
        grouped: true,
        members: ids,
        direction: policy.groupDirection,
        tolerance,
        toleranceText: pyFloatRepr(tolerance),
        parts,
        errors: NO_ERRORS,
        srcValue: value,
        srcIsInt: false,
        dstValue: value,
        dstIsInt: false,
        modelRaws: NONE,
        score: value,
        ...policy.classify(value, tolerance, 'mean', policy.groupDirection),
      };
      if (ctx.modifiers) applyModifiers(rec, ctx.modifiers, ctx);
      out.push(rec);
    }
  }
  return out;
}
