// strip-run-perf command: copy a result tree keeping only what comparisons need, and print the size reduction.
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { scanOptions, type OptionSpec } from './argparse-options.js';
import { markCommandRan } from './command-ran.js';
import type { CliIo } from './io.js';

const OPTIONS: readonly OptionSpec[] = [
  { long: '--include-incorrect', short: '-i', takes: 'flag' },
  { long: '--attach-sysinfo', short: '-s', takes: 'flag' },
  { long: '--help', short: '-h', takes: 'flag' },
];

const HELP = `Usage: strip-run-perf [-i] [-s] SRC DST

Copy the run-perf result tree SRC into the new folder DST, keeping only what compare-perf,
analyze-perf and diff-perf read (RUNPERF_METADATA, the INCOMPLETE marker of an interrupted run,
reduced result.json files, RUNPERF_METADATA.json, __error*__ folders). Comparisons give identical
verdicts on the stripped tree. DST must not exist or be empty, and must lie outside SRC (symbolic
links resolved); it is written in a hidden sibling folder and moved into place at the end, so a
failure leaves nothing behind. A new DST gets the mode of a plain mkdir (0777 less the umask).

Exit codes: 0 done, 64 bad usage or a DST that cannot be written or lies inside SRC (checked before
anything is written), 65 SRC is not a readable result tree.

Options:
  -i, --include-incorrect   also keep non-numeric serials (partial results)
  -s, --attach-sysinfo      also keep __sysinfo*__ folders at root and profile level
  -h, --help                show this help;  --version  the version
`;

export async function stripRunPerfCommand(io: CliIo): Promise<number> {
  const opts = { includeIncorrect: false, attachSysinfo: false };
  // as run-perf's argparse: -is, --incl, --attach-sysinfo
  const { positionals, options } = scanOptions(io.argv, OPTIONS, 'see strip-run-perf --help');
  for (const o of options) {
    if (o.name === '--include-incorrect') opts.includeIncorrect = true;
    else if (o.name === '--attach-sysinfo') opts.attachSysinfo = true;
    else if (o.name === '--help') {
      io.stdout.write(HELP);
      return 0;
    }
  }
  if (positionals.length !== 2) throw new UsageError(`expected SRC and DST, got ${positionals.length} argument(s)`, 'usage: strip-run-perf [-i] [-s] SRC DST');
  const [src = '', dst = ''] = positionals;
  const { stripRunPerf } = await import('../strip/strip.js');
  const s = stripRunPerf(resolve(io.cwd, src), resolve(io.cwd, dst), opts);
  markCommandRan();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  io.stdout.write(`strip-run-perf: ${src} → ${dst}: ${kb(s.bytesBefore)} → ${kb(s.bytesAfter)} (${s.bytesBefore ? ((100 * s.bytesAfter) / s.bytesBefore).toFixed(1) : '0'} %), ${s.files} item(s) kept\n`);
  return 0;
}
