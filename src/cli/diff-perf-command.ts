// diff-perf command: exit code = index of the candidate (or -g group) closest to the source, like run-perf's diff-perf.
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { type OptionSpec, scanOptions } from './argparse-options.js';
import { checkJsonTarget, emptyInputWarnings, writeJsonFile } from './diff-perf-inputs.js';
import type { CliIo } from './io.js';
import { reportError } from './main.js';
import { packageVersion } from './package-version.js';
import { pyFloat } from './py-number.js';
import { terminalSafeLine } from '../compare/reporters/terminal-safe.js';
import { markCommandRan } from './command-ran.js';

const HELP = `Usage: diff-perf [options] SRC DST [DST ...]

Find which candidate result (or group of results) is closest to SRC. Each DST is a candidate of
its own, then each -g group in order. The exit code is the 0-based index of the closest candidate
(254 for an index above 253, 255 on any error), as in run-perf's diff-perf; use it to drive
\`git bisect run\`.

Scores are similarities to SRC, higher is closer: a check scores from 0 (far from SRC) up to about 1
(sigma method) or 0.5 (distance method) when equal to SRC; a candidate's primary and secondary
scores sum its checks. A folder that holds no results
(empty, or the folder that holds several results) is warned about on stderr.

Options:
  -g, --group R [R ...]        a group of results scored together (repeatable)
  --flatten-coefficient F      multiply sigma by F (>1 tolerates more noise) [default: 1]
  --json FILE|-                write the ranking and per-check scores as JSON ('-' = stdout)
  --compat runperf             reproduce run-perf exactly, including its crash on a source-only stddev
  -v, --verbose                print the per-check similarity of each candidate
  -h, --help                   show this help;  --version  the version
`;

/** Exit code for "any error", as the Python tool uses. */
const DIFF_ERROR = 255;

interface DiffArgs {
  positionals: string[];
  groups: string[][];
  flatten: number;
  json?: string;
  compat: boolean;
  verbose: number;
  help: boolean;
  version: boolean;
}

const HINT = 'see diff-perf --help';

/** diff-perf's options; run-perf's first, in its argparse order, so an ambiguous prefix lists them as it does. */
const OPTIONS: readonly OptionSpec[] = [
  { long: '--help', short: '-h', takes: 'flag' },
  { long: '--group', short: '-g', takes: 'many', missing: ['needs at least one result', 'e.g. -g good1 good2 -g bad1'] },
  { long: '--flatten-coefficient', takes: 'one' },
  { long: '--verbose', short: '-v', takes: 'flag' },
  { long: '--json', takes: 'one' },
  { long: '--compat', takes: 'one' },
  { long: '--version', takes: 'flag' },
];

/** Parse argv as run-perf's argparse does: `--opt=value`, unambiguous prefixes (`--flat 2`), bundled flags (`-vv`). */
export function parseDiffArgs(argv: readonly string[]): DiffArgs {
  const { positionals, options } = scanOptions(argv, OPTIONS, HINT);
  const out: DiffArgs = { positionals, groups: [], flatten: 1, compat: false, verbose: 0, help: false, version: false };
  for (const { name, value, values } of options) {
    switch (name) {
      case '--group':
        out.groups.push(values);
        break;
      case '--flatten-coefficient':
        // run-perf takes any float; an infinite σ scores every candidate alike, and 0 divides by zero
        out.flatten = pyFloat(value);
        if (!(Number.isFinite(out.flatten) && out.flatten > 0)) throw new UsageError(`--flatten-coefficient must be a finite positive number, got '${value}'`, 'e.g. --flatten-coefficient 0.5');
        break;
      case '--json':
        out.json = value;
        break;
      case '--compat':
        if (value !== 'runperf') throw new UsageError(`unknown --compat mode '${value}'`, 'the only mode is --compat runperf');
        out.compat = true;
        break;
      case '--verbose':
        out.verbose++;
        break;
      case '--help':
        out.help = true;
        break;
      case '--version':
        out.version = true;
        break;
    }
  }
  return out;
}

async function runDiff(io: CliIo): Promise<number> {
  const args = parseDiffArgs(io.argv);
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`diff-perf (perfgate) ${packageVersion()}\n`);
    return 0;
  }
  const [source, ...dsts] = args.positionals;
  if (source === undefined) throw new UsageError('missing SRC', 'usage: diff-perf [options] SRC DST [DST ...]');
  const groups = [...dsts.map((d) => [d]), ...args.groups];
  if (groups.length < 2) throw new UsageError(`need at least 2 candidates, got ${groups.length}`, 'pass two or more DST results or -g groups');
  const jsonFile = args.json && args.json !== '-' ? resolve(io.cwd, args.json) : undefined;
  if (jsonFile) checkJsonTarget(jsonFile);
  const { diffPerf } = await import('../compare/diff/diff.js');
  const { DiffScoreError } = await import('../compare/diff/score.js');
  let report;
  try {
    report = diffPerf({ source, groups, cwd: io.cwd, flatten: args.flatten, compat: args.compat });
  } catch (e) {
    if (e instanceof DiffScoreError) {
      io.stderr.write(`diff-perf: error: ${e.message}\n  hint: run-perf's diff-perf fails on these results too (--compat runperf reproduces it); without --compat, perfgate scores them\n`);
      return DIFF_ERROR;
    }
    throw e;
  }
  for (const w of emptyInputWarnings(source, groups, io.cwd)) io.stderr.write(`diff-perf: warning: ${w}\n`);
  for (const w of report.warnings) io.stderr.write(terminalSafeLine(`diff-perf: warning: ${w}`) + '\n');
  const lines = [
    `Closest to ${source}: candidate ${report.winner} (${groups[report.winner]?.join(', ')})`,
    'Similarity to the source, summed over checks (higher is closer):',
    '  idx  primary  secondary  candidate',
  ];
  for (const g of report.groups) {
    lines.push(`  ${String(g.index).padStart(3)}${g.index === report.winner ? '*' : ' '} ${g.primary.toFixed(3).padStart(7)}  ${g.secondary.toFixed(3).padStart(9)}  ${g.members.join(', ')}`);
  }
  for (const level of report.unresolvedLevels) io.stderr.write(`WARNING| Unable to resolve on level ${level}, consider tweaking the flatten coefficient.\n`);
  if (args.verbose) {
    lines.push('Per-check similarity of each candidate in index order (0..1, higher is closer; P primary, S secondary):');
    for (const s of report.scores.ids) lines.push(`  ${s.primary ? 'P' : 'S'} ${s.id} [similarity, ${s.method} method]: ${s.groups.map((x) => x.toFixed(3)).join(' ')}`);
  }
  const { schemaVersion, ...rest } = report;
  const json = JSON.stringify({ schemaVersion, scoreKind: 'similarity', higherIsCloser: true, ...rest }, null, 2) + '\n';
  if (jsonFile) writeJsonFile(jsonFile, json);
  if (args.json === '-') io.stdout.write(json);
  else io.stdout.write(lines.join('\n') + '\n');
  markCommandRan();
  return Math.min(report.winner, 254);
}

/** diff-perf reserves every exit code for indexes: any error prints one line and exits 255. */
export async function diffPerfCommand(io: CliIo): Promise<number> {
  try {
    return await runDiff(io);
  } catch (e) {
    reportError('diff-perf', e, io);
    return DIFF_ERROR;
  }
}
