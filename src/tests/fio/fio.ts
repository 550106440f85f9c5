// The fio workload: validates job files with --parse-only, runs each sample as a separate fio run (standalone or client/server), writes pbench-like results.
import { setMaxListeners } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, EnvironmentError } from '../../errors.js';
import type { PluginContext, Workload, WorkloadContext } from '../../plugins/types.js';
import type { PbenchIteration } from '../../result/pbench.js';
import type { Target } from '../../runner/targets/types.js';
import type { FioStats } from './aggregate.js';
import { mergeConcurrent, statsFromEntries } from './aggregate.js';
import { runDistributedFio } from './distributed.js';
import type { FioServer } from './servers.js';
import { FIO_SERVER_LABEL, startFioServers, stopFioServers } from './servers.js';
import { errorLines, FioRunError, findProblems } from './errors.js';
import { sampleMetrics } from './metrics.js';
import type { FioParams } from './params.js';
import { parseFioParams } from './params.js';
import type { FioOutput } from './parse.js';
import { FioOutputError, parseFioOutput } from './parse.js';
import type { FioIteration } from './plan.js';
import { expandIterations, jobFileFor } from './plan.js';
import { prefillJobFile } from './prefill.js';
import type { SampleMetrics } from './result.js';
import { buildIteration } from './result.js';
import type { ResolvedTarget } from './targets.js';
import { sampleSteadyState, steadyStateMetrics, steadyStateWarning } from './steady.js';
import type { LogFile, SeriesPoint } from './timeseries.js';
import { parseLogName, seriesFromLogs } from './timeseries.js';
import { cleanupTargets, resolveTargets } from './targets.js';
import { makeDirs } from '../../make-dirs.js';

/** A worker as this test uses it: its targets, its tag for data-file names and, if remote, a folder for job files. */
interface WorkerState {
  worker: Target;
  tag: string;
  targets: ResolvedTarget[];
  remoteDir?: string;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.+-]/g, '_');

/** Put a local job file where `target` can read it (the same path for local targets). */
async function place(st: WorkerState, local: string, name: string): Promise<string> {
  if (st.remoteDir === undefined) return local;
  const remote = `${st.remoteDir}/${name}`;
  await st.worker.transport.copyTo(local, remote);
  return remote;
}

async function fioVersion(t: Target, p: FioParams, signal: AbortSignal): Promise<string> {
  const r = await t.transport.exec([p.fio, '--version'], { reject: false, signal, timeoutMs: 30_000 });
  if (r.failed) {
    throw new EnvironmentError(`fio is not installed on ${t.name} ('${p.fio} --version' ${r.exitCode === undefined ? 'could not run' : `exited with ${r.exitCode}`})`, {
      code: 'PERFGATE_FIO_NOT_FOUND',
      hint: 'install it (apt-get install fio, dnf install fio) or give its path in the "fio" parameter',
    });
  }
  return r.stdout.trim();
}

/** Time-based runs shorter than planned are partial; a job file or raw runtime options decide their own length. */
function plannedRuntime(p: FioParams, it: FioIteration): number | undefined {
  return p.jobFile || 'runtime' in it.options || 'time_based' in it.options ? undefined : p.runtime;
}

interface WorkerSample {
  stats: FioStats;
  logs: LogFile[];
}

