// Registry of decision methods (name → factory) and the default; `runperf` reproduces run-perf, `tolerance` knows directions.
import { UsageError } from '../../errors.js';
import type { DecisionMethod } from '../types.js';
import type { MethodOptions } from './options.js';
import { createRobustMethod } from './robust.js';
import { createRunperfMethod } from './runperf.js';
import { createToleranceMethod } from './tolerance.js';

export type { MethodOptions, ModelCheck, ModelLookup } from './options.js';
export { DEFAULT_METHOD_OPTIONS } from './options.js';

export type MethodFactory = (options: MethodOptions) => DecisionMethod;

/** Built-in methods. `runperf` is what --compat runperf selects. */
export const METHODS: Readonly<Record<string, MethodFactory>> = {
  robust: createRobustMethod,
  runperf: createRunperfMethod,
  tolerance: createToleranceMethod,
};

export { DEFAULT_METHOD } from './names.js';

export function methodNames(): string[] {
  return Object.keys(METHODS).sort();
}

/** Create a method by name; an unknown name is a usage error listing the valid ones. */
export function createMethod(name: string, options: MethodOptions): DecisionMethod {
  const factory = METHODS[name];
  if (!factory) throw new UsageError(`unknown decision method '${name}'`, `choose one of: ${methodNames().join(', ')}`, 'PERFGATE_COMPARE_METHOD');
  return factory(options);
}
