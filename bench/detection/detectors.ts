// The detectors under test: run-perf's raw tolerance rule and its stddev-model mode (compat method), and perfgate's robust method.
import { trainCheck } from '../../src/analyze/runperf-model/train.js';
import { DEFAULT_METHOD_OPTIONS, createMethod } from '../../src/compare/methods/index.js';
import type { MethodOptions, ModelCheck } from '../../src/compare/methods/options.js';
import { createRobustMethod, type RobustSettings } from '../../src/compare/methods/robust.js';
import type { CheckResult, DecisionInput } from '../../src/compare/types.js';
import type { ConfirmSource } from './confirm.js';

export interface Detector {
  name: string;
  /** Destination results of one report; `confirm` lets a confirming detector (confirm.ts) re-run failed tests. */
  run(inputs: readonly DecisionInput[], confirm?: ConfirmSource): CheckResult[];
  /** Whether the report fails (exit code 2) under this detector's rule. */
  fails(results: readonly CheckResult[]): boolean;
  /** Whether a check is flagged as a regression (worse direction). */
  flagsRegression(r: CheckResult): boolean;
}

const runperfFails = (rs: readonly CheckResult[]) => rs.some((r) => (r.primary || r.grouped) && r.status < 0);
const perfgateFails = (rs: readonly CheckResult[]) => rs.some((r) => (r.primary || r.grouped) && (r.verdict === 'regression' || r.verdict === 'error'));

/** run-perf compare-perf -t T (raw mode, source vs destination; references only feed modifiers, which are off). */
export function runperfRaw(tolerance: number, stddevTolerance = 5): Detector {
  const options: MethodOptions = { ...DEFAULT_METHOD_OPTIONS, tolerance, stddevTolerance };
  const method = createMethod('runperf', options);
  return {
    name: `run-perf raw -t ${tolerance}${stddevTolerance === 5 ? '' : ` -s ${stddevTolerance}`}`,
    run: (inputs) => method.decide(inputs, { role: 'destination' }),
    fails: runperfFails,
    flagsRegression: (r) => !r.grouped && r.status === -1,
  };
}

/**
 * run-perf model mode as the Jenkins nightly uses it: analyze-perf -s -t A over the history builds
 * (source + references), then compare-perf -t C -l model.
 */
export function runperfModel(analyzeTolerance: number, compareTolerance: number): Detector {
  return {
    name: `run-perf stddev model -t ${analyzeTolerance}/${compareTolerance}`,
    run(inputs) {
      const model = new Map<string, ModelCheck>();
      for (const i of inputs) {
        const values = [i.src, ...i.refs].map((c) => c?.value).filter((v): v is number => typeof v === 'number');
        const entry = trainCheck('stddev', values, analyzeTolerance);
        if (entry) model.set(i.id, entry);
      }
      const options: MethodOptions = { ...DEFAULT_METHOD_OPTIONS, tolerance: compareTolerance, stddevTolerance: compareTolerance, models: [{ name: 'model', get: (id) => model.get(id) }] };
      return createMethod('runperf', options).decide(inputs, { role: 'destination' });
    },
    fails: runperfFails,
    flagsRegression: (r) => !r.grouped && r.status === -1,
  };
}

/** perfgate's robust method (the default of compare-perf) at --alpha and --tolerance. */
export function perfgateRobust(alpha: number, tolerance: number, settings?: Partial<RobustSettings>, label = ''): Detector {
  const method = settings ? createRobustMethod({ ...DEFAULT_METHOD_OPTIONS, alpha, tolerance }, { settings }) : createMethod('robust', { ...DEFAULT_METHOD_OPTIONS, alpha, tolerance });
  return {
    name: `perfgate robust α=${alpha} -t ${tolerance}${label}`,
    run: (inputs) => method.decide(inputs, { role: 'destination' }),
    fails: perfgateFails,
    flagsRegression: (r) => !r.grouped && r.verdict === 'regression',
  };
}
