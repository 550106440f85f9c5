// Loads analyze-perf model files (-l MODEL ...) into the lookups the decision methods use.
import { readFileSync } from 'node:fs';
import { isPerfgateModelJson, loadPerfgateModel } from '../analyze/perfgate-model/model-file.js';
import type { PerfgateModel } from '../analyze/perfgate-model/types.js';
import { loadRunperfModel } from '../analyze/runperf-model/model-file.js';
import type { ModelLookup } from './methods/options.js';

/** Whether a file is a perfgate model (analyze-perf --format perfgate); anything unreadable goes to the run-perf reader. */
function isPerfgateModelFile(path: string): boolean {
  try {
    return isPerfgateModelJson(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return false;
  }
}

/** Load every model in command-line order; a bad file is an InputError naming it. */
export async function loadModels(paths: readonly string[]): Promise<ModelLookup[]> {
  const out: ModelLookup[] = [];
  for (const path of paths) {
    if (isPerfgateModelFile(path)) {
      // The robust method reads the parsed model; run-perf style methods find no run-perf entries in it.
      const lookup: ModelLookup & { perfgate: PerfgateModel } = { name: path, get: () => undefined, perfgate: loadPerfgateModel(path) };
      out.push(lookup);
      continue;
    }
    const model = await loadRunperfModel(path);
    out.push({ name: path, get: (id) => model.checks.get(id) });
  }
  return out;
}
