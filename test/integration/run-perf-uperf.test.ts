// run-perf's uperf test is registered like the other built-ins: its plan in --dry-run, and a clear recorded error where uperf is missing.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';

async function runPerf(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

const onPath = (bin: string) => (process.env['PATH'] ?? '').split(':').some((d) => d !== '' && existsSync(join(d, bin)));

describe('run-perf uperf', () => {
  it('plans uperf iterations with --dry-run (the test is registered)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-uperf-'));
    const r = await runPerf(['--dry-run', '--', 'uperf:{"test-types":"stream,rr","message-sizes":"64,1024","runtime":2,"samples":1}'], cwd);
    expect(r.code).toBe(0);
    expect(r.out + r.err).toContain('Localhost/uperf');
    expect(r.out + r.err).toMatch(/tcp_rr-1024B-1i/);
  });

  it.skipIf(onPath('uperf'))('records a missing uperf binary as a failed test naming it, and exits 4', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-uperf-'));
    const r = await runPerf(['--retry-tests', '1', '--output', 'out', '--', 'uperf:{"runtime":1,"samples":1,"message-sizes":"64"}'], cwd);
    expect(r.code).toBe(4);
    const exception = readFileSync(join(cwd, 'out/Localhost/uperf/0/__error0__/exception'), 'utf8');
    expect(exception).toMatch(/uperf is not installed/);
  });
});
