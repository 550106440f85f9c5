// compare-perf and diff-perf read their command lines as run-perf's argparse does: prefixes, -t5, --opt=value, -vv.
import { describe, expect, it } from 'vitest';
import { parseCompareArgs } from '../../../src/cli/compare-perf-command.js';
import { diffPerfCommand, parseDiffArgs } from '../../../src/cli/diff-perf-command.js';
import { memoryIo } from '../../../src/cli/io.js';
import { UsageError } from '../../../src/errors.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';

/** The UsageError `parse(argv)` throws (the test fails if it throws nothing or something else). */
function usageError(parse: () => unknown): UsageError {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('no usage error');
}

describe('compare-perf: a value attached to a short option', () => {
  it.each([
    [['-t5', 'a', 'b'], { tolerance: 5, toleranceGiven: true }],
    [['-t=5', 'a', 'b'], { tolerance: 5 }],
    [['-s3', 'a', 'b'], { stddevTolerance: 3, stddevToleranceGiven: true }],
    [['-t2.5', '-s10', 'a', 'b'], { tolerance: 2.5, stddevTolerance: 10 }],
    [['-lmodel.json', 'a', 'b'], { models: ['model.json'], results: ['a', 'b'] }],
    [['-vt5', 'a'], { verbose: 1, tolerance: 5 }],
    [['-vv', 'a'], { verbose: 2 }],
    [['-v', '--verbose', '-vv', 'a'], { verbose: 4 }],
  ])('%j', (argv, expected) => {
    expect(parseCompareArgs(argv)).toMatchObject(expected);
  });

  it('reads the attached value alone: -l with one attached file takes no more words (argparse nargs=+)', () => {
    expect(parseCompareArgs(['-lm1.json', 'src', 'dst'])).toMatchObject({ models: ['m1.json'], results: ['src', 'dst'] });
  });

  it('checks an attached value like a separate one', () => {
    expect(usageError(() => parseCompareArgs(['-tfive', 'a'])).message).toBe("-t must be a non-negative number (percent), got 'five'");
    expect(usageError(() => parseCompareArgs(['-vx', 'a'])).message).toBe('unknown option -x in -vx');
  });
});

describe('compare-perf: long options by an unambiguous prefix', () => {
  it.each([
    [['--tol', '5', 'a'], { tolerance: 5, toleranceGiven: true }],
    [['--tol=7', 'a'], { tolerance: 7 }],
    [['--stddev', '3', 'a'], { stddevTolerance: 3 }],
    [['--html', 'r.html', '--html-s', 'a'], { html: 'r.html', htmlSmallFile: true }],
    [['--html=r.html', '--html-w', 'a'], { html: 'r.html', htmlWithCharts: true }],
    [['--model-l', 'm.json', '--', 'a'], { models: ['m.json'], results: ['a'] }],
    [['--model-b=2', 'a'], { modelBuildsAverage: 2 }],
    [['--n-out-of-results', '1', '--n-out-of-results-n', '3', 'a'], { nOutOfResults: 1, nOutOfResultsN: 3 }],
    [['--inc', '--x', 'x.xml', '--verb', 'a'], { includeIncorrect: true, xunit: 'x.xml', verbose: 1 }],
    [['--j', '-', '--meth', 'robust', 'a'], { json: '-', method: 'robust' }],
    [['--no', 'a'], { noCache: true }],
  ])('%j', (argv, expected) => {
    expect(parseCompareArgs(argv)).toMatchObject(expected);
  });

  it.each([
    ['--htm', 'ambiguous option: --htm could match --html, --html-with-charts, --html-small-file'],
    ['--html-', 'ambiguous option: --html- could match --html-with-charts, --html-small-file'],
    ['--mod', 'ambiguous option: --mod could match --model-builds-average, --model-linear-regression'],
    ['--n-out', 'ambiguous option: --n-out could match --n-out-of-results, --n-out-of-results-n'],
    ['--ver', 'ambiguous option: --ver could match --verbose, --version'],
  ])('%s is ambiguous: a usage error listing the candidates', (word, message) => {
    const e = usageError(() => parseCompareArgs([word, '5', 'a']));
    expect(e.message).toBe(message);
    expect(e.hint).toContain('compare-perf --help');
  });

  it('an ambiguous prefix with =value names only the option part', () => {
    expect(usageError(() => parseCompareArgs(['--htm=r.html', 'a'])).message).toBe('ambiguous option: --htm could match --html, --html-with-charts, --html-small-file');
  });

  it('still rejects unknown options, flags given a value, and missing values', () => {
    expect(usageError(() => parseCompareArgs(['--frobnicate', 'a'])).message).toBe('unknown option --frobnicate');
    expect(usageError(() => parseCompareArgs(['--html-small-file=yes', 'a'])).message).toBe("--html-small-file takes no value, got '--html-small-file=yes'");
    expect(usageError(() => parseCompareArgs(['a', '--tol'])).message).toBe('--tolerance needs a value');
    expect(usageError(() => parseCompareArgs(['-t'])).message).toBe('-t needs a value');
    expect(usageError(() => parseCompareArgs(['-l', '--', 'a'])).message).toBe('-l needs at least one model file');
  });

  it('keeps -l taking files until the next option, --, negative values and - as a value', () => {
    expect(parseCompareArgs(['-l', 'm1', 'm2', '-t', '3', 'a', 'b'])).toMatchObject({ models: ['m1', 'm2'], tolerance: 3, results: ['a', 'b'] });
    // as argparse: negative numbers, '-' and words with a space are values, for nargs='+' too
    expect(parseCompareArgs(['-l', 'm1', '-1', '-', '--', 'a', 'b'])).toMatchObject({ models: ['m1', '-1', '-'], results: ['a', 'b'] });
    expect(parseCompareArgs(['--log', '-x y', 'a', 'b'])).toMatchObject({ log: '-x y', results: ['a', 'b'] });
    expect(parseCompareArgs(['--', '-t5', '--tol'])).toMatchObject({ results: ['-t5', '--tol'], tolerance: 5, toleranceGiven: false });
    expect(usageError(() => parseCompareArgs(['-t', '-1', 'a'])).message).toBe("-t must be a non-negative number (percent), got '-1'");
    expect(parseCompareArgs(['--json', '-', '-', 'b'])).toMatchObject({ json: '-', results: ['-', 'b'] });
  });
});

