// run-perf command: merges config and flags, resolves plugins and the plan, runs it (or prints it with --dry-run).
import { appendFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { EmitEvent } from '../runner/events.js';
import type { Target } from '../runner/targets/types.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-version.js';
import { ExitCode } from './exit-codes.js';
import { defaultOutputName, parseRunPerfArgs } from './run-perf-args.js';

const HELP = `Usage: run-perf [options] -- TEST[:{json}] [TEST[:{json}] ...]

Run tests (workloads) under profiles and write a run-perf result tree.
  run-perf --output base -- 'fio:{"runtime":10,"targets":"/var/tmp"}'
  run-perf -- 'command:{"command":["echo","{\\"ops_sec\\": 5}"],"samples":5}'

Options:
  --profiles P[:{json}] ...   profiles to run under                  [default: Localhost]
  --hosts [NAME:]ADDR ...     machines (the first drives the tests)  [default: localhost:127.0.0.1]
                              NAME:USER@ADDR[:PORT] is an SSH host (see below)
  --output DIR                result folder; an existing one is refused [default: ./result_YYYYMMDD_HHMMSS]
  --resume                    continue the interrupted run in --output, skipping finished tests
  --metadata K=V ...          free metadata (build=, url=, project=, machine_url_base=)
  --retry-tests N             attempts for each profile apply and each test [default: 3]
  --host-setup-script FILE    run FILE with 'sh -x' on every host before the tests
  --keep-tmp-files            keep the tmp folders of failed attempts
  --kubeconfig FILE           kubeconfig for the Kubernetes profile (default: $KUBECONFIG, ~/.kube/config)
  --keep                      leave provisioned resources (Kubernetes workers) in place; says how to delete them
  --monitor LIST              run iostat,vmstat,mpstat on every worker during each sample (raw output
                              kept per sample; means added as non-primary metrics)
  --dry-run                   print the expanded plan and its estimated duration, run nothing
  --rerun-failed REPORT.json  run only the tests that compare-perf --json REPORT.json found regressed
                              or failed; then decide with compare-perf --confirm OUTPUT ... (docs/statistics.md)
  --rerun-suspects            with --rerun-failed: also re-run the tests with a suspect result (two-stage
                              confirmation: more recall, more re-runs; docs/statistics.md 3.12)
  --config FILE               config file (default: perfgate.config.*, .perfgaterc, package.json "perfgate")
SSH hosts (--hosts NAME:USER@ADDR[:PORT]; see docs/targets.md):
  --known-hosts FILE          verify host keys against FILE  [default: ~/.ssh/known_hosts]
  --accept-new-host-keys      record keys of hosts not yet in known_hosts (changed keys are still refused)
  --insecure-skip-host-key-check  accept any host key (unsafe; for throw-away lab machines only)
  --ssh-key FILE              private key for hosts without their own  [default: agent, ~/.ssh/id_*]
  --ssh-user USER             login for hosts without user@  [default: the current user]
  --ssh-password-env VAR      log in with the password held in environment variable VAR (never written anywhere)
  --log FILE                  also write a debug log to FILE
  -v, --verbose               more output (-vv: debug)
  -h, --help                  this help;  --version  the version

Built-in tests: command (plus fio, iperf3, uperf when installed with perfgate). Profiles: Localhost (the first host),
Hosts (every host a worker: distributed fio, iperf3 between hosts), Kubernetes (fio worker pods; docs/kubernetes.md).
Exit codes: 0 done, 4 some tests failed after all retries, 64 usage, 69 environment, 78 config,
130 interrupted (the folder is kept and marked INCOMPLETE; continue it with --resume).
`;

export async function runPerfCommand(io: CliIo): Promise<number> {
  const args = parseRunPerfArgs(io.argv);
  const version = packageVersion();
  if (args.help) return (io.stdout.write(HELP), ExitCode.OK);
  if (args.version) return (io.stdout.write(`run-perf (perfgate) ${version}\n`), ExitCode.OK);

  const { loadConfig } = await import('../config/load.js');
  const { createRegistry } = await import('../plugins/create-registry.js');
  const { parseItemSpec } = await import('../runner/item-spec.js');
  const { resolveHosts } = await import('../runner/hosts.js');
  const { resolvePlan } = await import('../runner/resolve-plan.js');
  const { formatPlan } = await import('../runner/plan.js');
  const { parseMonitorList } = await import('../runner/monitors/index.js');
  const monitors = parseMonitorList(args.monitors);

  const config = await loadConfig(io.cwd, args.config === undefined ? undefined : resolve(io.cwd, args.config));
  const tests = args.tests.length > 0 ? args.tests.map((t) => parseItemSpec(t, 'test')) : (config.tests ?? []);
  if (tests.length === 0) {
    const greedy = [args.profiles ? '--profiles' : '', args.hosts ? '--hosts' : ''].filter((x) => x !== '');
    const hint = greedy.length > 0
      ? `${greedy.join(' and ')} take${greedy.length > 1 ? '' : 's'} every following word: put -- before the tests, e.g. run-perf ${greedy[0]} ${greedy[0] === '--hosts' ? 'a:root@10.0.0.1' : 'Localhost'} -- 'fio:{"runtime":10}'`
      : `e.g. run-perf -- 'fio:{"runtime":10}' (or "tests" in the config file)`;
    throw new UsageError('no tests given', hint);
  }
  const profiles = args.profiles ? args.profiles.map((p) => parseItemSpec(p, 'profile')) : (config.profiles ?? [{ name: 'Localhost', params: {} }]);
  const configured = [...(config.ssh.hosts ?? []), ...(config.hosts ?? []).filter((h) => typeof h !== 'string')];
  const hosts = resolveHosts(args.hosts ?? config.hosts ?? ['localhost:127.0.0.1'], configured);
  const output = args.output ? resolve(io.cwd, args.output) : (config.output ?? resolve(io.cwd, defaultOutputName(new Date())));
  const metadata: Record<string, string> = { ...config.metadata };
  for (const kv of args.metadata) metadata[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  const hostSetupScript = args.hostSetupScript ? resolve(io.cwd, args.hostSetupScript) : config.hostSetupScript;
  if (hostSetupScript && !existsSync(hostSetupScript)) throw new UsageError(`--host-setup-script ${hostSetupScript} does not exist`, 'give the path of a shell script');

  const registry = await createRegistry(config.plugins, config.projectDir);
  const pluginCtx = { projectDir: config.projectDir, dryRun: args.dryRun, keep: args.keep, kubeconfig: args.kubeconfig === undefined ? undefined : resolve(io.cwd, args.kubeconfig) };
  let plan = await resolvePlan(registry, profiles, tests, pluginCtx);
  if (args.rerunFailed) {
    const { filterPlan, readFailedTests } = await import('../runner/rerun-filter.js');
    const failed = readFailedTests(resolve(io.cwd, args.rerunFailed), args.rerunSuspects === true);
    plan = filterPlan(plan, failed);
    if (plan.tests.length === 0) {
      io.stderr.write(`run-perf: ${args.rerunFailed} lists no regressed or failed${args.rerunSuspects ? ' or suspect' : ''} test of this plan; nothing to re-run\n`);
      return ExitCode.OK;
    }
    io.stderr.write(`run-perf: re-running ${plan.tests.map((t) => `${t.profile}/${t.test}`).join(', ')} (${args.rerunSuspects ? 'failed or suspect' : 'failed'} in ${args.rerunFailed})\n`);
  }
  if (args.dryRun) {
    io.stdout.write(formatPlan(plan.tests, output));
    for (const p of plan.profiles) {
      const text = await (await p.create()).dryRun?.();
      if (text) io.stdout.write(`\n# profile ${p.dir}\n${text}`);
    }
    return ExitCode.OK;
  }

  const { runPerf } = await import('../runner/run.js');
  const { Progress } = await import('../runner/progress.js');
  const verbose = args.verbose || config.verbose || 0;
  const progress = new Progress({ write: (t) => io.stderr.write(t), tty: io.stderr.isTTY === true && !io.env['CI'], verbose });
  const logFile = args.log ? resolve(io.cwd, args.log) : config.log;
  const logProgress = logFile ? new Progress({ write: (t) => appendFileSync(logFile, t), tty: false, verbose: 2 }) : undefined;
  const emit: EmitEvent = (e) => (progress.handle(e), logProgress?.handle(e));
  const { createTargets, connectTargets, isSshHost } = await import('../runner/hosts.js');
  let targets: Target[] | undefined;
  if (hosts.some(isSshHost)) {
    const { sshRunOptions } = await import('./run-perf-ssh.js');
    targets = createTargets(hosts, sshRunOptions(args, config.ssh, configured, io.env, io.cwd, emit));
    await connectTargets(targets, io.signal);
  }
  const summary = await runPerf({
    output,
    resume: args.resume,
    hosts,
    plan,
    metadata,
    retryTests: args.retryTests ?? config.retryTests ?? 3,
    hostSetupScript,
    monitors,
    keepTmpFiles: args.keepTmpFiles || (config.keepTmpFiles ?? false),
    prog: 'run-perf',
    argv: io.argv,
    version,
    emit,
    signal: io.signal ?? new AbortController().signal,
    targets,
  }).finally(() => Promise.all((targets ?? []).map((t) => t.transport.close())));
  if (summary.interrupted) return ExitCode.INTERRUPTED;
  return summary.failed > 0 ? ExitCode.TESTS_FAILED : ExitCode.OK;
}
