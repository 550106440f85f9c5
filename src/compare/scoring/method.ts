// Turns a ScoringPolicy into a DecisionMethod: references feed the modifiers in order, the destination is decided.
import type { MethodOptions } from '../methods/options.js';
import type { CheckResult, DecidedReport, DecideContext, DecisionInput, DecisionMethod, VerdictColumn } from '../types.js';
import type { BuildScores, EvalContext } from './evaluate.js';
import { createEvalMemo, evaluateBuild, type BuildEntry } from './evaluate.js';
import { createModifierState, type ModifierState } from './modifiers.js';
import type { ScoringPolicy } from './policy.js';
import { ReferenceResult, ScoredResult } from './scored-result.js';
import { evaluateReferenceVerdicts } from './verdicts.js';

/** The decision's inputs sorted by id, with per-input values shared by every build's results. */
interface Columns {
  inputs: DecisionInput[];
  /** Per input (same index): the references' values, computed once and shared by every build's result (O(builds·checks)). */
  history: (readonly (number | string | undefined)[] | undefined)[];
  modelBands: Map<string, readonly [number, number] | undefined>;
}

function columns(inputs: readonly DecisionInput[]): Columns {
  const sorted = [...inputs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { inputs: sorted, history: new Array(sorted.length), modelBands: new Map() };
}

/** A build's entries, by index: reference j, or the destination when j < 0 (ids present in the source or that build). */
function entriesFor(cols: Columns, j: number): (BuildEntry & { k: number })[] {
  const out: (BuildEntry & { k: number })[] = [];
  cols.inputs.forEach((input, k) => {
    const d = j < 0 ? input.dst : input.refs[j];
    if (input.src || d) out.push({ id: input.id, s: input.src, d, k });
  });
  return out;
}

const NO_HISTORY: readonly (number | string | undefined)[] = Object.freeze([]);

function historyOf(cols: Columns, k: number): readonly (number | string | undefined)[] {
  let h = cols.history[k];
  if (!h) {
    h = cols.inputs[k]?.refs.map((c) => c?.value) ?? NO_HISTORY;
    cols.history[k] = h;
  }
  return h;
}

/** Model band of the source from the first model that has the check: [mmax, mmin], shared by every build. */
function modelBandOf(cols: Columns, id: string, options: MethodOptions): readonly [number, number] | undefined {
  if (options.models.length === 0) return undefined;
  if (cols.modelBands.has(id)) return cols.modelBands.get(id);
  let band: readonly [number, number] | undefined;
  for (const model of options.models) {
    const entry = model.get(id);
    if (entry && entry.mmax !== undefined && entry.mmin !== undefined) {
      band = Object.freeze([entry.mmax, entry.mmin] as const);
      break;
    }
  }
  cols.modelBands.set(id, band);
  return band;
}

/**
 * CheckResults of one build: one per entry (same order as the records), then the grouped checks. `column`:
 * a reference's report column, built from the lighter ReferenceResult.
 */
function results(scores: BuildScores, entries: readonly (BuildEntry & { k: number })[], cols: Columns, policy: ScoringPolicy, options: MethodOptions, column = false): CheckResult[] {
  const Result = column ? ReferenceResult : ScoredResult;
  const out: CheckResult[] = [];
  scores.records.forEach((rec, i) => {
    const e = entries[i] as BuildEntry & { k: number };
    out.push(new Result(rec, e.s, e.d, historyOf(cols, e.k), modelBandOf(cols, rec.id, options), policy));
  });
  for (const rec of scores.groups) out.push(new Result(rec, undefined, undefined, NO_HISTORY, modelBandOf(cols, rec.id, options), policy));
  return out;
}

/** A DecisionMethod running run-perf's pipeline (models, raw, modifiers, grouped checks) under a policy. */
export function createScoringMethod(name: string, policy: ScoringPolicy, options: MethodOptions): DecisionMethod {
  const modifiersOn = options.modelBuildsAverage > 0 || options.nOutOfResults > 0;
  const decideBuilds = (inputs: readonly DecisionInput[]): CheckResult[][] => {
    const cols = columns(inputs);
    const nRefs = cols.inputs.reduce((n, i) => Math.max(n, i.refs.length), 0);
    const state = modifiersOn ? createModifierState() : undefined;
    const memo = createEvalMemo();
    const out: CheckResult[][] = [];
    for (let j = 0; j < nRefs; j++) {
      const ctx: EvalContext = { options, policy, modifiers: state, apply: false, memo };
      const entries = entriesFor(cols, j);
      out.push(results(evaluateBuild(entries, ctx), entries, cols, policy, options));
    }
    const ctx: EvalContext = { options, policy, modifiers: state, apply: true, memo };
    const entries = entriesFor(cols, -1);
    out.push(results(evaluateBuild(entries, ctx), entries, cols, policy, options));
    return out;
  };
  // The destination is judged when first read, each reference's results and verdicts whenever asked. With the
  // modifiers, the references feed their running state (one verdict-only pass, in order) before the destination.
  const decideReport = (inputs: readonly DecisionInput[]): DecidedReport => {
    const cols = columns(inputs);
    const nRefs = cols.inputs.reduce((n, i) => Math.max(n, i.refs.length), 0);
    const memo = createEvalMemo();
    const refCtx: EvalContext = { options, policy, modifiers: undefined, apply: false, memo };
    const judge = (j: number): CheckResult[] => {
      const entries = entriesFor(cols, j);
      return results(evaluateBuild(entries, refCtx), entries, cols, policy, options, true);
    };
    // every reference's verdicts in one pass, feeding the modifiers' running state (in order) when they are on
    let verdicts: { columns: VerdictColumn[]; state: ModifierState | undefined } | undefined;
    const referenceVerdicts = () => {
      if (!verdicts) {
        const state = modifiersOn ? createModifierState() : undefined;
        verdicts = { columns: evaluateReferenceVerdicts(cols.inputs, nRefs, { ...refCtx, modifiers: state }), state };
      }
      return verdicts;
    };
    let destination: CheckResult[] | undefined;
    const decideDestination = (): CheckResult[] => {
      const state = modifiersOn ? referenceVerdicts().state : undefined;
      const entries = entriesFor(cols, -1);
      return results(evaluateBuild(entries, { options, policy, modifiers: state, apply: true, memo }), entries, cols, policy, options);
    };
    return {
      get destination(): CheckResult[] {
        return (destination ??= decideDestination());
      },
      references: Array.from({ length: nRefs }, (_, j) => () => judge(j)),
      referenceVerdicts: Array.from({ length: nRefs }, (_, j) => () => referenceVerdicts().columns[j] as VerdictColumn),
    };
  };
  return {
    name,
    decideBuilds,
    decideReport,
    decide(inputs: readonly DecisionInput[], context?: DecideContext): CheckResult[] {
      if (context?.role === 'reference') {
        const cols = columns(inputs);
        const ctx: EvalContext = { options, policy, modifiers: undefined, apply: false };
        const entries = entriesFor(cols, -1);
        return results(evaluateBuild(entries, ctx), entries, cols, policy, options);
      }
      return decideReport(inputs).destination;
    },
  };
}
