// Cartesian parameter sweeps: any swept value given as a list expands to one combination per element.

export type Scalar = string | number | boolean;

/** One combination: the values chosen plus the names of the parameters that vary (for iteration names). */
export interface Combination {
  values: Record<string, Scalar>;
  varying: readonly string[];
}

/**
 * Expand `{a: [1, 2], b: 'x', c: [3, 4]}` into 4 combinations in row-major order (the last key varies fastest).
 * Scalars are fixed; empty lists are an error of the caller's validation and yield no combination.
 */
export function cartesian(params: Readonly<Record<string, Scalar | readonly Scalar[]>>): Combination[] {
  const keys = Object.keys(params);
  const varying = keys.filter((k) => Array.isArray(params[k]) && (params[k] as readonly Scalar[]).length > 1);
  let combos: Record<string, Scalar>[] = [{}];
  for (const key of keys) {
    const v = params[key] as Scalar | readonly Scalar[];
    const choices: readonly Scalar[] = Array.isArray(v) ? v : [v as Scalar];
    combos = combos.flatMap((c) => choices.map((choice) => ({ ...c, [key]: choice })));
  }
  return combos.map((values) => ({ values, varying }));
}

/**
 * Iteration-name suffix for the varying values, e.g. `{numjobs: 8, size: '1.5g'}` → `-numjobs8-size1_5g`.
 * Characters outside `[A-Za-z0-9_+]` become `_`: run-perf check ids split on `/` and `.`.
 */
export function sweepSuffix(combo: Combination): string {
  return combo.varying.map((k) => `-${k}${String(combo.values[k])}`.replace(/[^A-Za-z0-9_+-]/g, '_')).join('');
}
