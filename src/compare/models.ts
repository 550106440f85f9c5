// Loads analyze-perf model files (-l MODEL ...) into the lookups the decision methods use.
import { readFileSync } from 'node:fs';
import { isPerfgateModelJson, loadPerfgateModel } from '../analyze/perfgate-model/model-file.js';
import type { PerfgateModel } from '../analyze/perfgate-model/types.js';
import { loadRunperfModel, runperfModelOfJson, type RunperfModel } from '../analyze/runperf-model/model-file.js';
import type { ModelLookup } from './methods/options.js';

/** The file's JSON as JSON.parse reads it; undefined when it cannot (unreadable, malformed, or Python's NaN). */
function plainJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A run-perf model from its JSON value (the lookups need no lexical forms); when the value is not a valid model,
 * the lexical reader reads the file again to report the problem exactly as analyze-perf would.
 */
async function runperfModel(path: string, data: unknown): Promise<RunperfModel> {
  if (data !== undefined) {
    try {
      return runperfModelOfJson(data, path);
    } catch {
      // fall through: the lexical reader throws the canonical error
    }
  }
  return loadRunperfModel(path);
}

/** Load every model in command-line order; a bad file is an InputError naming it. */
export async function loadModels(paths: readonly string[]): Promise<ModelLookup[]> {
  const out: ModelLookup[] = [];
  for (const path of paths) {
    const data = plainJson(path);
    if (data !== undefined && isPerfgateModelJson(data)) {
      // The robust method reads the parsed model; run-perf style methods find no run-perf entries in it.
      const lookup: ModelLookup & { perfgate: PerfgateModel } = { name: path, get: () => undefined, perfgate: loadPerfgateModel(path) };
      out.push(lookup);
      continue;
    }
    const model = await runperfModel(path, data);
    out.push({ name: path, get: (id) => model.checks.get(id) });
  }
  return out;
}
