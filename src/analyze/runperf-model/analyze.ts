// analyze-perf's core: read the result trees, key them, and produce the CSV and the requested models as text.
import { InputError } from '../../errors.js';
import { hasResults } from '../../result/glob-dirs.js';
import { parseResultSpec, readResultTree } from '../../result/index.js';
import type { TreeCacheOptions } from '../../result/types.js';
import { buildRunperfModel } from './build.js';
import type { BuildModelResult } from './build.js';
import { renderRunperfCsv } from './csv.js';
import type { RunperfModel } from './model-file.js';
import { serializeRunperfModel } from './model-file.js';
import { assignResultKeys } from './result-keys.js';
import { addTree, emptyTrainingData } from './training-data.js';
import { firstWarning, hasUsableCheck, noUsableCheckError } from '../usable-checks.js';
import type { TrainingData } from './training-data.js';

export type LogLevel = 'debug' | 'info' | 'warning';

export interface AnalyzeOptions {
  /** Result arguments (`path` or `name:path`), relative to cwd. */
  results: readonly string[];
  cwd: string;
  csv: boolean;
  linear: boolean;
  stddev: boolean;
  tolerance: number;
  toleranceIsInt: boolean;
  rebase?: RunperfModel;
  log: (level: LogLevel, message: string) => void;
  /** Reuse and keep parsed trees in this cache (result/tree-cache.ts). */
  cache?: TreeCacheOptions;
}

export interface AnalyzeOutput {
  data: TrainingData;
  csv?: string;
  linear?: { text: string; result: BuildModelResult };
  stddev?: { text: string; result: BuildModelResult };
}

/**
 * Read every result (strictly, as run-perf's analyze-perf) and build the requested outputs. Throws InputError for an
 * unreadable result, and when no result holds a usable (numeric) check: that would be an empty model.
 */
export function analyzePerf(options: AnalyzeOptions): AnalyzeOutput {
  const { log } = options;
  const inputs = options.results.map((spec) => {
    const { name, path } = parseResultSpec(spec, options.cwd);
    return { spec, name: name === spec ? undefined : name, path };
  });
  const { keys, warnings } = assignResultKeys(inputs);
  for (const w of warnings) log('warning', w);
  const data = emptyTrainingData();
  let usable = false;
  let anyCheck = false;
  let example: string | undefined;
  for (const { input, key } of keys) {
    log('info', `Processing ${input.spec} as '${key}'`);
    const tree = readResultTree(input.spec, options.cwd, { cache: options.cache });
    for (const w of tree.warnings) log('warning', `${input.spec}/${w.file}: ${w.message}`);
    if (tree.checks.length === 0 && hasResults(tree.path, false)) {
      // every iteration skipped (`-failN`): run-perf gives the result a column of -100, and so does perfgate
      log('warning', `${input.spec}: no usable iteration (each result.json holds only failed -failN iterations, or none); its column is all -100`);
    } else if (tree.checks.length === 0) {
      throw new InputError(`result '${input.spec}' has no checks: no PROFILE/TEST/SERIAL/result.json and no __error*__ folder in ${input.path}`, {
        code: 'PERFGATE_RESULT_EMPTY',
        file: input.path,
        hint: 'pass run-perf result folders (result_YYYYMMDD_HHMMSS), e.g. results/*, not the folder that holds them',
      });
    }
    log('debug', `${input.spec}: ${tree.checks.length} checks`);
    usable ||= hasUsableCheck(tree);
    anyCheck ||= tree.checks.length > 0;
    example ??= firstWarning(input.spec, tree);
    addTree(data, key, tree);
  }
  if (!usable) throw noUsableCheckError(keys.map((k) => k.input.spec), example, !anyCheck);
  const out: AnalyzeOutput = { data };
  if (options.csv) out.csv = renderRunperfCsv(data);
  for (const kind of ['linear', 'stddev'] as const) {
    if (!options[kind]) continue;
    const result = buildRunperfModel(data, { kind, tolerance: options.tolerance, toleranceIsInt: options.toleranceIsInt, rebase: options.rebase });
    for (const s of result.skipped) log(s.warn ? 'warning' : 'debug', `${kind} model: ${s.id} left out: ${s.reason}`);
    log('info', `${kind} model: ${result.trained} checks trained, ${result.rebased} rebased, ${result.skipped.length} left out`);
    out[kind] = { text: serializeRunperfModel(result.model), result };
  }
  return out;
}
