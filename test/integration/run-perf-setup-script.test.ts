// run-perf --host-setup-script end to end: runs on every host before the profiles, its output is kept, failures name host and exit code.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { readResultTree } from '../../src/result/read-tree.js';

async function runPerf(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

describe('run-perf --host-setup-script', () => {
  it('runs the script on every host before the tests, keeping its output in __sessions__/<host>', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-setup-'));
    const marker = join(cwd, 'prepared');
    writeFileSync(join(cwd, 'setup.sh'), `echo "preparing $(hostname)"\necho setup-ran >> '${marker}'\necho to-stderr >&2\n`);
    // The test fails unless the setup already ran on both hosts (two lines in the marker file).
    const test = `command:${JSON.stringify({ command: ['sh', '-c', `test "$(wc -l < '${marker}')" -eq 2 && echo '{"ready": 1}'`], samples: 1 })}`;
    const r = await runPerf(['--output', 'out', '--hosts', 'one:127.0.0.1', 'two:127.0.0.2', '--retry-tests', '1', '--host-setup-script', 'setup.sh', '--', test], cwd);
    expect(r.err).toContain('command@Localhost done');
    expect(r.code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('setup-ran\nsetup-ran\n');
    for (const host of ['one', 'two']) {
      const session = readFileSync(join(cwd, 'out/__sessions__', host), 'utf8');
      const stage = session.indexOf('# host setup script\n');
      expect(stage).toBeGreaterThan(-1);
      expect(session).toMatch(/^# {3}out\| preparing \S+$/m);
      // sh -x traces each command on stderr; the script's own stderr is kept too
      expect(session).toContain("#   err| + echo setup-ran\n");
      expect(session).toContain('#   err| to-stderr\n');
      expect(session.indexOf('# test command@Localhost')).toBeGreaterThan(stage);
    }
    // The script itself is recorded in RUNPERF_METADATA by its hash, not its text.
    expect(readFileSync(join(cwd, 'out/RUNPERF_METADATA'), 'utf8')).toMatch(/--host-setup-script sha1:[0-9a-f]{6}/);
  });

  it('reports a failing script with the host name and exit code, records __error0__ and runs no test (exit 69)', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-setup-'));
    writeFileSync(join(cwd, 'setup.sh'), 'echo "installing fio"\necho "E: Unable to locate package fio" >&2\nexit 7\n');
    const ran = join(cwd, 'test-ran');
    const test = `command:${JSON.stringify({ command: ['touch', ran], samples: 1 })}`;
    const r = await runPerf(['--output', 'out', '--hosts', 'box:127.0.0.1', '--host-setup-script', 'setup.sh', '--', test], cwd);
    expect(r.code).toBe(69);
    expect(r.err).toContain('run-perf: error: --host-setup-script failed on box (exit 7)');
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace for a user-facing failure
    expect(existsSync(ran)).toBe(false);
    const root = join(cwd, 'out');
    expect(readdirSync(root)).not.toContain('Localhost');
    expect(readFileSync(join(root, '__error0__/exception'), 'utf8')).toBe('--host-setup-script failed on box (exit 7)');
    const details = readFileSync(join(root, '__error0__/details'), 'utf8');
    expect(details).toContain('host: box (127.0.0.1)');
    expect(details).toContain('installing fio');
    expect(details).toContain('E: Unable to locate package fio');
    expect(readFileSync(join(root, '__sessions__/box'), 'utf8')).toContain('#   err| E: Unable to locate package fio\n');
    // compare-perf and friends see the failure as a root-level error check
    const tree = readResultTree('out', cwd);
    expect(tree.checks.map((c) => c.id)).toContain('*/*/*:./ERROR/ERROR/ERROR.error');
  });
});
