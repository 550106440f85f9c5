// analyze-perf command line: the basename-clash fix, options, logging, and one-line errors with documented exit codes.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePerfCommand, parseAnalyzeArgs } from '../../src/cli/analyze-perf-command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { COMPAT_RESULTS } from '../support/fixtures.js';
import { iteration, writeTree } from '../unit/result/tree-builder.js';

const REPO = join(import.meta.dirname, '../..');
const BASE = join(COMPAT_RESULTS, '1_base');
const R1 = 'result_20200726_080654';
const R2 = 'result_20200726_091827';
const tmp = () => mkdtempSync(join(tmpdir(), 'perfgate-analyze-'));

/** Run the command as the binary does (errors mapped to exit codes by runCommand). */
async function run(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('analyze-perf', analyzePerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

describe('analyze-perf: results sharing a basename (run-perf quirk fixed)', () => {
  it('uses both results, names them by path in the CSV, and warns about the clash', async () => {
    const dir = tmp();
    cpSync(join(BASE, R1), join(dir, 'a', 'result_x'), { recursive: true });
    cpSync(join(BASE, R2), join(dir, 'b', 'result_x'), { recursive: true });
    const clash = await run(['-c', 'clash.csv', '-s', 'clash.json', 'a/result_x', 'b/result_x'], dir);
    expect(clash.code).toBe(0);
    expect(clash.err).toMatch(/^WARNING\| 2 results share the name 'result_x' \(run-perf would keep only the last one\); all are used, as 'a\/result_x', 'b\/result_x'\n$/);
    expect(readFileSync(join(dir, 'clash.csv'), 'utf8').split('\n')[0]).toBe('test,"a/result_x","b/result_x"');

    // the model equals the one trained on the two original (distinctly named) folders
    const ref = await run(['-s', join(dir, 'ref.json'), join(BASE, R1), join(BASE, R2)], dir);
    expect(ref.code).toBe(0);
    expect(readFileSync(join(dir, 'clash.json'), 'utf8')).toBe(readFileSync(join(dir, 'ref.json'), 'utf8'));
    // and differs from a model of only one of them (what run-perf would have produced)
    await run(['-s', 'one.json', 'b/result_x'], dir);
    expect(readFileSync(join(dir, 'one.json'), 'utf8')).not.toBe(readFileSync(join(dir, 'ref.json'), 'utf8'));
  });

  it('reads the same folder given twice only once', async () => {
    const dir = tmp();
    const r = await run(['-s', join(dir, 'm.json'), join(BASE, R1), `${join(BASE, R1)}/`], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/is the same folder as .*; it is counted once/);
    await run(['-s', join(dir, 'single.json'), join(BASE, R1)], dir);
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe(readFileSync(join(dir, 'single.json'), 'utf8'));
  });
});

describe('analyze-perf options', () => {
  it('accepts --opt=value, unique long prefixes, -tVALUE and -vv', () => {
    expect(parseAnalyzeArgs(['--linear=l.json', '--stddev', 's.json', '-t8', '-vv', '--', '-odd-name'])).toMatchObject({
      linear: 'l.json',
      stddev: 's.json',
      tolerance: 8,
      toleranceGiven: true,
      verbose: 2,
      results: ['-odd-name'],
    });
    expect(parseAnalyzeArgs(['r'])).toMatchObject({ tolerance: 4, toleranceGiven: false, verbose: 0 });
  });

  it('reads clusters, -t=VALUE, prefixes with =, and values that look like options as argparse does', () => {
    // -vt5: a flag then a value option taking the rest of the word; -t=6: the value after '='
    expect(parseAnalyzeArgs(['-vt5', 'r'])).toMatchObject({ verbose: 1, tolerance: 5, results: ['r'] });
    expect(parseAnalyzeArgs(['-t=6', 'r'])).toMatchObject({ tolerance: 6 });
    expect(parseAnalyzeArgs(['--tol=7', '--rebase', 'old.json', '-s', 's.json', 'r'])).toMatchObject({ tolerance: 7, rebase: 'old.json', stddev: 's.json' });
    // '-' and a word with a space are values, not options
    expect(parseAnalyzeArgs(['-c', '-', '--log', '-my log', 'r'])).toMatchObject({ csv: '-', log: '-my log', results: ['r'] });
    expect(parseAnalyzeArgs(['--version'])).toMatchObject({ version: true });
  });

  it('answers --version among other options, as the other CLIs do', async () => {
    const r = await run(['-v', '--version'], tmp());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^analyze-perf \(perfgate\) \d+\.\d+\.\d+/);
  });

  it('writes the tolerance as given: -t 4 is 4.0, the default is 4', async () => {
    const dir = tmp();
    await run(['-t', '4', '-l', 'explicit.json', join(BASE, R1)], dir);
    await run(['-l', 'default.json', join(BASE, R1)], dir);
    expect(readFileSync(join(dir, 'explicit.json'), 'utf8')).toContain('"tolerance": 4.0\n');
    expect(readFileSync(join(dir, 'default.json'), 'utf8')).toContain('"tolerance": 4\n');
  });

  it('-v logs progress at INFO, -vv adds DEBUG, --log gets everything', async () => {
    const dir = tmp();
    const quiet = await run(['-l', 'm.json', join(BASE, R1)], dir);
    expect(quiet.err).toBe('');
    const v = await run(['-v', '-l', 'm.json', join(BASE, R1)], dir);
    expect(v.err).toMatch(/^INFO \| Processing .*result_20200726_080654 as 'result_20200726_080654'$/m);
    expect(v.err).toMatch(/^INFO \| linear model: \d+ checks trained, 0 rebased, \d+ left out$/m);
    expect(v.err).not.toMatch(/^DEBUG\|/m);
    const vv = await run(['-vv', '-l', 'm.json', join(BASE, R1)], dir);
    expect(vv.err).toMatch(/^DEBUG\| linear model: .*\.stddev left out: singular band/m);
    await run(['--log', 'run.log', '-l', 'm.json', join(BASE, R1)], dir);
    const log = readFileSync(join(dir, 'run.log'), 'utf8');
    expect(log).toMatch(/^DEBUG\|/m);
    expect(log).toMatch(/^INFO \| Wrote --linear-regression m.json$/m);
  });

  it('prints help on stdout', async () => {
    const r = await run(['--help'], tmp());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: analyze-perf \[options\] RESULT/);
  });
});

