// bisect-perf command: find the commit behind a performance change with git bisect, run-perf and diff-perf.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { siblingBin } from './sibling-bin.js';

const HELP = `Usage: bisect-perf --repo DIR --good REV --bad REV [options] -- RUN-PERF-ARGS...

Runs the good and bad ends first (--repeat times each), then \`git bisect run\`: at each step it
builds (--build), runs run-perf into a step folder and asks diff-perf whether the result is closer
to the good or the bad runs. Steps whose build or run fails, whose result cannot be read, or which are
exactly as close to the good runs as to the bad ones are skipped (exit 125); an end whose runs all
cannot be read stops the bisect before it starts. At the end it
writes the bisect log and a compare-perf HTML report over good, every step in bisect order, and bad.
SIGINT/SIGTERM stop the running build or run-perf, reset the bisect, restore the repository and
exit 130; the work folder keeps what was written (session.log, state.json).

Options:
  --repo DIR             the git repository to bisect (must be clean)            [default: .]
  --good REV             a revision with the old performance                       (required)
  --bad REV              a revision with the new performance                       (required)
  --build FILE           shell script run in the repository before each run, as \`sh FILE\`
                         (it need not be executable; it is checked before anything runs)
  --workdir DIR          where results, logs and the report go (must be new)  [default: ./.perfgate-bisect]
  --repeat N             runs of each end before bisecting                       [default: 2]
  --two-out-of-three     measure each step up to 3 times and take the majority
  -h, --help             show this help;  --version  the version

Example:
  bisect-perf --repo ~/qemu --good v8.0.0 --bad v8.1.0 --build ./build-install.sh \\
    -- --profiles Localhost -- 'fio:{"test-types":"randread","runtime":30}'
`;

/** --build must name a readable file before anything runs: it is run as `sh FILE` at every step. */
function checkBuildScript(path: string): string {
  const hint = 'give the path of a shell script (run as `sh FILE` in the repository at each step; it need not be executable)';
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`--build ${path} does not exist`, hint);
  }
  if (!isFile) throw new UsageError(`--build ${path} is not a file`, hint);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new UsageError(`--build ${path} is not readable`, hint);
  }
  return path;
}

export async function bisectPerfCommand(io: CliIo): Promise<number> {
  if (io.argv[0] === '__step') {
    const { bisectStep } = await import('../bisect/step.js');
    return bisectStep(resolve(io.cwd, io.argv[1] ?? ''), io.signal);
  }
  const o = { repo: '.', good: '', bad: '', build: '', workdir: '.perfgate-bisect', repeat: 2, twoOutOfThree: false };
  const argv = [...io.argv];
  let runArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`, 'see bisect-perf --help');
      return v;
    };
    if (a === '--') {
      runArgs = argv.slice(i + 1);
      break;
    } else if (a === '--repo') o.repo = value();
    else if (a === '--good') o.good = value();
    else if (a === '--bad') o.bad = value();
    else if (a === '--build') o.build = value();
    else if (a === '--workdir') o.workdir = value();
    else if (a === '--repeat') {
      o.repeat = Number(value());
      if (!Number.isInteger(o.repeat) || o.repeat < 1) throw new UsageError('--repeat must be a positive integer', 'e.g. --repeat 3');
    } else if (a === '--two-out-of-three') o.twoOutOfThree = true;
    else if (a === '-h' || a === '--help') {
      io.stdout.write(HELP);
      return 0;
    } else throw new UsageError(`unknown option ${a}`, 'see bisect-perf --help; run-perf arguments go after --');
  }
  if (!o.good || !o.bad) throw new UsageError('--good and --bad are required', 'e.g. --good v1.0 --bad main');
  if (runArgs.length === 0) throw new UsageError('no run-perf arguments after --', "e.g. -- -- 'fio:{\"runtime\":30}'");
  const build = o.build ? checkBuildScript(resolve(io.cwd, o.build)) : undefined;
  const { bisect } = await import('../bisect/bisect.js');
  const workdir = resolve(io.cwd, o.workdir);
  const outcome = await bisect({
    repo: resolve(io.cwd, o.repo),
    good: o.good,
    bad: o.bad,
    build: build ? ['sh', build] : [],
    runPerf: siblingBin('run-perf'),
    runArgs,
    stepCommand: [...siblingBin('bisect-perf'), '__step'],
    compareCommand: siblingBin('compare-perf'),
    workdir,
    repeat: o.repeat,
    twoOutOfThree: o.twoOutOfThree,
    log: (line) => io.stderr.write(`bisect-perf: ${line}\n`),
    signal: io.signal,
  });
  // a vote that is a reason (a failed or unjudged run) is shown once, as the step's reason
  for (const s of outcome.steps) io.stdout.write(`  ${s.commit.slice(0, 10)}  ${s.verdict.padEnd(4)}  votes ${s.votes.map((v) => (typeof v === 'string' ? '-' : v)).join(',')}${s.reason ? `  (${s.reason})` : ''}\n`);
  if (outcome.firstBad) io.stdout.write(`first bad commit: ${outcome.firstBad}\n`);
  else io.stdout.write('bisect did not isolate a single commit (see bisect.log)\n');
  io.stdout.write(`bisect log: ${resolve(workdir, 'bisect.log')}\n`);
  if (outcome.report) io.stdout.write(`report: ${outcome.report}\n`);
  return outcome.firstBad ? ExitCode.OK : ExitCode.BISECT_INCONCLUSIVE;
}
