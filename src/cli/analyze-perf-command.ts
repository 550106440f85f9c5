// analyze-perf command: learn run-perf compatible tolerance models (-l/-s) and a CSV (-c) from known-good results.
import { appendFileSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { EnvironmentError, InputError, UsageError } from '../errors.js';
import { type OptionSpec, scanOptions } from './argparse-options.js';
import { writeFileAtomic } from './atomic-write.js';
import { markCommandRan } from './command-ran.js';
import { realPathOf } from '../real-path.js';
import { unwritableReason } from './output-path.js';
import { pyFloat } from './py-number.js';
import { terminalSafeLine } from '../compare/reporters/terminal-safe.js';
import { tuneForHistory } from './gc-tuning.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-version.js';
import { treeCacheFor } from './tree-cache-dir.js';

const HELP = `Usage: analyze-perf [options] RESULT [RESULT ...]

Learn per-check tolerance models from the results of known-good builds, in the format of run-perf's
analyze-perf (compare-perf -l MODEL reads them, and so does the Python compare-perf). Each RESULT is a
run-perf result folder, optionally NAME:PATH. Results sharing a folder name all count (with a warning).

Options:
  -c, --csv FILE                      write the primary checks x results as CSV
  -l, --linear-regression FILE        write the min/max linear model (maps the observed min..max onto -t..+t)
  -s, --stddev-linear-regression FILE write the 3-sigma linear model (recommended for nightly CI)
  --rebase-model FILE                 start from this model: keep its slopes, re-centre them on the new
                                      results, train only checks it lacks (use with -l and/or -s)
  -t, --tolerance F                   target range <-F, +F> [default: 4]; use 8 for 2 results, 4 for 5 or more
  --format runperf|perfgate           model format of -s [default: runperf]; perfgate writes the versioned model of
                                      compare-perf's robust method (centre, spread, pooled families, change points)
  --changes                           list the builds where a primary metric shifted (RESULTs oldest first;
                                      E-divisive means with a permutation test), with size and confidence
  --no-cache                          parse every result afresh (parsed trees are cached in
                                      $PERFGATE_CACHE_DIR, else ~/.cache/perfgate, while unchanged)
  -v, --verbose                       more output on stderr (-v info, -vv debug)
  --log FILE                          also append a debug log to FILE
  -h, --help                          show this help;  --version  the version

Exit codes: 0 models written, 64 usage error, 65 bad input (unreadable result or model, or no result
with a usable check: nothing is written then).
`;

interface AnalyzeArgs {
  results: string[];
  csv?: string;
  linear?: string;
  stddev?: string;
  rebase?: string;
  tolerance: number;
  toleranceGiven: boolean;
  verbose: number;
  log?: string;
  help: boolean;
  version: boolean;
  format: 'runperf' | 'perfgate';
  changes: boolean;
  noCache: boolean;
}

const HINT = 'see analyze-perf --help';

/** analyze-perf's options, run-perf's first in its argparse order (an ambiguous prefix lists them in this order). */
const OPTIONS: readonly OptionSpec[] = [
  { long: '--help', short: '-h', takes: 'flag' },
  { long: '--csv', short: '-c', takes: 'one' },
  { long: '--linear-regression', short: '-l', takes: 'one' },
  { long: '--stddev-linear-regression', short: '-s', takes: 'one' },
  { long: '--rebase-model', takes: 'one' },
  { long: '--tolerance', short: '-t', takes: 'one' },
  { long: '--verbose', short: '-v', takes: 'flag' },
  { long: '--log', takes: 'one' },
  { long: '--format', takes: 'one' },
  { long: '--changes', takes: 'flag' },
  { long: '--no-cache', takes: 'flag' },
  { long: '--version', takes: 'flag' },
];

/** Parse a tolerance like Python float(); it must be a positive finite number. */
function parseTolerance(text: string): number {
  const t = pyFloat(text);
  if (!(t > 0) || !Number.isFinite(t)) throw new UsageError(`--tolerance must be a positive number, got '${text}'`, 'e.g. -t 4 (5 or more results) or -t 8 (2 results)');
  return t;
}

/** Parse argv as run-perf's argparse does: `--opt=value`, unambiguous prefixes (`--tol 5`), `-t5`, bundled flags (`-vv`, `-vt5`). */
export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const { positionals, options } = scanOptions(argv, OPTIONS, HINT);
  const out: AnalyzeArgs = { results: positionals, tolerance: 4, toleranceGiven: false, verbose: 0, help: false, version: false, format: 'runperf', changes: false, noCache: false };
  for (const { name, value } of options) {
    switch (name) {
      case '--help': out.help = true; break;
      case '--version': out.version = true; break;
      case '--verbose': out.verbose++; break;
      case '--changes': out.changes = true; break;
      case '--no-cache': out.noCache = true; break;
      case '--csv': out.csv = value; break;
      case '--linear-regression': out.linear = value; break;
      case '--stddev-linear-regression': out.stddev = value; break;
      case '--rebase-model': out.rebase = value; break;
      case '--log': out.log = value; break;
      case '--format':
        if (value !== 'runperf' && value !== 'perfgate') throw new UsageError(`--format must be runperf or perfgate, got '${value}'`, 'e.g. analyze-perf --format perfgate -s model.json results/*');
        out.format = value;
        break;
      case '--tolerance':
        out.tolerance = parseTolerance(value);
        out.toleranceGiven = true;
        break;
    }
  }
  return out;
}