describe('analyze-perf writes all or nothing', () => {
  it('checks every output path before reading, so a failed run leaves the old files as they were', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'old.json'), 'OLD');
    const r = await run(['-c', 'new.csv', '-l', 'old.json', '-s', 'no/such/dir/s.json', join(BASE, R1)], dir);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.err).toMatch(/^analyze-perf: error: cannot write --stddev-linear-regression .*no\/such\/dir\/s\.json \(ENOENT\)\n/);
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('OLD');
    writeFileSync(join(dir, 'pg.json'), 'OLD');
    const pg = await run(['--format', 'perfgate', '-s', 'pg.json', '-c', 'no/such/dir/d.csv', join(BASE, R1), join(BASE, R2)], dir);
    expect(pg.code).toBe(ExitCode.USAGE);
    expect(readFileSync(join(dir, 'pg.json'), 'utf8')).toBe('OLD');
  });

  it('refuses one file for two outputs, also through a link', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'm.json'), 'OLD');
    symlinkSync('m.json', join(dir, 'link.json'));
    const r = await run(['-s', 'm.json', '--log', 'link.json', join(BASE, R1)], dir);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.err).toMatch(/^analyze-perf: error: --log link\.json is also the --stddev-linear-regression file/);
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('OLD');
  });

  it('refuses to write over a file of a result it reads', async () => {
    const dir = tmp();
    cpSync(join(BASE, R1), join(dir, 'r1'), { recursive: true });
    const before = readFileSync(join(dir, 'r1/Localhost/fio/0000/result.json'), 'utf8');
    const r = await run(['-l', 'r1/Localhost/fio/0000/result.json', 'r1'], dir);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.err).toMatch(/^analyze-perf: error: --linear-regression r1\/Localhost\/fio\/0000\/result\.json would replace an input file of the result .*r1\n {2}hint: /);
    expect(readFileSync(join(dir, 'r1/Localhost/fio/0000/result.json'), 'utf8')).toBe(before);
    // beside the results, or inside one under another name, is fine
    expect((await run(['-l', 'r1/model.json', 'r1'], dir)).code).toBe(0);
    // --log too: appending to RUNPERF_METADATA would add lines the next reading warns about
    const meta = readFileSync(join(dir, 'r1/RUNPERF_METADATA'), 'utf8');
    const log = await run(['--log', 'r1/RUNPERF_METADATA', '-c', 'x.csv', 'r1'], dir);
    expect(log.code).toBe(ExitCode.USAGE);
    expect(log.err).toMatch(/^analyze-perf: error: --log r1\/RUNPERF_METADATA would replace an input file/);
    expect(readFileSync(join(dir, 'r1/RUNPERF_METADATA'), 'utf8')).toBe(meta);
  });

  it('shows control characters and newlines from the results in its messages, never obeys them', async () => {
    const dir = tmp();
    for (const r of ['a', 'b']) writeTree(join(dir, r), { 'L/fio/0000/result.json': [iteration('x', { 'throughput/bad\nWARNING| forged\u001b]0;title\u0007': { mean: 'fast', stddevpct: 1 }, 'throughput/iops_sec': { mean: 5, stddevpct: 1 } })] });
    const r = await run(['-v', '--log', 'run.log', '-c', 'o.csv', 'a', 'b'], dir);
    expect(r.code).toBe(0);
    for (const text of [r.err, readFileSync(join(dir, 'run.log'), 'utf8')]) {
      expect(text).not.toMatch(/^WARNING\| forged/m);
      expect(text).not.toContain('\u001b');
      expect(text).toContain('bad\\x0aWARNING| forged\\x1b]0;title\\x07');
    }
  });

  it('a --log that fails part-way (a full disk) is an environment error, not a bug', async () => {
    const r = await run(['-c', 'm.csv', '--log', '/dev/full', join(BASE, R1)], tmp());
    expect(r.code).toBe(ExitCode.ENVIRONMENT);
    expect(r.err).toMatch(/^analyze-perf: error: cannot write --log \/dev\/full \(ENOSPC\)\n {2}hint: /);
  });
});

