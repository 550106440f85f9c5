// Every D* case of the run-perf compat fixtures: diff-perf picks the same candidate (exit code) as the Python tool.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPerfCommand } from '../../src/cli/diff-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { COMPAT_DIR } from '../support/fixtures.js';

const COMPAT = COMPAT_DIR;
const cases = readdirSync(join(COMPAT, 'expected')).filter((c) => c.startsWith('D'));

describe('diff-perf reproduces run-perf on the compat fixtures', () => {
  it('has D cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });
  it.each(cases)('%s exits with the same candidate index', async (c) => {
    const argv = readFileSync(join(COMPAT, 'expected', c, 'cmd'), 'utf8').trim().split(/\s+/).slice(1);
    const want = Number(readFileSync(join(COMPAT, 'expected', c, 'exit_code'), 'utf8').trim());
    const io = memoryIo(['--compat', 'runperf', ...argv], join(COMPAT, 'results'));
    expect(await diffPerfCommand(io)).toBe(want);
    expect(io.out()).toContain(`candidate ${want}`);
  });
  it('warns like run-perf when no level resolves (D04)', async () => {
    const argv = readFileSync(join(COMPAT, 'expected', 'D04', 'cmd'), 'utf8').trim().split(/\s+/).slice(1);
    const io = memoryIo(argv, join(COMPAT, 'results'));
    await diffPerfCommand(io);
    expect(io.err()).toBe(readFileSync(join(COMPAT, 'expected', 'D04', 'stderr'), 'utf8'));
  });
});

describe('diff-perf errors', () => {
  it('exits 255 with one line when fewer than two candidates are given', async () => {
    const io = memoryIo(['a', 'b'], COMPAT);
    expect(await diffPerfCommand(io)).toBe(255);
    expect(io.err()).toMatch(/^diff-perf: error: need at least 2 candidates, got 1\n {2}hint: /);
  });
  it('exits 255 naming a missing result', async () => {
    const io = memoryIo(['results/1_base/result_20200726_080654', 'nope1', 'nope2'], COMPAT);
    expect(await diffPerfCommand(io)).toBe(255);
    expect(io.err()).toContain("result 'nope1' does not exist");
    expect(io.err()).not.toContain('    at ');
  });
  it('writes the ranking as JSON', async () => {
    const io = memoryIo(['--json', '-', '1_base/result_20200726_080654', '9_bad/result_20200726_091827', '1_base/result_20200726_080654'], join(COMPAT, 'results'));
    expect(await diffPerfCommand(io)).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.winner).toBe(1);
    expect(report.groups).toHaveLength(2);
    expect(report.groups[1].primary).toBeGreaterThan(report.groups[0].primary);
  });
});
