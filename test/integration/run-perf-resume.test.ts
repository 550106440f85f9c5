// --resume refuses changed test or profile parameters (naming them) and removes the interrupted attempt's tmp folder, never a result.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import type { CliIo } from '../../src/cli/io.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { readResultTree } from '../../src/result/read-tree.js';
import type { PlannedRun } from '../../src/runner/state.js';
import { paramChanges } from '../../src/runner/state.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'perfgate-resume-'));
const OPS = `command:${JSON.stringify({ command: ['echo', '{"ops_sec": 5}'], samples: 1 })}`;
/** Sleeps until the file `go` exists in cwd, `samples` samples. */
const slow = (cwd: string, samples: number) => `command:${JSON.stringify({ command: ['sh', '-c', `test -f '${join(cwd, 'go')}' || sleep 30`], samples, __NAME__: 'slow' })}`;

async function runPerf(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, {});
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

/** Run and interrupt (as SIGINT does) once the slow test has started; exit 130. */
async function interrupted(argv: string[], cwd: string): Promise<number> {
  const ac = new AbortController();
  const io: CliIo = { ...memoryIo(argv, cwd), signal: ac.signal };
  const write = io.stderr.write.bind(io.stderr);
  io.stderr.write = (c: string) => {
    if (c.includes('running slow@Localhost')) setTimeout(() => ac.abort(new Error('SIGINT')), 200);
    return write(c);
  };
  return runCommand('run-perf', runPerfCommand, io);
}

describe('run-perf --resume', () => {
  it('refuses changed test parameters, then resumes the same command line and removes the stale tmp folder', async () => {
    const cwd = tmp();
    expect(await interrupted(['--output', 'r', '--retry-tests', '1', '--', OPS, slow(cwd, 1)], cwd)).toBe(130);
    const slowDir = join(cwd, 'r/Localhost/slow');
    const stale = readdirSync(slowDir).filter((d) => d.startsWith('tmp'));
    expect(stale).toHaveLength(1);
    const finished = readFileSync(join(cwd, 'r/Localhost/command/0000/result.json'), 'utf8');

    const changed = await runPerf(['--output', 'r', '--resume', '--retry-tests', '1', '--', OPS, slow(cwd, 2)], cwd);
    expect(changed.code).toBe(64);
    expect(changed.err).toMatch(/^run-perf: error: --resume: the parameters differ from the run in .*: test Localhost\/slow: samples 1 → 2\n/);
    expect(changed.err).toMatch(/hint: repeat the original command line with --resume, or start a new run with another --output/);
    expect(readdirSync(slowDir)).toEqual(stale); // nothing touched by the refused resume

    writeFileSync(join(cwd, 'go'), '');
    const resumed = await runPerf(['--output', 'r', '--resume', '--retry-tests', '1', '--', OPS, slow(cwd, 1)], cwd);
    expect(resumed.code).toBe(0);
    expect(readdirSync(slowDir)).toEqual(['0000']);
    expect(readdirSync(join(cwd, 'r/Localhost/command'))).toEqual(['0000']);
    expect(readFileSync(join(cwd, 'r/Localhost/command/0000/result.json'), 'utf8')).toBe(finished);
    expect(readResultTree('r', cwd).incomplete).toBe(false);
    const state = JSON.parse(readFileSync(join(cwd, 'r/.perfgate-run.json'), 'utf8')) as { active?: string };
    expect(state.active).toBeUndefined();
  });

  it('key order in the JSON does not count as a change', async () => {
    const cwd = tmp();
    const a = `command:{"samples":1,"command":["sh","-c","test -f '${join(cwd, 'go')}' || sleep 30"],"__NAME__":"slow"}`;
    expect(await interrupted(['--output', 'r', '--retry-tests', '1', '--', a], cwd)).toBe(130);
    writeFileSync(join(cwd, 'go'), '');
    const resumed = await runPerf(['--output', 'r', '--resume', '--retry-tests', '1', '--', slow(cwd, 1)], cwd);
    expect(resumed.code).toBe(0);
    expect(existsSync(join(cwd, 'r/Localhost/slow/0000/result.json'))).toBe(true);
  });

  it('names changed profile options once and every changed test', () => {
    const run = (ti: number, test: Record<string, unknown>, profile: Record<string, unknown>): PlannedRun => ({ key: `0:Niced/${ti}:t${ti}`, profileDir: 'Niced', testDir: `t${ti}`, profile, test });
    const recorded = { '0:Niced/0:t0': { profile: { level: 5 }, test: { runtime: 10 } }, '0:Niced/1:t1': { profile: { level: 5 }, test: { runtime: 10, size: '1M' } } };
    expect(paramChanges(recorded, [run(0, { runtime: 1 }, { level: 3 }), run(1, { runtime: 10 }, { level: 3 })])).toEqual([
      'profile Niced: level 5 → 3',
      'test Niced/t0: runtime 10 → 1',
      'test Niced/t1: size "1M" → unset',
    ]);
    expect(paramChanges(recorded, [run(0, { runtime: 10 }, { level: 5 }), run(1, { size: '1M', runtime: 10 }, { level: 5 })])).toEqual([]);
  });
});
