// compare-perf command: run-perf compatible command line, decision method, console/xUnit/HTML/JSON reports, exit code.
import { UsageError } from '../errors.js';
import { type OptionSpec, scanOptions } from './argparse-options.js';
import { markCommandRan } from './command-ran.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-version.js';
import { pyFloat, pyInt } from './py-number.js';

export interface CompareArgs {
  results: string[];
  tolerance: number;
  toleranceGiven: boolean;
  stddevTolerance: number;
  stddevToleranceGiven: boolean;
  models: string[];
  modelBuildsAverage: number;
  nOutOfResults: number;
  nOutOfResultsN: number;
  includeIncorrect: boolean;
  xunit?: string;
  html?: string;
  htmlWithCharts: boolean;
  htmlSmallFile: boolean;
  json?: string;
  verbose: number;
  log?: string;
  compat?: 'runperf';
  method?: string;
  alpha: number;
  failOnImprovement: boolean;
  /** Confirmation runs (run-perf --rerun-failed) pooled into DST. */
  confirm: string[];
  /** --no-cache: parse every tree afresh and leave the tree cache alone. */
  noCache: boolean;
  help: boolean;
  version: boolean;
}

const HINT = 'see compare-perf --help';

/** A number option as run-perf's argparse reads it (Python's float(), or int() for `integer`), checked. */
function number(flag: string, text: string, check: (x: number) => boolean, what: string, integer = false): number {
  const x = integer ? (pyInt(text) ?? Number.NaN) : pyFloat(text);
  if (!Number.isFinite(x) || !check(x)) throw new UsageError(`${flag} must be ${what}, got '${text}'`, HINT);
  return x;
}

/** compare-perf's options; the order of run-perf's argparse parser first, so an ambiguous prefix lists them as it does. */
const OPTIONS: readonly OptionSpec[] = [
  { long: '--help', short: '-h', takes: 'flag' },
  { long: '--include-incorrect-results', takes: 'flag' },
  { long: '--tolerance', short: '-t', takes: 'one' },
  { long: '--stddev-tolerance', short: '-s', takes: 'one' },
  { long: '--model-builds-average', takes: 'one' },
  { long: '--model-linear-regression', short: '-l', takes: 'many', missing: ['needs at least one model file', 'e.g. -l model.json -- SRC DST'] },
  { long: '--n-out-of-results', takes: 'one' },
  { long: '--n-out-of-results-n', takes: 'one' },
  { long: '--html', takes: 'one' },
  { long: '--html-with-charts', takes: 'flag' },
  { long: '--html-small-file', takes: 'flag' },
  { long: '--xunit', takes: 'one' },
  { long: '--log', takes: 'one' },
  { long: '--verbose', short: '-v', takes: 'flag' },
  { long: '--json', takes: 'one' },
  { long: '--compat', takes: 'one' },
  { long: '--method', takes: 'one' },
  { long: '--alpha', takes: 'one' },
  { long: '--fail-on-improvement', takes: 'flag' },
  { long: '--confirm', takes: 'one' },
  { long: '--no-cache', takes: 'flag' },
  { long: '--version', takes: 'flag' },
];

/**
 * Parse argv as run-perf's argparse does: `--opt=value`, unambiguous prefixes (`--tol 5`), values attached to short
 * options (`-t5`), bundled flags (`-vv`); `-l` takes files until the next option (nargs='+').
 */
export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const a: CompareArgs = {
    results: [],
    tolerance: 5,
    toleranceGiven: false,
    stddevTolerance: 5,
    stddevToleranceGiven: false,
    models: [],
    modelBuildsAverage: 0,
    nOutOfResults: 0,
    nOutOfResultsN: 2,
    includeIncorrect: false,
    htmlWithCharts: false,
    htmlSmallFile: false,
    verbose: 0,
    alpha: 0.05,
    failOnImprovement: false,
    noCache: false,
    confirm: [],
    help: false,
    version: false,
  };
  const { positionals, options } = scanOptions(argv, OPTIONS, HINT);
  a.results = positionals;
  const nonNeg = (x: number) => x >= 0;
  for (const { name, flag, value, values } of options) {
    switch (name) {
      case '--tolerance':
        a.tolerance = number(flag, value, nonNeg, 'a non-negative number (percent)');
        a.toleranceGiven = true;
        break;
      case '--stddev-tolerance':
        a.stddevTolerance = number(flag, value, nonNeg, 'a non-negative number (stddev-% points)');
        a.stddevToleranceGiven = true;
        break;
      case '--model-linear-regression':
        a.models.push(...values);
        break;
      case '--model-builds-average':
        a.modelBuildsAverage = number(flag, value, nonNeg, 'a non-negative weight');
        break;
      case '--n-out-of-results':
        a.nOutOfResults = number(flag, value, nonNeg, 'a non-negative weight');
        break;
      case '--n-out-of-results-n':
        a.nOutOfResultsN = number(flag, value, (x) => x >= 0, 'a non-negative integer', true);
        break;
      case '--include-incorrect-results':
        a.includeIncorrect = true;
        break;
      case '--xunit':
        a.xunit = value;
        break;
      case '--html':
        a.html = value;
        break;
      case '--html-with-charts':
        a.htmlWithCharts = true;
        break;
      case '--html-small-file':
        a.htmlSmallFile = true;
        break;
      case '--json':
        a.json = value;
        break;
      case '--log':
        a.log = value;
        break;
      case '--compat':
        if (value !== 'runperf') throw new UsageError(`unknown --compat mode '${value}'`, 'the only mode is --compat runperf');
        a.compat = 'runperf';
        break;
      case '--method':
        a.method = value;
        break;
      case '--alpha':
        a.alpha = number(flag, value, (x) => x > 0 && x < 1, 'a probability between 0 and 1');
        break;
      case '--confirm':
        a.confirm.push(value);
        break;
      case '--fail-on-improvement':
        a.failOnImprovement = true;
        break;
      case '--no-cache':
        a.noCache = true;
        break;
      case '--verbose':
        a.verbose++;
        break;
      case '--help':
        a.help = true;
        break;
      case '--version':
        a.version = true;
        break;
    }
  }
  if (a.compat && a.method && a.method !== 'runperf') {
    throw new UsageError(`--compat runperf and --method ${a.method} contradict each other`, '--compat runperf always uses the runperf method');
  }
  return a;
}

