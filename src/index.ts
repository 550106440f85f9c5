// perfgate's library entry (`import … from 'perfgate'`): the plugin contract, the result model, the comparison engine and its reports.
export { PLUGIN_API_VERSION, definePlugin } from './plugins/types.js';
export type { Factory, PlannedIteration, Plugin, PluginContext, Profile, Provisioner, SampleProgress, StepContext, StepLogger, Workload, WorkloadContext } from './plugins/types.js';
export type { ExecOptions, ExecResult, Target, Transport } from './runner/targets/types.js';

export * from './result/index.js';

export { comparePerf, compareTrees, decisionInputs } from './compare/compare.js';
export type { CompareOptions, CompareTrees } from './compare/compare.js';
export type { BuildInfo, CheckResult, ComparisonReport, DecidedReport, DecideContext, DecisionInput, DecisionMethod, ScorePart, Summary, Verdict } from './compare/types.js';
export { DEFAULT_METHOD, DEFAULT_METHOD_OPTIONS, createMethod, methodNames } from './compare/methods/index.js';
export type { MethodOptions, ModelCheck, ModelLookup } from './compare/methods/index.js';
export { renderXunit } from './compare/reporters/xunit.js';
export { renderJson } from './compare/reporters/json.js';
export { renderHtml } from './compare/reporters/html/index.js';

export { ConfigError, EnvironmentError, InputError, InterruptedError, PerfgateError, UsageError, isPerfgateError } from './errors.js';
export type { ErrorKind } from './errors.js';
