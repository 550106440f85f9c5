// run-perf end to end in-process with the command workload: the tree it writes, failures, refusal to overwrite, dry-run, config, resume.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { readResultTree } from '../../src/result/read-tree.js';

const OPS = `command:${JSON.stringify({ command: ['sh', '-c', 'printf "{\\"ops_sec\\": %s}\\n" 100'], samples: 2 })}`;
const FAIL = `command:${JSON.stringify({ command: ['sh', '-c', 'echo broken >&2; exit 3'], samples: 1, __NAME__: 'broken' })}`;

async function runPerf(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const io = memoryIo(argv, cwd, env);
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'perfgate-rp-'));

describe('run-perf (command workload, localhost)', () => {
  it('writes a run-perf tree that the result reader reads back', async () => {
    const cwd = tmp();
    const r = await runPerf(['--output', 'base', '--metadata', 'build=42', 'secret_token=s3cr3t', '--', OPS], cwd);
    expect(r.err).toContain('command@Localhost done: Localhost/command/0000');
    expect(r.code).toBe(0);
    const root = join(cwd, 'base');
    expect(readdirSync(root).sort()).toEqual(['.perfgate-run.json', 'Localhost', 'RUNPERF_METADATA', '__sessions__']);
    const meta = readFileSync(join(root, 'RUNPERF_METADATA'), 'utf8');
    expect(meta).not.toContain('s3cr3t');
    expect(meta).toMatch(/^environment_world:\[\{"general":"Name:localhost\\nDistro:/m);
    const perTest = JSON.parse(readFileSync(join(root, 'Localhost/command/0000/RUNPERF_METADATA.json'), 'utf8')) as Record<string, unknown>;
    expect(perTest).toMatchObject({ profile: 'Localhost', test: 'command', attempt: 0 });
    expect(readFileSync(join(root, '__sessions__/localhost'), 'utf8')).toContain('# test command@Localhost\n');
    const tree = readResultTree('base', cwd);
    expect(tree.incomplete).toBe(false);
    expect(tree.metadata['build']).toBe('42\n');
    const mean = tree.checks.find((c) => c.id === 'Localhost/command/0000:./sh/throughput/ops_sec.mean');
    expect(mean).toMatchObject({ primary: true, value: 100, direction: 'higher' });
    expect(tree.checks.find((c) => c.id === 'Localhost/command/0000:./sh/latency/wall_seconds.mean')?.primary).toBe(false);
  });

  it('runs many parallel copies without Node warning of an abort-listener leak', async () => {
    const cwd = tmp();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const wide = `command:${JSON.stringify({ command: ['sh', '-c', 'printf "{\\"ops_sec\\": %s}\\n" 100'], samples: 1, parallel: 14 })}`;
      const r = await runPerf(['--output', 'wide', '--', wide], cwd);
      expect(r.code, r.err).toBe(0);
      await new Promise((resolveWait) => setTimeout(resolveWait, 50)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('records each failed attempt as __error<N>__, keeps the other tests and exits 4', async () => {
    const cwd = tmp();
    const r = await runPerf(['--output', 'out', '--retry-tests', '2', '--', FAIL, OPS], cwd);
    expect(r.code).toBe(4);
    expect(r.err).toContain('ERROR test broken@Localhost attempt 1 failed');
    const err0 = join(cwd, 'out/Localhost/broken/0/__error0__');
    expect(readdirSync(err0).sort()).toEqual(['details', 'exception', 'log', 'traceback']);
    expect(readFileSync(join(err0, 'exception'), 'utf8')).toBe("test broken@Localhost attempt 0 execution failure: command failed: sh -c 'echo broken >&2; exit 3' exited with code 3: broken");
    expect(readFileSync(join(err0, 'details'), 'utf8')).toContain('--- stderr ---\nbroken\n');
    expect(existsSync(join(cwd, 'out/Localhost/broken/1/__error0__/exception'))).toBe(true);
    const ids = readResultTree('out', cwd).checks.map((c) => c.id);
    expect(ids).toContain('Localhost/broken/0:./ERROR/ERROR/ERROR.error');
    expect(ids).toContain('Localhost/command/0000:./sh/throughput/ops_sec.mean');
  });

  it('never overwrites an existing folder (exit 64) and leaves it untouched', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'keep.txt'), 'x');
    const r = await runPerf(['--output', '.', '--', OPS], cwd);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/^run-perf: error: output folder .* already exists/);
    expect(readdirSync(cwd)).toEqual(['keep.txt']);
  });

  it('prints the expanded plan with --dry-run and creates nothing', async () => {
    const cwd = tmp();
    const sweep = `command:${JSON.stringify({ command: ['true'], parallel: [1, 2, 4], samples: 5, estimate: 2 })}`;
    const r = await runPerf(['--dry-run', '--output', 'plan', '--profiles', 'Localhost', 'Localhost:{"__NAME__":"Again"}', '--', sweep], cwd);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  Again/command: 3 iteration(s), 15 sample(s), ~30s');
    expect(r.out).toContain('    true-parallel4: 5 × ~2s  {"parallel":4}');
    expect(r.out).toContain('total: 2 test run(s), 30 sample(s), estimated 1m00s');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('reports unknown names and bad parameters of all tests at once (exit 78)', async () => {
    const r = await runPerf(['--', 'nosuch', 'command:{"command":"echo"}'], tmp());
    expect(r.code).toBe(78);
    expect(r.err).toContain("tests[0] (nosuch): unknown test 'nosuch' (available tests: command");
    expect(r.err).toContain('tests[1] (command): test \'command\' has invalid parameters: command: must be a non-empty argv array');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('takes tests, metadata and a local plugin from the config file; flags win', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'package.json'), '{"type":"module"}');
    writeFileSync(
      join(cwd, 'plugin.mjs'),
      `export default { name: 'mine', apiVersion: 1, workloads: { hello: () => ({ name: 'hello', plan: () => [{ name: 'hi', params: {}, samples: 1, estimatedSampleSeconds: 0 }],
        run: async () => [{ iteration_name: 'hi', iteration_data: { parameters: { benchmark: [{ primary_metric: 'x' }] }, throughput: { x: [{ client_hostname: 'all', mean: 1, stddevpct: 0 }] } } }] }) } };`,
    );
    writeFileSync(join(cwd, 'perfgate.config.json'), JSON.stringify({ plugins: ['./plugin.mjs'], tests: ['hello'], metadata: { build: 'cfg' }, output: 'from-config' }));
    const r = await runPerf(['--metadata', 'build=flag'], cwd);
    expect(r.code).toBe(0);
    const tree = readResultTree('from-config', cwd);
    expect(tree.metadata['build']).toBe('flag\n');
    expect(tree.checks.map((c) => c.id)).toEqual(['Localhost/hello/0000:./hi/throughput/x.mean', 'Localhost/hello/0000:./hi/throughput/x.stddev']);
  });

  it('continues an interrupted run with --resume, skipping finished tests', async () => {
    const cwd = tmp();
    // slow until the file `go` exists: the resumed run repeats the same command line and finishes at once
    const slow = `command:${JSON.stringify({ command: ['sh', '-c', `test -f '${join(cwd, 'go')}' || sleep 30`], samples: 1, __NAME__: 'slow' })}`;
    const io = { ...memoryIo(['--output', 'r', '--', OPS, slow], cwd), signal: undefined as AbortSignal | undefined };
    const ac = new AbortController();
    io.signal = ac.signal;
    const origWrite = io.stderr.write;
    io.stderr.write = (c: string) => {
      if (c.includes('running slow@Localhost')) setTimeout(() => ac.abort(new Error('SIGINT')), 200);
      return origWrite(c);
    };
    expect(await runCommand('run-perf', runPerfCommand, io)).toBe(130);
    expect(existsSync(join(cwd, 'r/INCOMPLETE'))).toBe(true);
    expect(readResultTree('r', cwd).incomplete).toBe(true);
    expect(readdirSync(join(cwd, 'r/Localhost/slow')).filter((d) => d.startsWith('tmp'))).toHaveLength(1);
    const different = await runPerf(['--output', 'r', '--resume', '--', OPS], cwd);
    expect(different.code).toBe(64);
    expect(different.err).toContain('--resume: the profiles and tests differ');
    // the same command line: the finished test is not run again, the interrupted one is, and its stale tmp folder goes
    writeFileSync(join(cwd, 'go'), '');
    const resumed = await runPerf(['--output', 'r', '--resume', '--', OPS, slow], cwd);
    expect(resumed.code).toBe(0);
    expect(resumed.err).not.toContain('running command@Localhost');
    expect(readdirSync(join(cwd, 'r/Localhost/command'))).toEqual(['0000']);
    expect(readdirSync(join(cwd, 'r/Localhost/slow'))).toEqual(['0000']);
    expect(readResultTree('r', cwd).incomplete).toBe(false);
  });
});