const LEVELS = { debug: ['DEBUG', 2], info: ['INFO', 1], warning: ['WARNING', 0], error: ['ERROR', 0] } as const;
type Level = keyof typeof LEVELS;

/** run-perf's `%(levelname)-5s| msg` lines on stderr (by verbosity) and, with --log, all of them in a file. */
function makeLogger(io: CliIo, verbose: number, logFile: string | undefined, logName: string | undefined) {
  return (level: Level, message: string) => {
    const [label, min] = LEVELS[level];
    // messages carry names and texts from the results: a control character or newline in them is shown, not obeyed
    const line = `${label.padEnd(5)}| ${terminalSafeLine(message)}\n`;
    if (verbose >= min) io.stderr.write(line);
    if (!logFile) return;
    try {
      appendFileSync(logFile, line);
    } catch (e) {
      // e.g. a full disk (ENOSPC) after the first lines: not a bug, and no model is written
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new EnvironmentError(`cannot write --log ${logName} (${code})`, { code: 'PERFGATE_LOG_UNWRITABLE', hint: 'free space or choose another --log file', cause: e });
    }
  };
}

/** One output file to write once everything is computed. */
interface Output {
  option: string;
  /** What the log calls it: the option, or `perfgate model`. */
  what: string;
  /** As given on the command line (for messages) and resolved. */
  file: string;
  path: string;
  text: string;
}

const OUTPUT_HINT = 'check that the folder exists and is writable';

/** Write a file through a temporary sibling and a rename, so a reader never sees half a model. */
function writeOutput(out: Output): void {
  try {
    writeFileAtomic(out.path, out.text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`cannot write ${out.option} ${out.path} (${code})`, OUTPUT_HINT);
  }
}

/** The files a result tree's reading depends on: an output there would replace an input. */
const INPUT_NAMES = new Set(['result.json', 'RUNPERF_METADATA', 'exception']);

/**
 * Before any reading: every output path must be writable (its folder exists), and none may be a file that
 * analyze-perf reads (a result.json or RUNPERF_METADATA inside one of the RESULTs), which it would replace.
 */
function checkOutputs(io: CliIo, args: AnalyzeArgs, resultPath: (spec: string) => string): void {
  const roots = args.results.map((spec) => resolve(io.cwd, resultPath(spec)));
  const outputs: [string, string | undefined][] = [['--csv', args.csv], ['--linear-regression', args.linear], ['--stddev-linear-regression', args.stddev], ['--log', args.log]];
  const taken = new Map<string, string>();
  for (const [option, file] of outputs) {
    if (file === undefined) continue;
    const path = resolve(io.cwd, file);
    // two outputs in one file (also through a link): the later replaces (or, for --log, corrupts) the earlier
    const same = realPathOf(path);
    const other = taken.get(same);
    if (other !== undefined) throw new UsageError(`${option} ${file} is also the ${other} file`, 'give each output its own file');
    taken.set(same, option);
    // (--log is appended to, and checked as it is opened)
    const code = option === '--log' ? undefined : unwritableReason(path, false);
    if (code !== undefined) throw new UsageError(`cannot write ${option} ${path} (${code})`, OUTPUT_HINT);
    const inside = roots.find((root) => path.startsWith(root + sep));
    if (inside !== undefined && INPUT_NAMES.has(basename(path))) {
      throw new UsageError(`${option} ${file} would replace an input file of the result ${inside}`, 'write models and CSVs outside the result folders, e.g. -s model.json');
    }
  }
}

export async function analyzePerfCommand(io: CliIo): Promise<number> {
  const args = parseAnalyzeArgs(io.argv);
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`analyze-perf (perfgate) ${packageVersion()}\n`);
    return 0;
  }
  const code = await analyze(io, args);
  markCommandRan();
  return code;
}

/** Write the outputs in order (each atomically), then log them: a failing --log cannot stop the writes half-way. */
function writeAll(pending: readonly Output[], log: ReturnType<typeof makeLogger>): number {
  for (const out of pending) writeOutput(out);
  for (const out of pending) log('info', `Wrote ${out.what} ${out.file}`);
  return 0;
}

