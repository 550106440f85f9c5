// nightly-perf command: the nightly gate in one command (run-perf, compare-perf, confirmation re-runs, history).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { ConfirmMode } from '../nightly/nightly.js';
import type { CliIo } from './io.js';
import { runCommand } from './main.js';
import { packageVersion } from './package-version.js';

const HELP = `Usage: nightly-perf --history DIR [options] -- RUN-PERF-ARGS...
       nightly-perf --history DIR --accept RUN | --rebaseline RUN | --list | --changes

One night of a performance gate. It runs the workloads with run-perf into DIR/runs/RUN, compares
the run with the baseline and the last good runs (compare-perf's robust method), and when that
finds a regression or a suspect check it re-runs only those tests and decides on the pooled
evidence (run-perf --rerun-failed, compare-perf --confirm). A run that passes becomes a reference
for the next nights; the first run of a new history becomes the baseline. Nothing is deleted.
Exit code: the final decision's (0 pass, 2 regression, 3 nothing compared), run-perf's when the
run failed, 130 when interrupted.

Options:
  --history DIR        history folder: runs/, reports/, history.json (created)       (required)
  --references N       last good runs used as references                          [default: 5]
  --confirm MODE       suspects: re-run after a regression or a suspect check; failed: only
                       after a regression; off: decide on the first run      [default: suspects]
  -t, --tolerance F    smallest change (%) worth reporting                        [default: 2]
  --alpha A            report-wide false-alarm level                          [default: 0.025]
  -l, --model FILE     a perfgate model (analyze-perf --format perfgate), repeatable
  --xunit FILE         xUnit (JUnit) report of the final decision
  --html FILE          HTML report of the final decision
  --html-with-charts   with a chart per primary metric across the compared runs
  --json FILE          JSON report of the final decision
  --accept RUN         mark RUN good (e.g. after an intended change), without running anything
  --rebaseline RUN     make RUN the baseline and restart the list of good runs from it
  --list               print the history's nights and exit
  --changes            list the nights where a primary metric shifted (analyze-perf --changes
                       over every compared night, oldest first)
  -h, --help           show this help;  --version  the version

The defaults are the detection benchmark's best measured setting (docs/statistics.md §7): about
5 % of no-change nights red, including one-off bad runs, and about 90 % of single-metric regressions of
6.7-13 x CV found, at a re-run of about 1.4 of 6 tests on half of the nights.

Example:
  nightly-perf --history /srv/perf --xunit result.xml --html report.html \\
    -- --profiles Localhost -- 'fio:{"test-types":"read,randwrite","runtime":30}'
`;

interface NightlyArgs {
  history?: string;
  references: number;
  confirm: ConfirmMode;
  tolerance: string;
  alpha: string;
  models: string[];
  xunit?: string;
  html?: string;
  htmlWithCharts: boolean;
  json?: string;
  accept?: string;
  rebaseline?: string;
  list: boolean;
  changes: boolean;
  help: boolean;
  version: boolean;
  runArgs: string[];
}

/** Options that take a file, folder or run id as they are. */
const TEXT_OPTIONS: Readonly<Record<string, 'history' | 'xunit' | 'html' | 'json' | 'accept' | 'rebaseline'>> = {
  '--history': 'history',
  '--xunit': 'xunit',
  '--html': 'html',
  '--json': 'json',
  '--accept': 'accept',
  '--rebaseline': 'rebaseline',
};

/** Options without a value. */
const FLAGS: Readonly<Record<string, 'htmlWithCharts' | 'list' | 'changes' | 'help' | 'version'>> = {
  '--html-with-charts': 'htmlWithCharts',
  '--list': 'list',
  '--changes': 'changes',
  '-h': 'help',
  '--help': 'help',
  '--version': 'version',
};

/** run-perf options nightly-perf sets itself, or that would run nothing. */
const RESERVED = new Set(['--output', '--resume', '--rerun-failed', '--rerun-suspects', '--dry-run', '-h', '--help', '--version']);

function positiveNumber(flag: string, v: string, max = Infinity): string {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0 || x > max) throw new UsageError(`${flag} must be a number above 0${max < Infinity ? ` and at most ${max}` : ''}, got '${v}'`, `e.g. ${flag} ${flag === '--alpha' ? '0.025' : '2'}`);
  return v;
}