/** This worker's per-interval logs (`<tag>_iops.1.log` …) in a local folder. */
async function readLogs(dir: string, tag: string): Promise<LogFile[]> {
  const names = (await readdir(dir)).filter((n) => parseLogName(n)?.prefix === tag);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

/** Run fio in a working folder where its logs land: the sample folder itself, or a fresh folder on a remote worker copied back. */
async function execInLogDir(st: WorkerState, argv: string[], dir: string, p: FioParams, signal: AbortSignal) {
  if (st.remoteDir === undefined) return st.worker.transport.exec(argv, { reject: false, signal, timeoutMs: p.timeout * 1000, cwd: dir });
  const cwd = (await st.worker.transport.exec(['mktemp', '-d', `${st.remoteDir}/run.XXXXXX`], { signal })).stdout.trim();
  try {
    const r = await st.worker.transport.exec(argv, { reject: false, signal, timeoutMs: p.timeout * 1000, cwd });
    const found = await st.worker.transport.exec(['find', cwd, '-maxdepth', '1', '-type', 'f', '-name', `${st.tag}_*.log`], { reject: false });
    for (const remote of found.stdout.split('\n').filter((l) => l.trim() !== '')) await st.worker.transport.copyFrom(remote, join(dir, remote.slice(cwd.length + 1)));
    return r;
  } finally {
    await st.worker.transport.exec(['rm', '-rf', cwd], { reject: false });
  }
}

/** A fio job to run on each worker: its text, the name its copy gets on a remote worker, and the time-based runtime to check. */
interface WorkerJob {
  text: string;
  remoteName: string;
  runtimeSeconds: number | undefined;
}

async function runOnWorker(st: WorkerState, job: WorkerJob, p: FioParams, dir: string, signal: AbortSignal): Promise<WorkerSample> {
  const name = safe(st.worker.name);
  const local = join(dir, `${name}.fio`);
  await writeFile(local, job.text);
  const path = await place(st, local, `${job.remoteName}.${name}.fio`);
  const r = await execInLogDir(st, [p.fio, '--output-format=json+', path], dir, p, signal);
  const stderr = errorLines(r.stderr.split('\n')).map((l) => `fio said: ${l}`);
  const ended = r.failed ? [r.timedOut ? `fio timed out after ${p.timeout} s` : `fio exited with ${r.exitCode ?? r.signal}`] : [];
  let out: FioOutput;
  try {
    out = parseFioOutput(r.stdout);
  } catch (e) {
    await writeFile(join(dir, `${name}.log`), `$ ${r.command}\n${r.stdout}${r.stderr ? `--- stderr\n${r.stderr}` : ''}`);
    throw new FioRunError(st.worker.name, [...stderr, ...ended, ...(e instanceof FioOutputError ? [e.message] : [String(e)])]);
  }
  await writeFile(join(dir, `${name}.json`), `${out.json.trimEnd()}\n`);
  if (out.chatter.length > 0 || r.stderr) await writeFile(join(dir, `${name}.log`), `$ ${r.command}\n${out.chatter.join('\n')}\n${r.stderr ? `--- stderr\n${r.stderr}` : ''}`);
  const problems = [...findProblems(out, { runtimeSeconds: job.runtimeSeconds }), ...stderr, ...ended];
  if (problems.length > 0) throw new FioRunError(st.worker.name, [...new Set(problems)]);
  return { stats: statsFromEntries(out.entries), logs: await readLogs(dir, st.tag) };
}

/**
 * One sample's metrics and, with per-interval logs, their time series (per worker and over all workers) and the
 * steady state of their IOPS (SNIA PTS over the last steady-state-window intervals, see steady.ts).
 */
function sampleOf(workers: readonly { name: string; stats: FioStats; logs: LogFile[] }[], all: FioStats, p: FioParams): SampleMetrics {
  const series = (logs: LogFile[]) => (p.logAvgMsec > 0 && logs.length > 0 ? seriesFromLogs(logs, p.logAvgMsec) : undefined);
  const judge = (s: Record<string, SeriesPoint[]> | undefined) => sampleSteadyState(s?.['iops_sec'], p.steadyStateWindow, p.logAvgMsec);
  const perWorker = workers.map((w) => {
    const s = series(w.logs);
    const steadyState = judge(s);
    return { name: w.name, metrics: { ...sampleMetrics(w.stats), ...steadyStateMetrics(steadyState) }, series: s, ...(steadyState ? { steadyState } : {}) };
  });
  const allSeries = series(workers.flatMap((w) => w.logs));
  const steadyState = judge(allSeries);
  // the aggregate's steady-state metrics only when every worker has them too (no 0 stand-ins in per-worker entries)
  const ssMetrics = Object.entries(steadyStateMetrics(steadyState)).filter(([m]) => perWorker.every((w) => w.metrics[m] !== undefined));
  return { workers: perWorker, all: { ...sampleMetrics(all), ...Object.fromEntries(ssMetrics) }, series: allSeries, ...(steadyState ? { steadyState } : {}) };
}

/** fio on every worker at once, each on its own (one failure stops the others). */
async function standaloneSample(states: readonly WorkerState[], it: FioIteration, p: FioParams, dir: string, signal: AbortSignal): Promise<SampleMetrics> {
  const stopAll = new AbortController();
  const both = AbortSignal.any([signal, stopAll.signal]);
  // one listener per running copy: dozens at once are expected, not a leak (Node warns past 10)
  setMaxListeners(0, both);
  const done = await Promise.all(
    states.map((st) =>
      runOnWorker(st, { text: jobFileFor(it, p, st.targets, st.tag), remoteName: safe(it.name), runtimeSeconds: plannedRuntime(p, it) }, p, dir, both).catch((e: unknown) => {
        stopAll.abort(e);
        throw e;
      }),
    ),
  );
  return sampleOf(
    states.map((st, i) => ({ name: st.worker.name, stats: (done[i] as WorkerSample).stats, logs: (done[i] as WorkerSample).logs })),
    mergeConcurrent(done.map((d) => d.stats)),
    p,
  );
}

/** One `fio --client` driving every worker's server at once (see distributed.ts), each worker with its own job file. */
async function clientServerSample(main: Target, servers: readonly FioServer[], states: readonly WorkerState[], it: FioIteration, p: FioParams, dir: string, signal: AbortSignal): Promise<SampleMetrics> {
  const jobFiles = states.map((st) => jobFileFor(it, p, st.targets, st.tag));
  const r = await runDistributedFio({ main, servers, jobFiles, outDir: dir, runtimeSeconds: plannedRuntime(p, it), fio: p.fio, signal, timeoutMs: p.timeout * 1000 });
  // servers sharing a host ship logs with the same .<host> suffix: the job files' per-worker prefixes tell them apart
  const own = (tag: string, logs: LogFile[]) => logs.filter((l) => parseLogName(l.name)?.prefix === tag);
  return sampleOf(
    r.workers.map((w, k) => ({ name: w.server.worker.name, stats: w.stats, logs: own(states[k]?.tag ?? '', w.logs) })),
    r.all,
    p,
  );
}

/**
 * Prefill before an iteration's first sample: each worker whose data files (by prefill job text) were not written yet
 * writes them once with a separate fio run (prefill.ts), not counted as a sample, kept in `prefill/<iteration>/`.
 */
async function prefillStep(ctx: WorkloadContext, cs: boolean, servers: readonly FioServer[], states: readonly WorkerState[], done: Map<WorkerState, Set<string>>, it: FioIteration, p: FioParams): Promise<void> {
  const jobs = states.map((st) => prefillJobFile(it, st.targets, st.tag));
  const todo = states.filter((st, k) => !done.get(st)?.has(jobs[k] ?? ''));
  if (todo.length === 0) return;
  const dir = resolve(ctx.outDir, 'prefill', it.name);
  await makeDirs(dir);
  ctx.log.info(`prefill for ${it.name}: writing the data files once (rw=write, bs=1M) on ${todo.map((st) => st.worker.name).join(', ')}`);
  const started = Date.now();
  if (cs) {
    // fio --client drives every server; all workers write again so the run matches the servers list
    await runDistributedFio({ main: ctx.main, servers, jobFiles: jobs, outDir: dir, runtimeSeconds: undefined, fio: p.fio, signal: ctx.signal, timeoutMs: p.timeout * 1000 });
  } else {
    await Promise.all(todo.map((st) => runOnWorker(st, { text: prefillJobFile(it, st.targets, st.tag), remoteName: `${safe(it.name)}.prefill`, runtimeSeconds: undefined }, p, dir, ctx.signal)));
  }
  states.forEach((st, k) => done.set(st, (done.get(st) ?? new Set()).add(jobs[k] ?? '')));
  ctx.log.info(`prefill for ${it.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Factory registered as the built-in test `fio`. */
export function createFioWorkload(options: Record<string, unknown>, plugin: PluginContext = { projectDir: process.cwd() }): Workload {
  const p = parseFioParams(options, plugin.projectDir);
  const iterations = expandIterations(p);
  let states: WorkerState[] = [];
  let servers: FioServer[] = [];
  let version = '';
  const workersOf = (ctx: WorkloadContext) => (ctx.workers.length > 0 ? ctx.workers : [ctx.main]);
  const clientServer = (ctx: WorkloadContext) => p.mode === 'client-server' || (p.mode === 'auto' && (workersOf(ctx).length > 1 || workersOf(ctx).some((w) => w.labels[FIO_SERVER_LABEL] !== undefined)));

  async function prepare(ctx: WorkloadContext): Promise<void> {
    if (states.length > 0) return;
    const cs = clientServer(ctx);
    const checked = new Set<Target>(cs ? [ctx.main, ...workersOf(ctx)] : workersOf(ctx));
    const versions = await Promise.all([...checked].map((t) => fioVersion(t, p, ctx.signal)));
    version = [...new Set(versions)].join(', ');
    states = await Promise.all(
      workersOf(ctx).map(async (worker) => {
        const targets = await resolveTargets(worker, p.targets ?? [], ctx.signal);
        const st: WorkerState = { worker, tag: safe(worker.name), targets };
        if (!cs && worker.transport.kind !== 'local') st.remoteDir = (await worker.transport.exec(['mktemp', '-d', '/tmp/perfgate-fio.XXXXXX'], { signal: ctx.signal })).stdout.trim();
        return st;
      }),
    );
    ctx.log.info(`fio ${version} on ${[...checked].map((t) => t.name).join(', ')}; ${cs ? 'client/server mode' : 'standalone'}`);
  }

  /** fio --parse-only on every iteration's job file, where fio will read it (the client in client/server mode). */
  async function validate(ctx: WorkloadContext): Promise<void> {
    const dir = join(ctx.outDir, 'jobs');
    await makeDirs(dir);
    const cs = clientServer(ctx);
    const st = states[0];
    if (!st) return;
    const checker: WorkerState = cs ? { worker: ctx.main, tag: st.tag, targets: st.targets } : st;
    if (cs && ctx.main.transport.kind !== 'local') checker.remoteDir = (await ctx.main.transport.exec(['mktemp', '-d', '/tmp/perfgate-fio.XXXXXX'], { signal: ctx.signal })).stdout.trim();
    const issues: string[] = [];
    const check = async (label: string, file: string, text: string) => {
      const local = join(dir, file);
      await writeFile(local, text);
      const r = await checker.worker.transport.exec([p.fio, '--parse-only', await place(checker, local, file)], { reject: false, signal: ctx.signal, timeoutMs: 30_000 });
      const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      const said = [...lines.filter((l) => /fio:|Bad option|Did you mean|dropped|failed|invalid/i.test(l)), ...lines].filter((l, k, a) => a.indexOf(l) === k);
      if (r.failed || said.some((l) => /Bad option|dropped|failed parsing|invalid/i.test(l))) issues.push(`${label}: ${said.slice(0, 3).join(' | ') || `fio --parse-only exited with ${r.exitCode}`}`);
    };
    const prefills = new Set<string>();
    for (const it of iterations) {
      await check(it.name, `${safe(it.name)}.fio`, jobFileFor(it, p, st.targets, st.tag));
      const prefill = p.prefill ? prefillJobFile(it, st.targets, st.tag) : undefined;
      if (prefill !== undefined && !prefills.has(prefill)) {
        prefills.add(prefill);
        await check(`${it.name} (prefill)`, `${safe(it.name)}.prefill.fio`, prefill);
      }
    }
    if (checker !== st && checker.remoteDir) await ctx.main.transport.exec(['rm', '-rf', checker.remoteDir], { reject: false });
    if (issues.length > 0) throw new ConfigError(`test 'fio': fio --parse-only rejected the job file of ${issues.length} iteration(s) on ${checker.worker.name}`, issues, `see ${join(dir, '<iteration>.fio')} and docs/fio.md`);
  }

  function benchmark(it: FioIteration, ctx: WorkloadContext): Record<string, unknown> {
    const opts = Object.fromEntries(Object.entries(it.options).map(([k, v]) => [k, String(v)]));
    return {
      ...opts,
      runtime: String(p.runtime),
      ramp_time: String(p.ramptime),
      time_based: '1',
      ...(p.targets ? { targets: p.targets.join(',') } : {}),
      ...(p.jobFile ? { job_file: p.jobFile.path } : {}),
      ...(p.prefill ? { prefill: '1' } : {}),
      samples: String(p.samples),
      clients: workersOf(ctx).map((w) => w.name).join(','),
      mode: clientServer(ctx) ? 'client-server' : 'standalone',
      fio_version: version,
    };
  }

  return {
    name: 'fio',
    plan: () => iterations.map(({ name, params, samples, estimatedSampleSeconds }) => ({ name, params, samples, estimatedSampleSeconds })),
    async check(ctx) {
      await prepare(ctx);
      await validate(ctx);
    },
    async run(ctx) {
      await prepare(ctx);
      const cs = clientServer(ctx);
      if (cs && servers.length === 0) servers = await startFioServers(workersOf(ctx), { port: p.serverPort, fio: p.fio, signal: ctx.signal });
      const out: PbenchIteration[] = [];
      const prefilled = new Map<WorkerState, Set<string>>();
      // "too short to judge" depends on the parameters, not on the sample: said once per run, not once per sample
      let notJudgedSaid = false;
      for (const [i, it] of iterations.entries()) {
        if (p.prefill) await prefillStep(ctx, cs, servers, states, prefilled, it, p);
        const samples: SampleMetrics[] = [];
        for (let s = 1; s <= it.samples; s++) {
          ctx.onSample({ iteration: it.name, iterationIndex: i, iterations: iterations.length, sample: s, samples: it.samples });
          const dir = resolve(ctx.outDir, it.name, `sample${s}`);
          await makeDirs(dir);
          const sample = cs ? await clientServerSample(ctx.main, servers, states, it, p, dir, ctx.signal) : await standaloneSample(states, it, p, dir, ctx.signal);
          const warning = steadyStateWarning(it.name, s, sample.steadyState);
          if (warning && sample.steadyState?.steady === null) {
            if (!notJudgedSaid) ctx.log.warn(`${warning} (said once: other samples as short are not judged either)`);
            notJudgedSaid = true;
          } else if (warning) ctx.log.warn(warning);
          samples.push(sample);
        }
        out.push(buildIteration(it.name, i + 1, benchmark(it, ctx), samples));
      }
      return out;
    },
    async cleanup() {
      await stopFioServers(servers);
      servers = [];
      for (const st of states) {
        await cleanupTargets(st.worker, st.targets, st.tag);
        if (st.remoteDir) await st.worker.transport.exec(['rm', '-rf', st.remoteDir], { reject: false });
      }
      states = [];
    },
  };
}