/** Help text; the method list comes from the registry. */
const help = (methods: readonly string[], def: string) => `Usage: compare-perf [options] SRC [REF ...] DST

Compare the destination result DST (the build under test) with the source SRC (the baseline);
results in between are references (earlier builds: history for modifiers, methods and the report).
Each result is a run-perf/perfgate result directory, optionally NAME:PATH.

Decision:
  --compat runperf             reproduce the Python run-perf verdicts and exit codes exactly
  --method NAME                decision method: ${methods.join(', ')} [default: ${def}]
  -t, --tolerance F            accepted ±% for .mean checks [default: 5]
  -s, --stddev-tolerance F     accepted ± for .stddev checks (stddev-% points) [default: 5]
  -l, --model-linear-regression FILE [FILE ...]
                               analyze-perf models (put -- before the results)
  --model-builds-average W     weight of the "average of all builds" modifier [default: 0 = off]
  --n-out-of-results W         weight of the "failed in N of the builds" modifier [default: 0 = off]
  --n-out-of-results-n N       builds that may fail before n_of pushes a check out [default: 2]
  --alpha A                    family-wise significance level of statistical methods [default: 0.05]
  --fail-on-improvement        an improvement beyond the band fails the run too (default: reported only)
  --confirm RERUN              pool the samples of a confirmation run (run-perf --rerun-failed REPORT.json)
                               into DST and decide on the combined evidence; repeatable
  --include-incorrect-results  also read partial (non-numeric serial) and *-failN results of REF/DST
  --no-cache                   parse every result afresh (parsed trees are cached in $PERFGATE_CACHE_DIR,
                               else ~/.cache/perfgate, and reused while their files are unchanged)

Reports:
  --xunit FILE                 JUnit XML for Jenkins, GitLab, GitHub Actions
  --html FILE                  standalone HTML report
  --html-with-charts           inline a chart per primary metric across all builds
  --html-small-file            a small HTML report (primary checks, no charts)
  --json FILE|-                the full report as JSON ('-' = stdout instead of the console summary)
  --log FILE                   also write a detailed log (every check of every build) there
  -v, --verbose                list every primary check (-vv: every check)
  -h, --help                   this help;  --version  the version

Exit codes: 0 no regression, 2 regression (or error) in a primary or grouped check, 3 nothing
compared, 64 usage error, 65 bad input data, 1 internal error.
`;

/** compare-perf: exit 0 (no regression), 2 (regression), 3 (nothing compared), or an error code. */
export async function comparePerfCommand(io: CliIo): Promise<number> {
  const args = parseCompareArgs(io.argv);
  if (args.help) {
    // the names only: loading the methods themselves would double --help's start-up time
    const { DEFAULT_METHOD, BUILTIN_METHOD_NAMES } = await import('../compare/methods/names.js');
    io.stdout.write(help([...BUILTIN_METHOD_NAMES], DEFAULT_METHOD));
    return 0;
  }
  if (args.version) {
    io.stdout.write(`compare-perf (perfgate) ${packageVersion()}\n`);
    return 0;
  }
  if (args.results.length === 0) {
    const hint = args.models.length > 0 ? `-l takes every following argument as a model (here ${args.models.length}): put -- before the results, e.g. compare-perf -l model.json -- SRC DST` : 'usage: compare-perf [options] SRC [REF ...] DST';
    throw new UsageError('missing results', hint);
  }
  if ((args.htmlWithCharts || args.htmlSmallFile) && !args.html) {
    throw new UsageError(`${args.htmlWithCharts ? '--html-with-charts' : '--html-small-file'} needs --html FILE`, 'add --html report.html, or drop the option');
  }
  // everything a comparison needs loads in one go, after the arguments are known to be good (--help stays light)
  const { runComparison } = await import('./compare-perf-run.js');
  const code = await runComparison(io, args);
  markCommandRan();
  return code;
}
