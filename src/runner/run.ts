// The run sequence: output folder → metadata → host setup → environment → for each profile: apply, tests, revert → finish.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, normalize, relative } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { Profile, StepContext } from '../plugins/types.js';
import { INCOMPLETE_MARKER } from '../result/read-tree.js';
import { collectEnvironment, distroFromOsRelease } from './environment.js';
import { recordError } from './error-record.js';
import { followSignal } from './run-signal.js';
import type { EmitEvent } from './events.js';
import type { HostSpec } from './hosts.js';
import { createTargets } from './hosts.js';
import { formatMetadata, metadataJsonLine } from './metadata.js';
import { estimatedSeconds } from './plan.js';
import type { ResolvedPlan } from './resolve-plan.js';
import { createOutputDir, writeFileAtomic } from './result-dir.js';
import { runTest } from './run-test.js';
import { sweepWorkers } from './worker-sweep.js';
import { recordedTarget, SessionLog } from './sessions.js';
import type { PlannedRun, RunState } from './state.js';
import { loadState, newState, saveState } from './state.js';
import { recordingLogger } from './step-logger.js';
import type { Target } from './targets/types.js';
import type { MonitorTool } from './monitors/types.js';

/** Marker file of a run that has not finished (interrupted, or still running); readers report such trees as incomplete. */
export const INCOMPLETE = INCOMPLETE_MARKER;

export interface RunOptions {
  output: string;
  resume: boolean;
  hosts: readonly HostSpec[];
  plan: ResolvedPlan;
  metadata: Readonly<Record<string, string>>;
  retryTests: number;
  hostSetupScript?: string;
  /** System monitors run on every worker during each sample (--monitor). */
  monitors?: readonly MonitorTool[];
  keepTmpFiles: boolean;
  prog: string;
  argv: readonly string[];
  version: string;
  emit: EmitEvent;
  signal: AbortSignal;
  /** Override the hosts' targets (tests, plugins providing their own machines). */
  targets?: readonly Target[];
}

export interface RunSummary {
  output: string;
  completed: number;
  failed: number;
  interrupted: boolean;
}

/** The script's output as `#`-prefixed transcript lines (the session log stays a replayable script). */
const asComments = (text: string, tag: string): string => (text === '' ? '' : text.replace(/\n$/, '').split('\n').map((l) => `#   ${tag}| ${l}\n`).join(''));

async function setupHost(o: RunOptions, host: Target, log: SessionLog, ctx: StepContext): Promise<void> {
  if (!o.hostSetupScript) return;
  const remote = `/tmp/perfgate-host-setup-${process.pid}-${host.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.sh`; // hosts may share a machine
  await host.transport.copyTo(o.hostSetupScript, remote);
  const r = await host.transport.exec(['sh', '-x', remote], { timeoutMs: 3_600_000, signal: ctx.signal, reject: false });
  log.write(asComments(r.stdout, 'out') + asComments(r.stderr, 'err'));
  await host.transport.exec(['rm', '-f', remote], { reject: false });
  if (r.failed) {
    const e = new EnvironmentError(`--host-setup-script failed on ${host.name} (exit ${r.exitCode ?? r.signal})`, { code: 'PERFGATE_HOST_SETUP_FAILED', hint: `see the script's output in __sessions__/${host.name} and __error<N>__/details` });
    throw Object.assign(e, { output: `--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}` });
  }
}

/** Apply a profile with retries; failures are recorded in `PROFILE/__error<N>__`. Returns the workers or undefined. */
async function applyProfile(o: RunOptions, root: string, dir: string, profile: Profile, hosts: Target[], ctx: StepContext): Promise<Target[] | undefined> {
  for (let n = 0; n < o.retryTests; n++) {
    try {
      return await profile.apply(hosts, ctx);
    } catch (e) {
      if (o.signal.aborted) return undefined;
      await recordError(join(root, dir), { exception: `profile ${dir} apply attempt ${n} failure: ${(e as Error).message}`, error: e, details: `profile: ${dir}` });
      await profile.revert(ctx).catch(() => undefined);
    }
  }
  o.emit({ kind: 'log', level: 'warn', source: 'runner', message: `ERROR applying profile ${dir}, all tests will be SKIPPED!` });
  return undefined;
}

/** On --resume: delete the interrupted attempt's `PROFILE/TEST/tmpXXXXXX` folder (never a published serial). */
async function removeInterruptedAttempt(root: string, state: RunState, emit: EmitEvent): Promise<void> {
  const active = state.active;
  delete state.active;
  if (active === undefined) return;
  const rel = normalize(active);
  if (isAbsolute(rel) || rel.startsWith('..') || !/^tmp/.test(basename(rel))) return;
  await rm(join(root, rel), { recursive: true, force: true });
  emit({ kind: 'log', level: 'info', source: 'runner', message: `--resume: removed ${rel}, the folder of the interrupted attempt` });
}

/** Run the plan into `options.output`; aborting `options.signal` stops it and leaves the tree marked incomplete. */
export async function runPerf(options: RunOptions): Promise<RunSummary> {
  const { signal, release } = followSignal(options.signal);
  try {
    return await run({ ...options, signal });
  } finally {
    release();
  }
}

