// The plugin contract: a plugin registers profiles, workloads ("tests"), provisioners and reporters by name.
import type { PbenchIteration } from '../result/pbench.js';
import type { Target } from '../runner/targets/types.js';

export const PLUGIN_API_VERSION = 1;

/** Progress and log sink every step gets; the runner turns it into the console display and `__sessions__`. */
export interface StepLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface StepContext {
  /** The run's result directory (absolute). */
  resultDir: string;
  signal: AbortSignal;
  log: StepLogger;
}

/** A profile prepares hosts (or pods) and yields the workers tests run on; apply and revert are symmetric. */
export interface Profile {
  readonly name: string;
  apply(hosts: readonly Target[], ctx: StepContext): Promise<Target[]>;
  revert(ctx: StepContext): Promise<void>;
  /** Extra metadata (e.g. `environment_profile_<name>` data) recorded after apply. */
  info?(ctx: StepContext): Promise<Record<string, unknown>>;
  /** After apply: the target that drives tests (e.g. a pod inside a cluster) instead of the first host. */
  driver?(): Target | undefined;
  /** Worker counts to sweep: before each, the runner calls `scale` and suffixes iteration names with `-workers<N>`. */
  readonly workerCounts?: readonly number[];
  /** Resize the worker set (e.g. scale a StatefulSet) and return the new workers. */
  scale?(count: number, ctx: StepContext): Promise<Target[]>;
  /** For --dry-run: what apply would create (e.g. manifests as YAML); must not contact anything. */
  dryRun?(): string | Promise<string>;
}

/** A planned iteration: one combination of parameters, run `samples` times. */
export interface PlannedIteration {
  /** pbench-style iteration name, e.g. `read-4KiB` or `randread-4KiB-numjobs8`. */
  name: string;
  params: Readonly<Record<string, unknown>>;
  samples: number;
  /** Expected wall time of one sample, for --dry-run and the ETA. */
  estimatedSampleSeconds: number;
}

export interface SampleProgress {
  iteration: string;
  iterationIndex: number;
  iterations: number;
  sample: number;
  samples: number;
}

export interface WorkloadContext extends StepContext {
  /** The host driving the workload (the first host). */
  main: Target;
  /** Workers the profile returned (for localhost: the host itself). */
  workers: readonly Target[];
  /** This test's own result folder (`PROFILE/TEST/SERIAL`), where raw per-sample output is kept. */
  outDir: string;
  /** The plan for this test run (from `Workload.plan`). */
  iterations: readonly PlannedIteration[];
  /** Called at the start of each sample. */
  onSample(progress: SampleProgress): void;
}

/** A test (workload) such as fio, iperf3, uperf or command. */
export interface Workload {
  readonly name: string;
  /** Expand parameters (including sweeps given as lists) into iterations. Throws ConfigError on bad params. */
  plan(): PlannedIteration[];
  /** Check prerequisites on the main host (binary present, job valid); throw EnvironmentError/ConfigError with a hint. */
  check?(ctx: WorkloadContext): Promise<void>;
  /** Run every iteration and sample, returning result.json's iterations (errors throw, they are not averaged in). */
  run(ctx: WorkloadContext): Promise<PbenchIteration[]>;
  cleanup?(ctx: WorkloadContext): Promise<void>;
}

export interface Provisioner {
  readonly name: string;
  provision(host: Target, ctx: StepContext): Promise<void>;
}

export interface PluginContext {
  /** Folder the project (config file) lives in. */
  projectDir: string;
  /** run-perf --dry-run: factories must not contact hosts or clusters. */
  dryRun?: boolean;
  /** run-perf --kubeconfig FILE. */
  kubeconfig?: string;
  /** run-perf --keep: leave provisioned resources in place after the run. */
  keep?: boolean;
}

export type Factory<T> = (options: Record<string, unknown>, ctx: PluginContext) => T | Promise<T>;

/** What an npm plugin (or a built-in) exports as default. */
export interface Plugin {
  name: string;
  apiVersion: typeof PLUGIN_API_VERSION;
  profiles?: Record<string, Factory<Profile>>;
  workloads?: Record<string, Factory<Workload>>;
  provisioners?: Record<string, Factory<Provisioner>>;
  reporters?: Record<string, unknown>;
}

/** Identity helper giving type inference to plugin authors. */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}