describe('analyze-perf leaves out what compare-perf could not use', () => {
  it('a check whose equation overflows (values beyond ~1e154) is left out with a warning, not written as NaN', async () => {
    const dir = tmp();
    const results = [1, 2, 3].map((i) => {
      writeTree(join(dir, `r${i}`), { 'L/fio/0000/result.json': [iteration('a', { 'throughput/iops_sec': { mean: i * 1e200, stddevpct: 1 }, 'throughput/bw': { mean: 100 + i, stddevpct: 1 } })] });
      return `r${i}`;
    });
    const r = await run(['-s', 'm.json', ...results], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^WARNING\| stddev model: L\/fio\/0000:\.\/a\/throughput\/iops_sec\.mean left out: equation not finite \(NaN, NaN\)/m);
    const model = readFileSync(join(dir, 'm.json'), 'utf8');
    expect(model).not.toMatch(/NaN/);
    expect(model).toContain('L/fio/0000:./a/throughput/bw.mean');
    // and compare-perf loads it
    const io = memoryIo(['-l', 'm.json', '--', 'r1', 'r2'], dir);
    expect(await runCommand('compare-perf', (await import('../../src/cli/compare-perf-command.js')).comparePerfCommand, io)).not.toBe(ExitCode.INPUT);
  });
});

