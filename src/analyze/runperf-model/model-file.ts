// run-perf model files (analyze-perf -l/-s, compare-perf -l): types, loading with precise errors, byte-exact writing.
import { readRegularText } from '../../result/regular-file.js';
import { InputError } from '../../errors.js';
import { JsonSyntaxError, parseJsonLex } from '../../result/index.js';
import type { LexValue } from '../../result/index.js';
import { PERFGATE_MODEL_FORMAT } from '../perfgate-model/types.js';
import { pyJsonDumps } from './py-json.js';

export { runperfModelScore } from './evaluate.js';
export { uncertainty } from './uncertainty.js';
export type { RunperfModelScore } from './evaluate.js';

type LexObject = { [key: string]: LexValue };

/** `__metadata__` of a model. version 2 = min/max linear model (-l), 1 = 3-sigma stddev model (-s). */
export interface RunperfModelMetadata {
  version: number;
  /** The -t the model was trained with; informational (compare-perf does not read it). */
  tolerance: number;
  /**
   * Python wrote the tolerance as an int (`4`, the default) rather than a float (`8.0`, given with -t). Exact from
   * parseRunperfModel; runperfModelOfJson, which never sees the text, says whether the value is whole.
   */
  toleranceIsInt: boolean;
  /** Lexical form as loaded (key order, int/float kinds, unknown keys), for byte-exact rewriting. */
  lexical?: LexObject;
}

/** One check of a model: score = a·value + b maps the trained band onto <-t, +t>. */
export interface RunperfModelEntry {
  /** [a, b]. */
  equation: readonly [number, number];
  /** Average of the training values; null in legacy models. */
  raw: number | null;
  /** Lower / upper edge of the band in % of raw (absent in legacy models). */
  mmin?: number;
  mmax?: number;
  /** Lexical form as loaded, so an unchanged entry is written back byte for byte. */
  lexical?: LexObject;
}

export interface RunperfModel {
  /** null for a legacy model file without `__metadata__`. */
  metadata: RunperfModelMetadata | null;
  /** Check id → entry, in file order (new models: sorted by id, rebased additions at the end). */
  checks: Map<string, RunperfModelEntry>;
}

const isObj = (v: LexValue | undefined): v is LexObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: LexValue | undefined): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** A JSON path in the `$["key"].field[0]` form used in messages. */
function at(id: string, rest = ''): string {
  return `$[${JSON.stringify(id)}]${rest}`;
}

/** Where a value sits: the check id and the rest of its JSON path, spelled out (with at) only for an error. */
type Where = readonly [id: string, rest: string];

function bad(file: string, where: Where | string, message: string): InputError {
  const path = typeof where === 'string' ? where : at(where[0], where[1]);
  return new InputError(`model ${file}: ${path}: ${message}`, {
    code: 'PERFGATE_MODEL_INVALID',
    file,
    hint: 'pass a model JSON written by analyze-perf (-l or -s), or retrain it',
  });
}

function finite(file: string, path: Where, v: LexValue | undefined): number {
  if (!isNum(v) || !Number.isFinite(Number(v))) throw bad(file, path, `expected a finite number, got ${describe(v)}`);
  return Number(v);
}

/** mmin/mmax/raw may be NaN or infinite in Python-written files (numpy division by a zero average). */
function anyNumber(file: string, path: Where, v: LexValue | undefined): number {
  if (!isNum(v)) throw bad(file, path, `expected a number, got ${describe(v)}`);
  return Number(v);
}

function describe(v: LexValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
}

function equation(file: string, path: Where, v: LexValue | undefined): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw bad(file, path, `expected [a, b], got ${describe(v)}`);
  return [finite(file, [path[0], `${path[1]}[0]`], v[0]), finite(file, [path[0], `${path[1]}[1]`], v[1])];
}

/** Parse model JSON text. Legacy `{check: [a, b]}` entries are upgraded to `{raw: null, equation: [a, b]}` as run-perf does. */
export function parseRunperfModel(text: string, file: string): RunperfModel {
  let data: LexValue;
  try {
    data = parseJsonLex(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new InputError(`model ${file}: malformed JSON: ${e.message}`, { code: 'PERFGATE_MODEL_JSON', file, hint: 'the file is not valid JSON; retrain the model with analyze-perf', cause: e });
    }
    throw e;
  }
  if (typeof data === 'object' && data !== null && (data as Record<string, unknown>)['format'] === PERFGATE_MODEL_FORMAT) {
    throw new InputError(`model ${file} is a perfgate model (analyze-perf --format perfgate), not a run-perf model`, {
      code: 'PERFGATE_MODEL_KIND',
      file,
      hint: 'pass a model written by analyze-perf -l or -s without --format perfgate',
    });
  }
  return modelOf(data, file, true);
}

/**
 * parseRunperfModel for a value JSON.parse already read, for readers that never write the model back (compare-perf):
 * the same entries and checks without the lexical forms, so the text's integers need not be found again (most of
 * a cold model load). `toleranceIsInt` then comes from the value. Text JSON.parse rejects (Python's NaN and Infinity)
 * needs parseRunperfModel.
 */
