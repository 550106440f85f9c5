// The CheckResults a scoring method returns: ScoredResult for the destination, ReferenceResult views for report columns.
import type { Check } from '../../result/types.js';
import type { CheckResult } from '../types.js';
import type { ScoringPolicy } from './policy.js';
import type { ScoreRecord } from './record.js';

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
export class ScoredResult implements CheckResult {
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
export class ReferenceResult implements CheckResult {
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
