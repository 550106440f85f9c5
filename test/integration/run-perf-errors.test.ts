// run-perf's user errors come as one line with a hint and their documented exit code, before any output folder is made.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';

const OPS = `command:${JSON.stringify({ command: ['echo', '{"ops_sec": 5}'], samples: 1 })}`;

async function runPerf(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, {});
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'perfgate-rperr-'));

/** A user error: one `run-perf: error:` line, a hint, no stack, not an internal error. */
function expectUserError(err: string): void {
  expect(err).toMatch(/^run-perf: error: [^\n]+\n/);
  expect(err).toMatch(/\n {2}hint: \S/);
  expect(err).not.toContain('internal error');
  expect(err).not.toMatch(/\n\s+at /);
}

describe('run-perf user errors', () => {
  it('--output under a file is a usage error naming the path and the OS reason', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'file'), 'x');
    const r = await runPerf(['--output', 'file/sub', '--', OPS], cwd);
    expect(r.code).toBe(64);
    expectUserError(r.err);
    expect(r.err).toContain(`output folder ${join(cwd, 'file/sub')} cannot be created (ENOTDIR`);
    expect(readdirSync(cwd)).toEqual(['file']);
  });

  it("--hosts 'bad:::' is a usage error before anything runs (not an SSH login failure)", async () => {
    const cwd = tmp();
    const r = await runPerf(['--output', 'out', '--hosts', 'bad:::', '--', OPS], cwd);
    expect(r.code).toBe(64);
    expectUserError(r.err);
    expect(r.err).toContain("--hosts 'bad:::': 'bad:::' is neither an IP address nor a host name");
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('run-perf: tests swallowed by a multi-value option', () => {
  it.each([
    [['--dry-run', '--profiles', 'Localhost', OPS], /no tests given\n {2}hint: --profiles takes every following word: put -- before the tests/],
    [['--dry-run', '--profiles', 'Localhost', '--hosts', 'a:root@127.0.0.1', OPS], /no tests given\n {2}hint: --profiles and --hosts take every following word: put -- before the tests/],
    [['--dry-run', '--metadata', 'build=1', OPS], /--metadata 'command:.*' is not KEY=VALUE\n {2}hint: --metadata takes every following word: put -- before the tests/],
  ])('%j says to put -- before the tests (exit 64)', async (argv, message) => {
    const r = await runPerf(argv, tmp());
    expect(r.code).toBe(64);
    expectUserError(r.err);
    expect(r.err).toMatch(message);
  });
});
