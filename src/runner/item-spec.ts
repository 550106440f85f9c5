// run-perf's `Name:{json}` item syntax for tests and profiles (split at the first `:`, the rest is a JSON object).
import { UsageError } from '../errors.js';

export interface ItemSpec {
  name: string;
  params: Record<string, unknown>;
}

/** Parse `fio:{"runtime":10}` → {name: 'fio', params: {runtime: 10}}; `fio` → {name: 'fio', params: {}}. */
export function parseItemSpec(word: string, what: 'test' | 'profile'): ItemSpec {
  const colon = word.indexOf(':');
  const name = colon < 0 ? word : word.slice(0, colon);
  if (name === '') throw new UsageError(`empty ${what} name in '${word}'`, `write ${what === 'test' ? `'fio:{"runtime":10}'` : 'Localhost'}`);
  if (colon < 0) return { name, params: {} };
  let params: unknown;
  try {
    params = JSON.parse(word.slice(colon + 1));
  } catch (e) {
    throw new UsageError(`${what} '${name}': parameters are not valid JSON (${(e as Error).message})`, `quote the whole word for the shell, e.g. '${name}:{"runtime":10}'`, 'PERFGATE_USAGE_ITEM_JSON');
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new UsageError(`${what} '${name}': parameters must be a JSON object`, `e.g. '${name}:{"key":"value"}'`, 'PERFGATE_USAGE_ITEM_JSON');
  }
  return { name, params: params as Record<string, unknown> };
}

/** The folder name of a test or profile: the `__NAME__` param when given (run-perf's extra), else its name. */
export function dirName(spec: ItemSpec, canonical: string): string {
  const custom = spec.params['__NAME__'];
  return typeof custom === 'string' && custom !== '' ? custom : canonical;
}

/** Params without run-perf's `__X__` extras (they steer perfgate, not the workload). */
export function workloadParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !/^__.*__$/.test(k)));
}
