// Loads analyze-perf model files (-l MODEL ...) into the lookups the decision methods use.
import { loadRunperfModel } from '../analyze/runperf-model/model-file.js';
import type { ModelLookup } from './methods/options.js';

/** Load every model in command-line order; a bad file is an InputError naming it. */
export async function loadModels(paths: readonly string[]): Promise<ModelLookup[]> {
  const out: ModelLookup[] = [];
  for (const path of paths) {
    const model = await loadRunperfModel(path);
    out.push({ name: path, get: (id) => model.checks.get(id) });
  }
  return out;
}