/** Learn and write what `args` asks for (the arguments past help). */
async function analyze(io: CliIo, args: AnalyzeArgs): Promise<number> {
  if (args.results.length === 0) throw new UsageError('no RESULT given', 'usage: analyze-perf [options] RESULT [RESULT ...]');
  if (!args.csv && !args.linear && !args.stddev && !args.changes) throw new UsageError('nothing to write: give -c, -l, -s and/or --changes', 'e.g. analyze-perf -s model.json results/*');
  if (args.format === 'perfgate' && (args.linear || args.rebase)) throw new UsageError('--format perfgate writes one model with -s (no -l or --rebase-model)', 'e.g. analyze-perf --format perfgate -s model.json results/*');
  if (args.rebase && !args.linear && !args.stddev) throw new UsageError('--rebase-model needs -l and/or -s', 'e.g. analyze-perf --rebase-model old.json -s new.json results/*');
  // (read-tree.js loads with the reading anyway; --help does not need it)
  const { parseResultSpec } = await import('../result/read-tree.js');
  checkOutputs(io, args, (spec) => parseResultSpec(spec, io.cwd).path);
  const logFile = args.log ? resolve(io.cwd, args.log) : undefined;
  if (logFile) {
    try {
      appendFileSync(logFile, '');
    } catch (e) {
      throw new UsageError(`cannot write --log ${args.log} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check that the folder exists and is writable');
    }
  }
  const log = makeLogger(io, args.verbose, logFile, args.log);
  // written together at the end, once everything is computed: a failure on the way leaves every old file as it was
  const pending: Output[] = [];
  tuneForHistory(args.results.length);
  const cache = treeCacheFor(io, 'analyze-perf', args.noCache);
  if (args.changes || args.format === 'perfgate') {
    const { readResultTrees } = await import('../result/read-trees.js');
    const { firstWarning, hasUsableCheck, noUsableCheckError } = await import('../analyze/usable-checks.js');
    const trees = readResultTrees(args.results.map((spec) => ({ spec })), io.cwd, { cache });
    // The same check as the run-perf path: a folder without any result (e.g. the parent of the results) is a mistake.
    const { hasResults } = await import('../result/glob-dirs.js');
    for (const t of trees) {
      if (t.checks.length === 0 && !hasResults(t.path, false)) {
        throw new InputError(`result '${t.name}' has no checks: no PROFILE/TEST/SERIAL/result.json and no __error*__ folder in ${t.path}`, {
          code: 'PERFGATE_RESULT_EMPTY',
          file: t.path,
          hint: 'pass run-perf result folders (result_YYYYMMDD_HHMMSS), e.g. results/*, not the folder that holds them',
        });
      }
    }
    // As the run-perf path: results holding only error checks (empty or broken result.json files) would give an empty model.
    if (!trees.some(hasUsableCheck)) {
      const example = trees.map((t) => firstWarning(t.name, t)).find((w) => w !== undefined);
      throw noUsableCheckError(trees.map((t) => t.name), example, trees.every((t) => t.checks.length === 0));
    }
    if (args.changes) {
      const { formatChanges, listChanges, seriesCount } = await import('../analyze/changes/list-changes.js');
      io.stdout.write(formatChanges(listChanges(trees), trees.length, seriesCount(trees)));
    }
    if (args.format === 'perfgate' && args.stddev) {
      const { buildPerfgateModel } = await import('../analyze/perfgate-model/build.js');
      const { serializePerfgateModel } = await import('../analyze/perfgate-model/model-file.js');
      const model = buildPerfgateModel(trees);
      if (Object.keys(model.checks).length === 0) {
        // one build (or builds without a check in common) teaches no variance: the model would be empty
        throw new InputError(`no check has a value in 2 or more of the ${trees.length} result(s): a perfgate model learns each check's spread from at least 2 builds`, {
          code: 'PERFGATE_MODEL_TOO_SHORT',
          hint: 'pass the known-good results of several builds of the same tests, e.g. analyze-perf --format perfgate -s model.json good/result_*',
        });
      }
      pending.push({ option: '--stddev-linear-regression', what: 'perfgate model', file: args.stddev, path: resolve(io.cwd, args.stddev), text: serializePerfgateModel(model) });
      args.stddev = undefined;
    }
    if (!args.csv && !args.linear && !args.stddev) return writeAll(pending, log);
  }
  try {
    const { loadRunperfModel } = await import('../analyze/runperf-model/model-file.js');
    const { analyzePerf } = await import('../analyze/runperf-model/analyze.js');
    const rebase = args.rebase ? await loadRunperfModel(resolve(io.cwd, args.rebase)) : undefined;
    const out = analyzePerf({
      results: args.results,
      cwd: io.cwd,
      csv: args.csv !== undefined,
      linear: args.linear !== undefined,
      stddev: args.stddev !== undefined,
      tolerance: args.tolerance,
      toleranceIsInt: !args.toleranceGiven,
      rebase,
      log,
      cache,
    });
    const computed: [string | undefined, string | undefined, string][] = [
      [args.csv, out.csv, '--csv'],
      [args.linear, out.linear?.text, '--linear-regression'],
      [args.stddev, out.stddev?.text, '--stddev-linear-regression'],
    ];
    for (const [file, text, option] of computed) {
      if (file !== undefined && text !== undefined) pending.push({ option, what: option, file, path: resolve(io.cwd, file), text });
    }
    return writeAll(pending, log);
  } catch (e) {
    if (logFile) log('debug', `analyze-perf failed: ${(e as Error).message}`);
    throw e;
  }
}
