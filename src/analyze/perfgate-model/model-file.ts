// Reads and writes perfgate model files (versioned JSON), validating every field with a one-line error naming it.
import { renameSync, writeFileSync } from 'node:fs';
import { readRegularText } from '../../result/regular-file.js';
import { InputError } from '../../errors.js';
import { PERFGATE_MODEL_FORMAT, PERFGATE_MODEL_VERSION, type PerfgateModel } from './types.js';

const CODE = 'PERFGATE_MODEL_INVALID';

/** Serializes a model: 2-space JSON with a final newline (checks are already sorted by id). */
export function serializePerfgateModel(model: PerfgateModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/** Writes atomically (temporary file + rename), so an interrupted write never leaves half a model. */
export function writePerfgateModel(path: string, model: PerfgateModel): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, serializePerfgateModel(model));
  renameSync(tmp, path);
}

/** Whether parsed JSON claims to be a perfgate model (so callers can pick the reader). */
export function isPerfgateModelJson(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)['format'] === PERFGATE_MODEL_FORMAT;
}

function fail(file: string, field: string, what: string): never {
  throw new InputError(`${file}: ${field} ${what}`, { code: CODE, file, hint: 'write the model again with analyze-perf --format perfgate' });
}

const num = (file: string, field: string, v: unknown): number => (typeof v === 'number' && !Number.isNaN(v) ? v : fail(file, field, 'must be a number'));

/** Validates parsed JSON as a perfgate model of a supported version. */
export function parsePerfgateModel(data: unknown, file: string): PerfgateModel {
  if (!isPerfgateModelJson(data)) fail(file, 'format', `must be "${PERFGATE_MODEL_FORMAT}"`);
  const m = data as Record<string, unknown>;
  if (m['version'] !== PERFGATE_MODEL_VERSION) fail(file, 'version', `${JSON.stringify(m['version'])} is not supported (this perfgate reads version ${PERFGATE_MODEL_VERSION})`);
  if (!Array.isArray(m['builds']) || !m['builds'].every((b) => typeof b === 'string')) fail(file, 'builds', 'must be a list of build names');
  num(file, 'priorDf', m['priorDf']);
  const fams = m['families'];
  if (typeof fams !== 'object' || fams === null) fail(file, 'families', 'must be an object');
  for (const [k, f] of Object.entries(fams as Record<string, Record<string, unknown>>)) {
    num(file, `families["${k}"].s2`, f?.['s2']);
    num(file, `families["${k}"].df`, f?.['df']);
  }
  const checks = m['checks'];
  if (typeof checks !== 'object' || checks === null) fail(file, 'checks', 'must be an object');
  for (const [id, c] of Object.entries(checks as Record<string, Record<string, unknown>>)) {
    const at = `checks["${id}"]`;
    if (typeof c !== 'object' || c === null) fail(file, at, 'must be an object');
    if (c['scale'] !== 'log' && c['scale'] !== 'linear') fail(file, `${at}.scale`, 'must be "log" or "linear"');
    if (c['kind'] !== 'mean' && c['kind'] !== 'stddev') fail(file, `${at}.kind`, 'must be "mean" or "stddev"');
    for (const k of ['n', 'segmentLength', 'center', 's2', 'df', 'madn']) num(file, `${at}.${k}`, c[k]);
    if (typeof c['family'] !== 'string') fail(file, `${at}.family`, 'must be a string');
    if (!Array.isArray(c['changePoints'])) fail(file, `${at}.changePoints`, 'must be a list');
  }
  return data as PerfgateModel;
}

/** Loads a model file; unreadable or malformed files are InputErrors naming the file and field. */
export function loadPerfgateModel(path: string): PerfgateModel {
  let text: string;
  try {
    text = readRegularText(path);
  } catch (cause) {
    throw new InputError(`cannot read model ${path}`, { code: 'PERFGATE_MODEL_UNREADABLE', file: path, hint: 'check the path given to -l', cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new InputError(`${path}: not valid JSON (${(cause as Error).message})`, { code: CODE, file: path, hint: 'write the model again with analyze-perf --format perfgate', cause });
  }
  return parsePerfgateModel(data, path);
}
