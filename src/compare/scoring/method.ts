// Turns a ScoringPolicy into a DecisionMethod: references feed the modifiers in order, the destination is decided.
import type { Check } from '../../result/types.js';
import type { MethodOptions } from '../methods/options.js';
import type { CheckResult, DecidedReport, DecideContext, DecisionInput, DecisionMethod } from '../types.js';
import type { BuildScores, EvalContext } from './evaluate.js';
import { createEvalMemo, evaluateBuild, type BuildEntry } from './evaluate.js';
import { createModifierState } from './modifiers.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';

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

/** Shared read-only arrays: most results have the same band and evidence, so they share one instance. */
const bands = new Map<number, readonly [number, number]>();
const evidences = new Map<string, readonly string[]>();

function bandOf(tolerance: number): readonly [number, number] {
  let b = bands.get(tolerance);
  if (!b) {
    b = Object.freeze([-tolerance, tolerance] as const);
    bands.set(tolerance, b);
  }
  return b;
}

function evidenceOf(rec: ScoreRecord): readonly string[] {
  let key = '';
  for (const p of rec.parts) if (p.weight > 0) key += `${p.name}\n`;
  if (rec.members) key += `${rec.members.length} members\n`;
  let e = evidences.get(key);
  if (!e) {
    e = Object.freeze(key.split('\n').slice(0, -1));
    evidences.set(key, e);
  }
  return e;
}

/**
 * A CheckResult whose `details` message is formatted on first read: formatting every message of every
 * build is most of the cost on long histories. JSON output includes it (toJSON). It keeps only the few
 * record fields the message needs, not the whole ScoreRecord.
 */
class ScoredResult implements CheckResult {
  id: string;
  kind: CheckResult['kind'];
  primary: boolean;
  grouped: boolean;
  profile: string;
  test: string;
  direction: CheckResult['direction'];
  unit: string;
  src: number | string | undefined;
  dst: number | string | undefined;
  history: readonly (number | string | undefined)[];
  change: number | undefined;
  band: readonly [number, number];
  score: number;
  tolerance: number;
  parts: CheckResult['parts'];
  verdict: CheckResult['verdict'];
  status: CheckResult['status'];
  evidence: readonly string[];
  modelBand: readonly [number, number] | undefined;
  params: Readonly<Record<string, string>> | undefined;
  #policy: ScoringPolicy;
  #text: Pick<ScoreRecord, 'toleranceText' | 'errors' | 'srcValue' | 'srcIsInt' | 'dstValue' | 'dstIsInt' | 'modelRaws' | 'members'>;
  #details: string | undefined;

  constructor(
    rec: ScoreRecord,
    s: Check | undefined,
    d: Check | undefined,
    history: readonly (number | string | undefined)[],
    modelBand: readonly [number, number] | undefined,
    policy: ScoringPolicy,
  ) {
    const check = d ?? s;
    let profile = check?.profile;
    let test = check?.test;
    if (!check) [profile = '*', test = '*'] = rec.id.split('/');
    this.id = rec.id;
    this.kind = rec.kind;
    this.primary = rec.primary;
    this.grouped = rec.grouped;
    this.profile = profile ?? '*';
    this.test = test ?? '*';
    this.direction = rec.direction;
    this.unit = check?.unit ?? '%';
    this.src = rec.grouped ? rec.score : s?.value;
    this.dst = rec.grouped ? rec.score : d?.value;
    this.history = history;
    this.change = undefined;
    if (rec.errors.length === 0) for (const p of rec.parts) if (p.name === 'raw') this.change = p.diff;
    this.band = bandOf(rec.tolerance);
    this.score = rec.score;
    this.tolerance = rec.tolerance;
    this.parts = rec.parts;
    this.verdict = rec.verdict;
    this.status = rec.status;
    this.evidence = evidenceOf(rec);
    this.modelBand = modelBand;
    this.params = check?.params;
    this.#policy = policy;
    const { toleranceText, errors, srcValue, srcIsInt, dstValue, dstIsInt, modelRaws, members } = rec;
    this.#text = { toleranceText, errors, srcValue, srcIsInt, dstValue, dstIsInt, modelRaws, members };
    this.#details = undefined;
  }

  get details(): string {
    if (this.#details === undefined) {
      const { id, kind, primary, grouped, direction, tolerance, parts, score, status, verdict } = this;
      this.#details = this.#policy.details({ id, kind, primary, grouped, direction, tolerance, parts: [...parts], score, status, verdict, ...this.#text });
    }
    return this.#details;
  }

  set details(v: string) {
    this.#details = v;
  }

  toJSON(): Record<string, unknown> {
    const plain: Record<string, unknown> = Object.fromEntries(Object.entries(this));
    plain['details'] = this.details;
    return plain;
  }
}

