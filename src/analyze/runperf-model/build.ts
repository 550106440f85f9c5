// Builds a whole run-perf model (every numeric check, sorted), optionally rebasing an existing model.
import type { RunperfModel, RunperfModelEntry } from './model-file.js';
import { MODEL_VERSION, rebaseCheck, trainCheck } from './train.js';
import type { ModelKind } from './train.js';
import { numericValues, sortedIds } from './training-data.js';
import type { TrainingData } from './training-data.js';

export interface BuildModelOptions {
  kind: ModelKind;
  tolerance: number;
  /** The tolerance was not given on the command line (run-perf then writes it as the int `4`). */
  toleranceIsInt: boolean;
  /** `--rebase-model`: keep these slopes, re-centre them on the new data, train only new checks. */
  rebase?: RunperfModel;
}

export interface BuildModelResult {
  model: RunperfModel;
  /** Checks left out: text values (error checks), a singular band (hi == lo) or a non-finite equation (`warn`). */
  skipped: { id: string; reason: string; warn?: boolean }[];
  trained: number;
  rebased: number;
}

/** Build a model as analyze-perf -l/-s does (runperf-spec §3.2–3.5). */
export function buildRunperfModel(data: TrainingData, options: BuildModelOptions): BuildModelResult {
  const { kind, tolerance, toleranceIsInt, rebase } = options;
  const freshMetadata = { version: MODEL_VERSION[kind], tolerance, toleranceIsInt };
  const checks = new Map<string, RunperfModelEntry>(rebase ? rebase.checks : []);
  let metadata = rebase ? rebase.metadata : freshMetadata;
  const skipped: BuildModelResult['skipped'] = [];
  let trained = 0;
  let rebased = 0;
  for (const id of sortedIds(data.checks.keys())) {
    const check = data.checks.get(id);
    const values = check && numericValues(check);
    if (!values) {
      skipped.push({ id, reason: 'not numeric in every result' });
      continue;
    }
    const old = checks.get(id);
    if (old) {
      checks.set(id, rebaseCheck(old, values));
      rebased++;
      continue;
    }
    const entry = trainCheck(kind, values, tolerance);
    if (!entry) {
      skipped.push({ id, reason: 'singular band (all values equal, e.g. zero stddevs)' });
      continue;
    }
    if (!Number.isFinite(entry.equation[0]) || !Number.isFinite(entry.equation[1])) {
      // (run-perf writes the NaN, which no compare-perf can use; values beyond ~1e154 overflow the band's spread)
      skipped.push({ id, reason: `equation not finite (${entry.equation.join(', ')}): values too large or too small for the band`, warn: true });
      continue;
    }
    checks.set(id, entry);
    trained++;
    // run-perf overwrites the tolerance whenever it trains a check into a rebased model
    if (rebase) metadata = metadata ? { ...metadata, tolerance, toleranceIsInt } : freshMetadata;
  }
  return { model: { metadata, checks }, skipped, trained, rebased };
}