describe('analyze-perf: a result whose iterations all failed', () => {
  it('gets a column of -100 with a warning, as in run-perf (it was refused as "no result.json")', async () => {
    const dir = tmp();
    const good = (name: string) => writeTree(join(dir, name), { 'L/fio/0000/result.json': [iteration('a', { 'throughput/iops_sec': { mean: 100, stddevpct: 1 } })] });
    good('r2');
    good('r3');
    writeTree(join(dir, 'r1'), { 'L/fio/0000/result.json': [iteration('a-fail1', { 'throughput/iops_sec': { mean: 100, stddevpct: 1 } })] });
    const r = await run(['-c', 'd.csv', 'r1', 'r2', 'r3'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^WARNING\| r1: no usable iteration .*its column is all -100$/m);
    expect(readFileSync(join(dir, 'd.csv'), 'utf8')).toContain('L/fio/0000:./a/throughput/iops_sec.mean,-100,100,100');
    const alone = await run(['-c', 'e.csv', 'r1'], dir);
    expect(alone.code).toBe(ExitCode.INPUT);
    expect(alone.err).toMatch(/^analyze-perf: error: no usable check in result 'r1': every iteration read is a failed one \(named -failN\)/m);
  });
});

describe('analyze-perf errors: one line, a hint, a documented exit code', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['no result', ['-l', 'm.json'], ExitCode.USAGE, /no RESULT given/],
    ['no output', [join(BASE, R1)], ExitCode.USAGE, /nothing to write: give -c, -l/],
    ['rebase without a model', ['--rebase-model', 'x.json', '-c', 'd.csv', join(BASE, R1)], ExitCode.USAGE, /--rebase-model needs -l and\/or -s/],
    ['unknown option', ['--frobnicate', join(BASE, R1)], ExitCode.USAGE, /unknown option --frobnicate/],
    ['ambiguous prefix', ['--l', 'x', join(BASE, R1)], ExitCode.USAGE, /ambiguous option: --l could match --linear-regression, --log/],
    ['unknown option in a cluster', ['-vx', join(BASE, R1)], ExitCode.USAGE, /unknown option -x in -vx/],
    ['flag given a value', ['--changes=yes', join(BASE, R1)], ExitCode.USAGE, /--changes takes no value/],
    ['bad tolerance', ['-t', 'abc', '-l', 'm.json', join(BASE, R1)], ExitCode.USAGE, /--tolerance must be a positive number, got 'abc'/],
    ['negative tolerance', ['-t', '-4', '-l', 'm.json', join(BASE, R1)], ExitCode.USAGE, /--tolerance must be a positive number, got '-4'/],
    ['missing value', ['-l'], ExitCode.USAGE, /-l needs a value/],
    ['one file for two outputs', ['-s', 'm.json', '--log', 'm.json', join(BASE, R1)], ExitCode.USAGE, /--log m\.json is also the --stddev-linear-regression file/],
    ['missing output folder', ['-l', 'no/such/dir/m.json', join(BASE, R1)], ExitCode.USAGE, /cannot write --linear-regression .*no\/such\/dir\/m\.json \(ENOENT\)/],
    ['output under a file', ['-s', join(BASE, R1, 'RUNPERF_METADATA', 'm.json'), join(BASE, R1)], ExitCode.USAGE, /cannot write --stddev-linear-regression .*RUNPERF_METADATA\/m\.json \(ENOTDIR\)/],
    ['missing result', ['-l', 'm.json', 'nope'], ExitCode.INPUT, /result 'nope' does not exist/],
    ['empty result folder', ['-l', 'm.json', '.'], ExitCode.INPUT, /result '\.' has no checks/],
    ['missing rebase model', ['--rebase-model', 'none.json', '-s', 'm.json', join(BASE, R1)], ExitCode.INPUT, /model .*none\.json: no such file/],
  ];
  it.each(cases)('%s', async (_name, argv, code, message) => {
    const r = await run(argv, tmp());
    expect(r.code).toBe(code);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^analyze-perf: error: /);
    expect(lines[0]).toMatch(message);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/^ {2}hint: \S/);
  });

  it('a malformed rebase model names the file and line:column', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'old.json'), '{\n  "a": [1, 2],\n}');
    const r = await run(['--rebase-model', 'old.json', '-s', 'm.json', join(BASE, R1)], dir);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(r.err).toMatch(/^analyze-perf: error: model .*old\.json: malformed JSON: expected a property name at line 3 column 1\n/);
  });

  it('a wrongly shaped rebase model names the JSON path', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'old.json'), '{"__metadata__": {"version": 1, "tolerance": 4}, "X/y/0:./a/throughput/b.mean": {"equation": [1, "2"], "raw": 1}}');
    const r = await run(['--rebase-model', 'old.json', '-s', 'm.json', join(BASE, R1)], dir);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(r.err).toContain('$["X/y/0:./a/throughput/b.mean"].equation[1]: expected a finite number, got "2"');
  });

  it('a partly broken result still trains on its valid checks and reports the rest', async () => {
    const dir = tmp();
    cpSync(join(BASE, R1), join(dir, 'r'), { recursive: true });
    mkdirSync(join(dir, 'r', 'Localhost', 'fio', '0007'), { recursive: true });
    writeFileSync(join(dir, 'r', 'Localhost', 'fio', '0007', 'result.json'), '[{"iteration_name": ');
    const r = await run(['-c', 'd.csv', '-l', 'm.json', 'r'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^WARNING\| r\/Localhost\/fio\/0007\/result.json: malformed JSON: unexpected end of input at line 1 column 21/m);
    const csv = readFileSync(join(dir, 'd.csv'), 'utf8');
    expect(csv).toContain('\nLocalhost/fio/0007:./ERROR/ERROR/ERROR.error,Localhost/fio/0007/result.json: malformed JSON');
    expect(csv).toContain('\nLocalhost/fio/0000:./read-4KiB/throughput/iops_sec.mean,');
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toContain('"Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean"');
  });

  it('through the binary: exit code 65 and one line, no stack trace', () => {
    const bin = ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/analyze-perf.ts')];
    const r = spawnSync(process.execPath, [...bin, '-l', 'm.json', 'does-not-exist'], { cwd: tmp(), encoding: 'utf8' });
    expect(r.status).toBe(ExitCode.INPUT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^analyze-perf: error: result 'does-not-exist' does not exist \(looked at .*\)\n {2}hint: .+\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('analyze-perf --format perfgate and --changes refuse a folder without results', () => {
  it.each([
    [['--format', 'perfgate', '-s', 'm.json']],
    [['--changes']],
  ])('%j on the parent of the results is an input error (65), and no model is written', async (opts) => {
    const cwd = tmp();
    const r = await run([...opts, '--', BASE, join(BASE, R1)], cwd);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(r.err).toMatch(/^analyze-perf: error: result '.*1_base' has no checks: .*\n {2}hint: .*not the folder that holds them/);
    expect(r.out).toBe('');
    expect(() => readFileSync(join(cwd, 'm.json'))).toThrow();
  });
});

describe('analyze-perf CSV with perfgate\'s own error texts', () => {
  it('keeps one field per result: the texts of results it could not read hold no comma or newline', async () => {
    const dir = tmp();
    for (const r of ['a', 'b']) writeTree(join(dir, r), { 'L/fio/0000/result.json': [iteration('x', { 'throughput/iops_sec': { mean: 5, stddevpct: 1 } })] });
    mkdirSync(join(dir, 'c/L/fio/0000'), { recursive: true });
    symlinkSync('/dev/zero', join(dir, 'c/L/fio/0000/result.json'));
    writeTree(join(dir, 'd'), { 'L/fio/0000/result.json': '[{"iteration_name": "x", "iteration_data": {,}}]' });
    const r = await run(['-c', 'o.csv', 'a', 'b', 'c', 'd'], dir);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'o.csv'), 'utf8').split('\n');
    const header = lines[0]?.split(',') ?? [];
    for (const line of lines.slice(1)) expect(line.split(','), line).toHaveLength(header.length + 1);
    expect(lines.find((l) => l.includes('ERROR.error'))).toMatch(/ENOTREG: a device is not a regular file/);
  });
});