/**
 * A reference column's CheckResult: it reads through to its ScoreRecord (only the record, the two checks and
 * the shared arrays are stored; profile, change, band, evidence and the message are computed on read). A long
 * history judges hundreds of thousands of these for the report's reference columns, which mostly read only a
 * verdict. Its fields are accessors: spreading it copies nothing, so read the fields (toJSON lists them all).
 */
class ReferenceResult implements CheckResult {
  readonly #rec: ScoreRecord;
  readonly #s: Check | undefined;
  readonly #d: Check | undefined;
  readonly history: readonly (number | string | undefined)[];
  readonly modelBand: readonly [number, number] | undefined;
  readonly #policy: ScoringPolicy;
  #details: string | undefined;

  constructor(
    rec: ScoreRecord,
    s: Check | undefined,
    d: Check | undefined,
    history: readonly (number | string | undefined)[],
    modelBand: readonly [number, number] | undefined,
    policy: ScoringPolicy,
  ) {
    this.#rec = rec;
    this.#s = s;
    this.#d = d;
    this.history = history;
    this.modelBand = modelBand;
    this.#policy = policy;
    this.#details = undefined;
  }

  get id(): string {
    return this.#rec.id;
  }
  get kind(): CheckResult['kind'] {
    return this.#rec.kind;
  }
  get primary(): boolean {
    return this.#rec.primary;
  }
  get grouped(): boolean {
    return this.#rec.grouped;
  }
  get direction(): CheckResult['direction'] {
    return this.#rec.direction;
  }
  get score(): number {
    return this.#rec.score;
  }
  get tolerance(): number {
    return this.#rec.tolerance;
  }
  get parts(): CheckResult['parts'] {
    return this.#rec.parts;
  }
  get verdict(): CheckResult['verdict'] {
    return this.#rec.verdict;
  }
  get status(): CheckResult['status'] {
    return this.#rec.status;
  }
  get profile(): string {
    const check = this.#d ?? this.#s;
    return check ? check.profile : (this.#rec.id.split('/')[0] ?? '*');
  }
  get test(): string {
    const check = this.#d ?? this.#s;
    return check ? check.test : (this.#rec.id.split('/')[1] ?? '*');
  }
  get unit(): string {
    return (this.#d ?? this.#s)?.unit ?? '%';
  }
  get params(): Readonly<Record<string, string>> | undefined {
    return (this.#d ?? this.#s)?.params;
  }
  get src(): number | string | undefined {
    return this.#rec.grouped ? this.#rec.score : this.#s?.value;
  }
  get dst(): number | string | undefined {
    return this.#rec.grouped ? this.#rec.score : this.#d?.value;
  }
  get change(): number | undefined {
    if (this.#rec.errors.length > 0) return undefined;
    let change: number | undefined;
    for (const p of this.#rec.parts) if (p.name === 'raw') change = p.diff;
    return change;
  }
  get band(): readonly [number, number] {
    return bandOf(this.#rec.tolerance);
  }
  get evidence(): readonly string[] {
    return evidenceOf(this.#rec);
  }

  get details(): string {
    if (this.#details === undefined) {
      const rec = this.#rec;
      this.#details = this.#policy.details({ ...rec, parts: [...rec.parts] });
    }
    return this.#details;
  }

  set details(v: string) {
    this.#details = v;
  }

  toJSON(): Record<string, unknown> {
    const { id, kind, primary, grouped, profile, test, direction, unit, src, dst, history, change, band, score, tolerance, parts, verdict, status, evidence, modelBand, params, details } = this;
    return { id, kind, primary, grouped, profile, test, direction, unit, src, dst, history, change, band, score, tolerance, parts, verdict, status, evidence, modelBand, params, details };
  }
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
  // Without modifiers no build's verdict depends on an earlier one, so each reference is judged only when asked.
  const decideReport = (inputs: readonly DecisionInput[]): DecidedReport => {
    if (modifiersOn) {
      const all = decideBuilds(inputs);
      return { destination: all.at(-1) ?? [], references: all.slice(0, -1).map((r) => () => r) };
    }
    const cols = columns(inputs);
    const nRefs = cols.inputs.reduce((n, i) => Math.max(n, i.refs.length), 0);
    const memo = createEvalMemo();
    const judge = (j: number): CheckResult[] => {
      const ctx: EvalContext = { options, policy, modifiers: undefined, apply: j < 0, memo };
      const entries = entriesFor(cols, j);
      return results(evaluateBuild(entries, ctx), entries, cols, policy, options, j >= 0);
    };
    return { destination: judge(-1), references: Array.from({ length: nRefs }, (_, j) => () => judge(j)) };
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
      return decideBuilds(inputs).at(-1) ?? [];
    },
  };
}
