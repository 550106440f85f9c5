// Loads analyze-perf model files (-l MODEL ...) into the lookups the decision methods use.
import { readRegularText } from '../result/regular-file.js';
import { isPerfgateModelJson, loadPerfgateModel } from '../analyze/perfgate-model/model-file.js';
import type { PerfgateModel } from '../analyze/perfgate-model/types.js';
import { loadRunperfModel, parseRunperfModel, runperfModelOfJson, type RunperfModel } from '../analyze/runperf-model/model-file.js';
import type { ModelLookup } from './methods/options.js';

/** A model file read once: its text (undefined when unreadable) and its JSON as JSON.parse reads it (undefined when malformed or holding Python's NaN). */
function readModel(path: string): { text: string | undefined; data: unknown } {
  let text: string;
  try {
    text = readRegularText(path);
  } catch {
    return { text: undefined, data: undefined };
  }
  try {
    return { text, data: JSON.parse(text) };
  } catch {
    return { text, data: undefined };
  }
}

/**
 * A run-perf model from its JSON value (the lookups need no lexical forms); when the value is not a valid model,
 * the lexical reader parses the same text to report the problem exactly as analyze-perf would (an unreadable file:
 * loadRunperfModel's error).
 */
async function runperfModel(path: string, text: string | undefined, data: unknown): Promise<RunperfModel> {
  if (data !== undefined) {
    try {
      return runperfModelOfJson(data, path);
    } catch {
      // fall through: the lexical reader throws the canonical error
    }
  }
  return text === undefined ? loadRunperfModel(path) : parseRunperfModel(text, path);
}

/** Load every model in command-line order; a bad file is an InputError naming it. */
export async function loadModels(paths: readonly string[]): Promise<ModelLookup[]> {
  const out: ModelLookup[] = [];
  for (const path of paths) {
    const { text, data } = readModel(path);
    if (data !== undefined && isPerfgateModelJson(data)) {
      // The robust method reads the parsed model; run-perf style methods find no run-perf entries in it.
      const lookup: ModelLookup & { perfgate: PerfgateModel } = { name: path, get: () => undefined, perfgate: loadPerfgateModel(path) };
      out.push(lookup);
      continue;
    }
    const model = await runperfModel(path, text, data);
    out.push({ name: path, get: (id) => model.checks.get(id) });
  }
  return out;
}