describe('diff-perf options', () => {
  it.each([
    [['--flatten-coefficient=2', 'a', 'b', 'c'], { flatten: 2, positionals: ['a', 'b', 'c'] }],
    [['--flat', '0.5', 'a'], { flatten: 0.5 }],
    [['--f=3', 'a'], { flatten: 3 }],
    [['--json=-', 'a'], { json: '-' }],
    [['--js', 'out.json', 'a'], { json: 'out.json' }],
    [['--comp=runperf', 'a'], { compat: true }],
    [['--gr', 'g1', 'g2', '-g', 'g3', '--', 'a'], { groups: [['g1', 'g2'], ['g3']], positionals: ['a'] }],
    [['--group=g1', 'a', 'b'], { groups: [['g1']], positionals: ['a', 'b'] }],
    [['-ga', 'b'], { groups: [['a']], positionals: ['b'] }],
    [['-vv', '--verb', 'a'], { verbose: 3 }],
  ])('%j', (argv, expected) => {
    expect(parseDiffArgs(argv)).toMatchObject(expected);
  });

  it.each(['Infinity', '-Infinity', 'NaN', '0', '-1', 'x', '1e999'])('--flatten-coefficient %s is a usage error (a finite positive number)', (value) => {
    // '-Infinity' would read as an option (as in argparse): attach it
    const e = usageError(() => parseDiffArgs([...(value.startsWith('-I') ? [`--flatten-coefficient=${value}`] : ['--flatten-coefficient', value]), 'a', 'b', 'c']));
    expect(e.message).toBe(`--flatten-coefficient must be a finite positive number, got '${value}'`);
    expect(e.hint).toBeTruthy();
  });

  it('an ambiguous prefix lists the candidates; --ver is ambiguous because diff-perf also has --version', () => {
    expect(usageError(() => parseDiffArgs(['--ver', 'a'])).message).toBe('ambiguous option: --ver could match --verbose, --version');
  });

  it('--json=- writes the JSON to stdout like --json -', async () => {
    const argv = ['1_base/result_20200726_080654', '9_bad/result_20200726_091827', '1_base/result_20200726_080654'];
    const io = memoryIo(['--json=-', ...argv], COMPAT_RESULTS);
    expect(await diffPerfCommand(io)).toBe(1);
    expect(io.err()).toBe('');
    expect((JSON.parse(io.out()) as { winner: number }).winner).toBe(1);
    const prefixed = memoryIo(['--flat=1', '--js', '-', ...argv], COMPAT_RESULTS);
    expect(await diffPerfCommand(prefixed)).toBe(1);
    expect(prefixed.out()).toBe(io.out());
  });

  it('--version prints the version, as its help says', async () => {
    const io = memoryIo(['--version'], COMPAT_RESULTS);
    expect(await diffPerfCommand(io)).toBe(0);
    expect(io.out()).toMatch(/^diff-perf \(perfgate\) \d+\.\d+\.\d+/);
  });
});

describe('--help as argparse has it: it ends the command line', () => {
  it('shows the help despite unknown options before or after it, or bad values after it', () => {
    for (const argv of [['-h', '--bogus'], ['--bogus', '-h'], ['-h', '-t', 'x'], ['-x', '--help', 'a']]) {
      expect(parseCompareArgs(argv)).toMatchObject({ help: true });
      expect(parseDiffArgs(argv)).toMatchObject({ help: true });
    }
  });

  it('still fails on a bad value before it, a missing value, or an ambiguous prefix (argparse errors there at once)', () => {
    expect(usageError(() => parseCompareArgs(['-t', 'x', '-h'])).message).toMatch(/-t must be .*got 'x'/);
    expect(usageError(() => parseCompareArgs(['--ver', '-h'])).message).toMatch(/ambiguous option: --ver/);
    expect(usageError(() => parseCompareArgs(['--bogus', 'a', 'b'])).message).toBe('unknown option --bogus');
    expect(usageError(() => parseCompareArgs(['--bogus', '--also-bogus'])).message).toBe('unknown option --bogus');
  });
});

describe('negative numbers as argparse reads them', () => {
  it('are positionals (results named -1) and values, but -1x is an unknown option', () => {
    expect(parseCompareArgs(['-1', '-.5'])).toMatchObject({ results: ['-1', '-.5'] });
    // -2.5 is -t's value (then refused as negative), not an option
    expect(usageError(() => parseCompareArgs(['-t', '-2.5', 'a', 'b'])).message).toBe("-t must be a non-negative number (percent), got '-2.5'");
    expect(usageError(() => parseCompareArgs(['-t', '-1x', 'a'])).message).toBe('-t needs a value');
  });
});