export function parseNightlyArgs(argv: readonly string[]): NightlyArgs {
  const a: NightlyArgs = { references: 5, confirm: 'suspects', tolerance: '2', alpha: '0.025', models: [], htmlWithCharts: false, list: false, changes: false, help: false, version: false, runArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    // --option=value is the same as --option value
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const arg = eq > 0 ? word.slice(0, eq) : word;
    const inline = eq > 0 ? word.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || (v.startsWith('-') && v.length > 1)) throw new UsageError(`${arg} needs a value`, 'see nightly-perf --help');
      return v;
    };
    if (word === '--') {
      a.runArgs = argv.slice(i + 1);
      break;
    }
    const text = Object.hasOwn(TEXT_OPTIONS, arg) ? TEXT_OPTIONS[arg] : undefined;
    if (text) {
      a[text] = value();
      continue;
    }
    const flag = Object.hasOwn(FLAGS, arg) ? FLAGS[arg] : undefined;
    if (flag) {
      a[flag] = true;
      continue;
    }
    switch (arg) {
      case '--references': {
        const v = value();
        a.references = Number(v);
        if (!Number.isInteger(a.references) || a.references < 0) throw new UsageError(`--references must be a whole number, got '${v}'`, 'e.g. --references 5 (the statistics want at least 4 with the baseline)');
        break;
      }
      case '--confirm': {
        const v = value();
        if (v !== 'suspects' && v !== 'failed' && v !== 'off') throw new UsageError(`--confirm must be suspects, failed or off, got '${v}'`, 'see nightly-perf --help');
        a.confirm = v;
        break;
      }
      case '-t':
      case '--tolerance':
        a.tolerance = positiveNumber(arg, value());
        break;
      case '--alpha':
        a.alpha = positiveNumber(arg, value(), 0.5);
        break;
      case '-l':
      case '--model':
        a.models.push(value());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`, 'see nightly-perf --help; run-perf arguments go after --');
    }
  }
  return a;
}

export async function nightlyPerfCommand(io: CliIo): Promise<number> {
  const args = parseNightlyArgs(io.argv);
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`nightly-perf (perfgate) ${packageVersion()}\n`);
    return 0;
  }
  if (!args.history) throw new UsageError('--history DIR is required', 'e.g. nightly-perf --history /srv/perf -- -- fio:{}');
  const history = resolve(io.cwd, args.history);
  if (existsSync(history) && !statSync(history).isDirectory()) throw new UsageError(`--history ${args.history} is not a folder`, 'give a folder for the history (it is created on the first night)');
  const log = (line: string) => io.stderr.write(`nightly-perf: ${line}\n`);
  const marks = [args.accept !== undefined, args.rebaseline !== undefined, args.list, args.changes].filter(Boolean).length;
  if (marks > 1) throw new UsageError('--accept, --rebaseline, --list and --changes exclude each other', 'give one of them');
  if (marks === 1) {
    if (args.runArgs.length > 0) throw new UsageError('--accept, --rebaseline, --list and --changes run nothing: drop the run-perf arguments', 'see nightly-perf --help');
    if (!existsSync(history)) throw new UsageError(`--history ${args.history} does not exist`, 'a history is created by its first night: nightly-perf --history DIR -- RUN-PERF-ARGS');
    const { loadHistory } = await import('../nightly/history.js');
    const { comparedRuns, listNights } = await import('../nightly/list.js');
    if (args.changes) {
      const runs = comparedRuns(history, loadHistory(history));
      if (runs.length === 0) throw new UsageError(`${history} holds no completed night yet`, 'run a night first: nightly-perf --history DIR -- RUN-PERF-ARGS');
      const { analyzePerfCommand } = await import('./analyze-perf-command.js');
      return runCommand('analyze-perf', analyzePerfCommand, { ...io, argv: ['--changes', '--', ...runs] });
    }
    if (args.list) {
      io.stdout.write(listNights(loadHistory(history)));
      return 0;
    }
    const { markRun } = await import('../nightly/nightly.js');
    const state = markRun(history, (args.accept ?? args.rebaseline) as string, args.accept !== undefined ? 'accept' : 'rebaseline', log);
    io.stdout.write(listNights(state));
    return 0;
  }
  if (args.runArgs.length === 0) throw new UsageError('no run-perf arguments after --', "e.g. nightly-perf --history DIR -- --profiles Localhost -- 'fio:{\"runtime\":30}'");
  const sep = args.runArgs.indexOf('--');
  const reserved = (sep < 0 ? args.runArgs : args.runArgs.slice(0, sep)).find((x) => RESERVED.has(x.split('=')[0] ?? x));
  if (reserved) throw new UsageError(`run-perf option ${reserved} is set by nightly-perf`, 'drop it: runs go to DIR/runs/, confirmation re-runs are automatic (--confirm)');
  for (const [flag, f] of [['--xunit', args.xunit], ['--html', args.html], ['--json', args.json]] as const) {
    if (f === '-') throw new UsageError(`${flag} - is not supported by nightly-perf (its console output is the log of the night)`, `give a file, e.g. ${flag} report${flag === '--xunit' ? '.xml' : flag === '--html' ? '.html' : '.json'}`);
  }
  if (args.htmlWithCharts && !args.html) throw new UsageError('--html-with-charts needs --html FILE', 'add --html report.html, or drop the option');
  // a model that cannot be read would only be found after the night's workloads have run
  for (const m of args.models) {
    try {
      accessSync(resolve(io.cwd, m), constants.R_OK);
    } catch (e) {
      throw new InputError(`model ${m} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { code: 'PERFGATE_MODEL_READ', file: resolve(io.cwd, m), hint: 'give a model written by analyze-perf --format perfgate -s FILE' });
    }
  }
  const out = (f: string | undefined) => (f === undefined ? undefined : resolve(io.cwd, f));
  const { runNight } = await import('../nightly/nightly.js');
  const { runPerfCommand } = await import('./run-perf-command.js');
  const { comparePerfCommand } = await import('./compare-perf-command.js');
  const sub = (argv: string[]): CliIo => ({ ...io, argv });
  const models = args.models.length > 0 ? ['-l', ...args.models.map((m) => resolve(io.cwd, m))] : [];
  const outcome = await runNight({
    history,
    runArgs: args.runArgs,
    references: args.references,
    confirm: args.confirm,
    compareArgs: ['-t', args.tolerance, '--alpha', args.alpha, ...(args.htmlWithCharts ? ['--html-with-charts'] : []), ...models],
    outputs: { xunit: out(args.xunit), html: out(args.html), json: out(args.json) },
    runPerf: (argv) => runCommand('run-perf', runPerfCommand, sub(argv)),
    comparePerf: (argv) => runCommand('compare-perf', comparePerfCommand, sub(argv)),
    log,
  });
  return outcome.exitCode;
}
