// Runs one test under an applied profile with up to N attempts: tmp folder → result.json → renamed to the next serial; failures → __error<N>__.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Workload, WorkloadContext } from '../plugins/types.js';
import type { Target } from './targets/types.js';
import { recordError } from './error-record.js';
import type { EmitEvent } from './events.js';
import { commitSerial, createTmpSerial, writeFileAtomic } from './result-dir.js';
import { maskJson } from './mask.js';
import { recordingLogger } from './step-logger.js';
import { MonitorSession } from './monitors/session.js';
import type { MonitorTool } from './monitors/types.js';

export interface TestRunInput {
  root: string;
  profile: string;
  test: string;
  params: Readonly<Record<string, unknown>>;
  /** A fresh workload per attempt (factories may keep state). */
  createWorkload: () => Promise<Workload>;
  hosts: readonly Target[];
  workers: readonly Target[];
  attempts: number;
  keepTmpFiles: boolean;
  /** Merged into RUNPERF_METADATA.json. */
  metadata: Readonly<Record<string, unknown>>;
  emit: EmitEvent;
  signal: AbortSignal;
  /** System monitors run on every worker during each sample (--monitor). */
  monitors?: readonly MonitorTool[];
  /** Called with each attempt's tmp folder once it exists, before the workload runs (the run records it for --resume). */
  onAttemptDir?: (tmp: string) => Promise<void>;
}

export type TestOutcome = { status: 'done'; serial: string } | { status: 'failed' } | { status: 'interrupted' };

/** JSON with sorted keys and 4-space indentation, as run-perf writes RUNPERF_METADATA.json. */
export function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value), null, 4);
}

async function attempt(input: TestRunInput, n: number, testDir: string): Promise<string> {
  const log = recordingLogger(input.emit, input.test);
  const tmp = await createTmpSerial(testDir);
  await input.onAttemptDir?.(tmp);
  const workload = await input.createWorkload();
  const iterations = workload.plan();
  const main = input.hosts[0];
  if (!main) throw new Error('no host to run on');
  const monitors = input.monitors?.length ? new MonitorSession({ tools: input.monitors, workers: input.workers, outDir: tmp, signal: input.signal, log }) : undefined;
  const ctx: WorkloadContext = {
    resultDir: input.root,
    signal: input.signal,
    log,
    main,
    workers: input.workers,
    outDir: tmp,
    iterations,
    onSample: (p) => (monitors?.sample(p), input.emit({ kind: 'sample', profile: input.profile, test: input.test, ...p })),
  };
  let ok = false;
  try {
    await workload.check?.(ctx);
    await monitors?.check();
    const result = await workload.run(ctx);
    await monitors?.finish(result);
    await writeFileAtomic(join(tmp, 'result.json'), JSON.stringify(result, null, 2) + '\n');
    const meta = { ...input.metadata, profile: input.profile, test: input.test, params: maskJson(input.params), attempt: n, workers: input.workers.map((w) => w.name) };
    await writeFileAtomic(join(tmp, 'RUNPERF_METADATA.json'), sortedJson(meta));
    ok = true;
  } catch (e) {
    (e as { perfgateLog?: string[] }).perfgateLog = log.lines;
    throw e;
  } finally {
    await monitors?.stop();
    try {
      await workload.cleanup?.(ctx);
    } catch (e) {
      log.warn(`cleanup failed: ${(e as Error).message}`);
    }
    if (!ok && !input.keepTmpFiles && !input.signal.aborted) await rm(tmp, { recursive: true, force: true });
  }
  return basename(await commitSerial(tmp, testDir));
}

/** Run a test with retries; every failed attempt is recorded in `PROFILE/TEST/<attempt>/__error<N>__`. */
export async function runTest(input: TestRunInput): Promise<TestOutcome> {
  const testDir = join(input.root, input.profile, input.test);
  for (let n = 0; n < input.attempts; n++) {
    if (input.signal.aborted) return { status: 'interrupted' };
    input.emit({ kind: 'test-start', profile: input.profile, test: input.test, attempt: n, attempts: input.attempts, estimatedSeconds: 0 });
    try {
      const serial = await attempt(input, n, testDir);
      input.emit({ kind: 'test-end', profile: input.profile, test: input.test, serial });
      return { status: 'done', serial };
    } catch (e) {
      if (input.signal.aborted) return { status: 'interrupted' };
      const message = (e as Error).message ?? String(e);
      await recordError(join(testDir, String(n)), {
        exception: `test ${input.test}@${input.profile} attempt ${n} execution failure: ${message}`,
        error: e,
        details: `profile: ${input.profile}\ntest: ${input.test}\nattempt: ${n} of ${input.attempts}\nparams: ${JSON.stringify(maskJson(input.params))}`,
        log: (e as { perfgateLog?: string[] }).perfgateLog,
      });
      input.emit({ kind: 'test-failed', profile: input.profile, test: input.test, attempt: n, message, willRetry: n + 1 < input.attempts });
    }
  }
  return { status: 'failed' };
}