export function runperfModelOfJson(data: unknown, file: string): RunperfModel {
  return modelOf(data as LexValue, file, false);
}

function modelOf(data: LexValue, file: string, keepLexical: boolean): RunperfModel {
  if (!isObj(data)) throw bad(file, '$', `expected an object of checks, got ${describe(data)}`);
  let metadata: RunperfModelMetadata | null = null;
  const checks = new Map<string, RunperfModelEntry>();
  for (const [id, v] of Object.entries(data)) {
    if (id === '__metadata__') {
      if (!isObj(v)) throw bad(file, [id, ''], `expected an object, got ${describe(v)}`);
      const version = finite(file, [id, '.version'], v['version']);
      const tol = v['tolerance'];
      const tolerance = finite(file, [id, '.tolerance'], tol);
      metadata = keepLexical ? { version, tolerance, toleranceIsInt: typeof tol === 'bigint', lexical: v } : { version, tolerance, toleranceIsInt: Number.isInteger(tolerance) };
      continue;
    }
    if (Array.isArray(v)) {
      const eq = equation(file, [id, ''], v);
      checks.set(id, keepLexical ? { equation: eq, raw: null, lexical: { raw: null, equation: v } } : { equation: eq, raw: null });
      continue;
    }
    if (!isObj(v)) throw bad(file, [id, ''], `expected {"equation": [a, b], ...} or [a, b], got ${describe(v)}`);
    const entry: RunperfModelEntry = { equation: equation(file, [id, '.equation'], v['equation']), raw: null };
    if (keepLexical) entry.lexical = v;
    const raw = v['raw'];
    if (raw !== undefined && raw !== null) entry.raw = anyNumber(file, [id, '.raw'], raw);
    if (v['mmin'] !== undefined) entry.mmin = anyNumber(file, [id, '.mmin'], v['mmin']);
    if (v['mmax'] !== undefined) entry.mmax = anyNumber(file, [id, '.mmax'], v['mmax']);
    checks.set(id, entry);
  }
  return { metadata, checks };
}

/** Load a model file written by the Python analyze-perf or by perfgate. Any problem is an InputError naming the file and JSON path. */
export async function loadRunperfModel(path: string): Promise<RunperfModel> {
  let text: string;
  try {
    // read synchronously: node:fs/promises is otherwise loaded only for this (~3 ms of every compare-perf -l start)
    text = readRegularText(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`model ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`, {
      code: 'PERFGATE_MODEL_UNREADABLE',
      file: path,
      hint: 'pass the path of a model JSON written by analyze-perf -l or -s',
      cause: e,
    });
  }
  return parseRunperfModel(text, path);
}

/** Keep the loaded lexical number (e.g. a JSON int) when the value did not change. */
function lexNum(x: number, loaded: LexValue | undefined): LexValue {
  return isNum(loaded) && Number(loaded) === x ? loaded : x;
}

function withKnown(lexical: LexObject | undefined, known: [string, LexValue | undefined][]): LexObject {
  const out: LexObject = {};
  const values = new Map(known);
  for (const k of Object.keys(lexical ?? {})) {
    const v = values.get(k);
    out[k] = v === undefined ? (lexical?.[k] ?? null) : v;
  }
  for (const [k, v] of known) if (v !== undefined && !(k in out)) out[k] = v;
  return out;
}

function entryLex(e: RunperfModelEntry): LexObject {
  const l = e.lexical;
  const eq = Array.isArray(l?.['equation']) ? l['equation'] : [];
  return withKnown(l, [
    ['equation', [lexNum(e.equation[0], eq[0]), lexNum(e.equation[1], eq[1])]],
    ['raw', e.raw === null ? null : lexNum(e.raw, l?.['raw'])],
    ['mmin', e.mmin === undefined ? undefined : lexNum(e.mmin, l?.['mmin'])],
    ['mmax', e.mmax === undefined ? undefined : lexNum(e.mmax, l?.['mmax'])],
  ]);
}

function metadataLex(m: RunperfModelMetadata): LexObject {
  const l = m.lexical;
  const version = Number.isInteger(m.version) ? BigInt(m.version) : m.version;
  const tolerance = m.toleranceIsInt && Number.isInteger(m.tolerance) ? BigInt(m.tolerance) : m.tolerance;
  return withKnown(l, [
    ['version', version],
    ['tolerance', tolerance],
  ]);
}

/**
 * Model JSON exactly as the Python analyze-perf writes it: 4-space indent, `__metadata__` first, then the
 * checks in map order with keys equation/raw/mmin/mmax, floats in Python repr, no final newline.
 */
export function serializeRunperfModel(model: RunperfModel): string {
  const out: LexObject = {};
  if (model.metadata) out['__metadata__'] = metadataLex(model.metadata);
  for (const [id, e] of model.checks) out[id] = entryLex(e);
  return pyJsonDumps(out, 4);
}
