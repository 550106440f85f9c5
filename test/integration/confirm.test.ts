// The confirmation loop end to end: compare-perf --json finds a regression, run-perf --rerun-failed re-runs only
// that test, and compare-perf --confirm decides on the pooled samples.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import type { ComparisonReport } from '../../src/compare/types.js';

/** A command test printing `ops_sec` values drawn from a fixed list (one per sample, via a counter file). */
function opsTest(name: string, values: number[], counter: string): string {
  const script = `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}; set -- ${values.join(' ')}; shift $((n % $#)); printf '{"ops_sec": %s}\\n' "$1"`;
  return `command:${JSON.stringify({ command: ['sh', '-c', script], samples: values.length, __NAME__: name })}`;
}

async function cli(command: typeof runPerfCommand, prog: string, argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, {});
  const code = await runCommand(prog, command, io);
  return { code, out: io.out(), err: io.err() };
}

describe('confirmation loop (compare-perf --json → run-perf --rerun-failed → compare-perf --confirm)', () => {
  it('re-runs only the regressed test and keeps the verdict on the pooled evidence', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-confirm-'));
    const c = (n: string) => join(cwd, n);
    const steady = [1000, 1004, 996, 1002, 998];
    for (const build of ['base', 'ref1', 'ref2']) {
      const r = await cli(runPerfCommand, 'run-perf', ['--output', build, '--', opsTest('fast', steady, c(`${build}.a`)), opsTest('other', steady, c(`${build}.b`))], cwd);
      expect(r.code, r.err).toBe(0);
    }
    const slow = steady.map((v) => v * 0.8);
    const cand = await cli(runPerfCommand, 'run-perf', ['--output', 'cand', '--', opsTest('fast', slow, c('cand.a')), opsTest('other', steady, c('cand.b'))], cwd);
    expect(cand.code, cand.err).toBe(0);

    const first = await cli(comparePerfCommand, 'compare-perf', ['--json', 'report.json', '--', 'base', 'ref1', 'ref2', 'cand'], cwd);
    expect(first.code, first.out + first.err).toBe(2);
    const report = JSON.parse(readFileSync(c('report.json'), 'utf8')) as ComparisonReport;
    const failed = report.builds.at(-1)?.results.filter((r) => r.verdict === 'regression').map((r) => r.test);
    expect(new Set(failed)).toEqual(new Set(['fast']));

    const rerun = await cli(runPerfCommand, 'run-perf', ['--output', 'rerun', '--rerun-failed', 'report.json', '--', opsTest('fast', slow, c('rerun.a')), opsTest('other', steady, c('rerun.b'))], cwd);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.err).toContain('re-running Localhost/fast');
    expect(existsSync(c('rerun/Localhost/fast/0000/result.json'))).toBe(true);
    expect(existsSync(c('rerun/Localhost/other'))).toBe(false);

    const confirmed = await cli(comparePerfCommand, 'compare-perf', ['--confirm', 'rerun', '--json', 'confirmed.json', '--', 'base', 'ref1', 'ref2', 'cand'], cwd);
    expect(confirmed.code, confirmed.out + confirmed.err).toBe(2);
    const after = JSON.parse(readFileSync(c('confirmed.json'), 'utf8')) as ComparisonReport;
    expect(after.warnings[0]).toMatch(/combined with 1 confirmation run/);
    const mean = after.builds.at(-1)?.results.find((r) => r.id === 'Localhost/fast/0000:./sh/throughput/ops_sec.mean');
    expect(mean?.dst).toBeCloseTo(800, 6);
    expect(mean?.verdict).toBe('regression');
  });

  it('--rerun-suspects also re-runs the tests a report marks suspect; without it only failures are re-run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-confirm-'));
    const c = (n: string) => join(cwd, n);
    const results = [
      { profile: 'Localhost', test: 'fast', verdict: 'minor-loss', suspect: true },
      { profile: 'Localhost', test: 'other', verdict: 'pass' },
    ];
    writeFileSync(c('report.json'), JSON.stringify({ tool: 'perfgate', builds: [{ role: 'source', results: [] }, { role: 'destination', results }] }));
    const tests = [opsTest('fast', [1000, 1001], c('a')), opsTest('other', [1000, 1001], c('b'))];
    const plain = await cli(runPerfCommand, 'run-perf', ['--output', 'plain', '--rerun-failed', 'report.json', '--', ...tests], cwd);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err).toMatch(/lists no regressed or failed test of this plan; nothing to re-run/);
    expect(existsSync(c('plain/Localhost'))).toBe(false);
    const screened = await cli(runPerfCommand, 'run-perf', ['--output', 'screened', '--rerun-failed', 'report.json', '--rerun-suspects', '--', ...tests], cwd);
    expect(screened.code, screened.err).toBe(0);
    expect(screened.err).toContain('re-running Localhost/fast');
    expect(existsSync(c('screened/Localhost/fast/0000/result.json'))).toBe(true);
    expect(existsSync(c('screened/Localhost/other'))).toBe(false);
  });

  it('refuses --confirm with --compat runperf (usage error 64)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-confirm-'));
    const r = await cli(runPerfCommand, 'run-perf', ['--output', 'a', '--', opsTest('t', [1, 2], join(cwd, 'n'))], cwd);
    expect(r.code).toBe(0);
    const u = await cli(comparePerfCommand, 'compare-perf', ['--compat', 'runperf', '--confirm', 'a', 'a', 'a'], cwd);
    expect(u.code).toBe(64);
    expect(u.err).toMatch(/--confirm is not part of run-perf/);
  });
});
