// The built-in decision methods' names and the default, without loading the methods (compare-perf --help stays fast).

/** Built-in method names, sorted; methods/index.ts registers exactly these (a unit test keeps them in step). */
export const BUILTIN_METHOD_NAMES: readonly string[] = ['robust', 'runperf', 'tolerance'];

/** The method used without --method / --compat. */
export const DEFAULT_METHOD = 'robust';
