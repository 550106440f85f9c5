// The command test's --help example really yields its metric; a last stdout line that looks like JSON but is not is warned about.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';

async function runPerf(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, {});
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'perfgate-rpjson-'));

describe('command test JSON output', () => {
  it('the --help example of the command test records ops_sec', async () => {
    const help = (await runPerf(['--help'], tmp())).out;
    const line = help.split('\n').find((l) => l.includes("'command:"));
    const word = /'(command:[^']+)'/.exec(line ?? '')?.[1];
    expect(word).toBeDefined();
    const cwd = tmp();
    const r = await runPerf(['--output', 'out', '--retry-tests', '1', '--', word as string], cwd);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('not valid JSON');
    const result = JSON.parse(readFileSync(join(cwd, 'out/Localhost/command/0000/result.json'), 'utf8')) as { iteration_data: { throughput?: Record<string, { mean: number }[]> } }[];
    const ops = result[0]?.iteration_data.throughput?.['ops_sec'];
    expect(ops?.at(-1)?.mean).toBe(5);
  });

  it('warns on the console and in the sample folder when the last line starts with { but is not JSON', async () => {
    const cwd = tmp();
    // sh strips the quotes: the command prints {ops_sec: 5}
    const word = `command:${JSON.stringify({ command: ['sh', '-c', 'echo {"ops_sec": 5}'], samples: 2 })}`;
    const r = await runPerf(['--output', 'out', '--retry-tests', '1', '--', word], cwd);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/sample 1 \(localhost-1\): the last stdout line \{ops_sec: 5\} starts with '\{' but is not valid JSON \(.+\)/);
    const iteration = join(cwd, 'out/Localhost/command/0000');
    const [name] = readdirSync(iteration).filter((d) => d.startsWith('sh'));
    for (const s of ['sample1', 'sample2']) {
      expect(readFileSync(join(iteration, name as string, s, 'localhost-1.warning'), 'utf8')).toMatch(/^the last stdout line \{ops_sec: 5\} .*not valid JSON/);
    }
  });

  it('writes no warning for valid JSON or plain text', async () => {
    const cwd = tmp();
    const word = `command:${JSON.stringify({ command: ['printf', 'hello\\n{"ops_sec": 7}\\n'], samples: 1 })}`;
    const r = await runPerf(['--output', 'out', '--retry-tests', '1', '--', word], cwd);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('not valid JSON');
    const iteration = join(cwd, 'out/Localhost/command/0000');
    const [name] = readdirSync(iteration).filter((d) => d.startsWith('printf'));
    expect(existsSync(join(iteration, name as string, 'sample1/localhost-1.warning'))).toBe(false);
  });
});