async function run(o: RunOptions): Promise<RunSummary> {
  const root = o.output;
  const planned: PlannedRun[] = o.plan.profiles.flatMap((g) => g.tests.map((t) => ({ key: t.key, profileDir: g.dir, testDir: t.test, profile: g.params, test: t.params })));
  await createOutputDir(root, o.resume);
  const state: RunState = o.resume ? loadState(root, planned) : newState(planned);
  if (o.resume) await removeInterruptedAttempt(root, state, o.emit);
  await writeFile(join(root, INCOMPLETE), `started ${new Date().toISOString()}\n`);
  await saveState(root, state);
  const todo = o.plan.tests.filter((t) => !state.done.includes(t.key) && !state.failed.includes(t.key));
  o.emit({ kind: 'run-start', output: root, tests: todo.length, estimatedSeconds: todo.reduce((a, t) => a + estimatedSeconds(t), 0) });

  const sessions = join(root, '__sessions__');
  const base = o.targets ?? createTargets(o.hosts);
  const logs = base.map((t) => new SessionLog(sessions, t.name));
  const hosts = base.map((t, i) => recordedTarget(t, logs[i] as SessionLog));
  const stage = (name: string) => (logs.forEach((l) => l.stage(name)), o.emit({ kind: 'stage', stage: name }));
  const ctx: StepContext = { resultDir: root, signal: o.signal, log: recordingLogger(o.emit, 'runner') };
  const main = hosts[0];
  if (!main) throw new EnvironmentError('no hosts to run on', { code: 'PERFGATE_NO_HOSTS', hint: 'pass --hosts localhost:127.0.0.1' });

  stage('environment');
  const envs = await Promise.all(hosts.map((h) => collectEnvironment(h, o.signal)));
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => undefined);
  const distro = main.transport.kind === 'local' ? distroFromOsRelease(osRelease) : (envs[0]?.['general']?.split('Distro:')[1] ?? 'Unknown');
  const metaFile = join(root, 'RUNPERF_METADATA');
  const script = o.hostSetupScript ? await readFile(o.hostSetupScript, 'utf8') : undefined;
  let metadata = formatMetadata({ user: o.metadata, distro, version: o.version, prog: o.prog, argv: o.argv, hostSetupScript: script, machines: hosts.map((h) => h.address) });
  if (!o.resume) await writeFileAtomic(metaFile, metadata);

  if (!o.resume && o.hostSetupScript) {
    stage('host setup script');
    // every host in parallel; each failure is recorded against its host, and one failing host does not stop the others' setup
    const settled = await Promise.allSettled(hosts.map((h, i) => setupHost(o, h, logs[i] as SessionLog, ctx)));
    const failures = settled.flatMap((r, i) => (r.status === 'rejected' ? [{ host: hosts[i] as Target, error: r.reason as unknown }] : []));
    for (const f of failures) await recordError(root, { exception: (f.error as Error).message, error: f.error, details: `host: ${f.host.name} (${f.host.address})\nscript: ${o.hostSetupScript}\n${(f.error as { output?: string }).output ?? ''}` });
    if (failures[0]) throw failures[0].error;
  }
  if (!o.resume) {
    metadata += metadataJsonLine('environment_world', envs);
    await writeFileAtomic(metaFile, metadata);
  }

  let completed = 0;
  for (const group of o.plan.profiles) {
    const tests = group.tests.filter((t) => todo.includes(t));
    if (tests.length === 0 || o.signal.aborted) continue;
    stage(`profile ${group.dir} apply`);
    const profile = await group.create();
    const workers = await applyProfile(o, root, group.dir, profile, hosts, ctx);
    if (workers === undefined) {
      for (const t of tests) state.failed.push(t.key);
      await saveState(root, state);
      continue;
    }
    // a profile may drive tests from its own target (e.g. a pod in the cluster) and sweep worker counts by scaling
    const driver = profile.driver?.();
    const testHosts = driver ? [recordedTarget(driver, new SessionLog(sessions, driver.name)), ...hosts.slice(1)] : hosts;
    const scale = profile.scale?.bind(profile);
    const sweep = profile.workerCounts && scale ? { counts: profile.workerCounts, scale: (n: number) => scale(n, ctx) } : undefined;
    try {
      for (const t of tests) {
        stage(`test ${t.test}@${group.dir}`);
        const createWorkload = sweep ? () => sweepWorkers(t.create, sweep) : t.create;
        // the attempt in progress is recorded first, so that --resume can remove its tmp folder even after a kill
        const onAttemptDir = async (tmp: string) => ((state.active = relative(root, tmp)), await saveState(root, state));
        const outcome = await runTest({ root, profile: group.dir, test: t.test, params: t.params, createWorkload, hosts: testHosts, workers, monitors: o.monitors, attempts: o.retryTests, keepTmpFiles: o.keepTmpFiles, metadata: { distro, runperf_version: o.version }, emit: o.emit, signal: o.signal, onAttemptDir });
        if (outcome.status === 'interrupted') break;
        delete state.active;
        if (outcome.status === 'done') {
          completed++;
          state.done.push(t.key);
        } else state.failed.push(t.key);
        await saveState(root, state);
      }
    } finally {
      stage(`profile ${group.dir} revert`);
      const info = await profile.info?.(ctx).catch(() => undefined);
      if (info && !o.signal.aborted) {
        metadata = (await readFile(metaFile, 'utf8')) + metadataJsonLine(`environment_profile_${group.dir}`, info);
        await writeFileAtomic(metaFile, metadata);
      }
      await profile.revert(ctx).catch((e: unknown) => recordError(join(root, group.dir), { exception: `profile ${group.dir} revert failure: ${(e as Error).message}`, error: e, details: `profile: ${group.dir}` }));
    }
  }
  await Promise.all(hosts.map((h) => h.transport.close()));
  const interrupted = o.signal.aborted;
  if (!interrupted) await rm(join(root, INCOMPLETE), { force: true });
  o.emit({ kind: 'run-end', failed: state.failed.length, interrupted, output: root });
  return { output: root, completed, failed: state.failed.length, interrupted };
}
