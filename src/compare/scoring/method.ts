// Turns a ScoringPolicy into a DecisionMethod: references feed the modifiers in order, the destination is decided.
import type { Check } from '../../result/types.js';
import type { MethodOptions } from '../methods/options.js';
import type { CheckResult, DecideContext, DecisionInput, DecisionMethod } from '../types.js';
import type { BuildScores, EvalContext } from './evaluate.js';
import { evaluateBuild } from './evaluate.js';
import { createModifierState } from './modifiers.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';

interface Columns {
  ids: string[];
  src: Map<string, Check>;
  refs: Map<string, Check>[];
  dst: Map<string, Check>;
  byId: Map<string, DecisionInput>;
}

function columns(inputs: readonly DecisionInput[]): Columns {
  const sorted = [...inputs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const nRefs = sorted.reduce((n, i) => Math.max(n, i.refs.length), 0);
  const cols: Columns = { ids: [], src: new Map(), refs: Array.from({ length: nRefs }, () => new Map()), dst: new Map(), byId: new Map() };
  for (const input of sorted) {
    cols.ids.push(input.id);
    cols.byId.set(input.id, input);
    if (input.src) cols.src.set(input.id, input.src);
    if (input.dst) cols.dst.set(input.id, input.dst);
    input.refs.forEach((c, j) => {
      if (c) cols.refs[j]?.set(input.id, c);
    });
  }
  return cols;
}

/** Ids a build is compared on: those present in the source or in that build. */
function idsFor(cols: Columns, build: Map<string, Check>): string[] {
  return cols.ids.filter((id) => cols.src.has(id) || build.has(id));
}

function toResult(rec: ScoreRecord, cols: Columns, build: Map<string, Check>, history: number, policy: ScoringPolicy, options: MethodOptions): CheckResult {
  const input = cols.byId.get(rec.id);
  const s = cols.src.get(rec.id);
  const d = build.get(rec.id);
  const check = d ?? s;
  const [profile = '*', test = '*'] = rec.id.split('/');
  const raw = rec.parts.find((p) => p.name === 'raw');
  const result: CheckResult = {
    id: rec.id,
    kind: rec.kind,
    primary: rec.primary,
    grouped: rec.grouped,
    profile: check?.profile ?? profile,
    test: check?.test ?? test,
    direction: rec.direction,
    unit: check?.unit ?? '%',
    src: rec.grouped ? rec.score : s?.value,
    dst: rec.grouped ? rec.score : d?.value,
    history: input ? input.refs.slice(0, history).map((c) => c?.value) : [],
    band: [-rec.tolerance, rec.tolerance],
    score: rec.score,
    tolerance: rec.tolerance,
    parts: rec.parts,
    verdict: rec.verdict,
    status: rec.status,
    details: policy.details(rec),
    evidence: rec.parts.filter((p) => p.weight > 0).map((p) => p.name),
  };
  if (raw && rec.errors.length === 0) result.change = raw.diff;
  if (rec.members) result.evidence = [...result.evidence, `${rec.members.length} members`];
  for (const model of options.models) {
    const entry = model.get(rec.id);
    if (entry && entry.mmax !== undefined && entry.mmin !== undefined) {
      result.modelBand = [entry.mmax, entry.mmin];
      break;
    }
  }
  if (check) result.params = check.params;
  return result;
}

/** CheckResults of one build; `history` = how many references precede it. */
function results(scores: BuildScores, cols: Columns, build: Map<string, Check>, history: number, policy: ScoringPolicy, options: MethodOptions): CheckResult[] {
  return [...scores.records, ...scores.groups].map((r) => toResult(r, cols, build, history, policy, options));
}

/** A DecisionMethod running run-perf's pipeline (models, raw, modifiers, grouped checks) under a policy. */
export function createScoringMethod(name: string, policy: ScoringPolicy, options: MethodOptions): DecisionMethod {
  const modifiersOn = options.modelBuildsAverage > 0 || options.nOutOfResults > 0;
  const decideBuilds = (inputs: readonly DecisionInput[]): CheckResult[][] => {
    const cols = columns(inputs);
    const state = modifiersOn ? createModifierState() : undefined;
    const out: CheckResult[][] = [];
    cols.refs.forEach((ref, j) => {
      const ctx: EvalContext = { options, policy, modifiers: state, apply: false };
      out.push(results(evaluateBuild(idsFor(cols, ref), cols.src, ref, ctx), cols, ref, j, policy, options));
    });
    const ctx: EvalContext = { options, policy, modifiers: state, apply: true };
    out.push(results(evaluateBuild(idsFor(cols, cols.dst), cols.src, cols.dst, ctx), cols, cols.dst, cols.refs.length, policy, options));
    return out;
  };
  return {
    name,
    decideBuilds,
    decide(inputs: readonly DecisionInput[], context?: DecideContext): CheckResult[] {
      if (context?.role === 'reference') {
        const cols = columns(inputs);
        const ctx: EvalContext = { options, policy, modifiers: undefined, apply: false };
        return results(evaluateBuild(idsFor(cols, cols.dst), cols.src, cols.dst, ctx), cols, cols.dst, cols.refs.length, policy, options);
      }
      return decideBuilds(inputs).at(-1) ?? [];
    },
  };
}
