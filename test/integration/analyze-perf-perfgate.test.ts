// analyze-perf --format perfgate and --changes on the real run-perf fixtures, and compare-perf using the perfgate model.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePerfCommand } from '../../src/cli/analyze-perf-command.js';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { COMPAT_RESULTS } from '../support/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'perfgate-pgmodel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const BASE = ['080654', '091827', '092842', '093220', '093657', '112748'].map((t) => `1_base/result_20200726_${t}`);
const KERNEL = '2_kernel_update/result_20200726_114437';

async function run(cmd: 'analyze-perf' | 'compare-perf', argv: string[]) {
  const io = memoryIo(argv, COMPAT_RESULTS);
  const code = await runCommand(cmd, cmd === 'analyze-perf' ? analyzePerfCommand : comparePerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

describe('analyze-perf --format perfgate / --changes', () => {
  it('writes a versioned perfgate model that compare-perf -l uses for a 2-build comparison', async () => {
    const model = join(tmp, 'model.json');
    const a = await run('analyze-perf', ['--format', 'perfgate', '-s', model, ...BASE]);
    expect(a.code).toBe(0);
    const m = JSON.parse(readFileSync(model, 'utf8'));
    expect(m).toMatchObject({ format: 'perfgate-model', version: 1, tool: 'perfgate', builds: BASE });
    const iops = m.checks['Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean'];
    expect(iops).toMatchObject({ kind: 'mean', direction: 'higher', scale: 'log', n: 6 });
    expect(iops.df).toBeGreaterThan(0);
    const c = await run('compare-perf', ['--json', '-', '-l', model, '--', BASE[5]!, KERNEL]);
    const report = JSON.parse(c.out);
    expect(report.method).toBe('robust');
    const r = report.builds[1].results.find((x: { id: string }) => x.id === 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    // SRC alone is a shorter history than the model's 6 builds: the model's centre and variance decide
    expect(r.evidence.join(' ')).toMatch(/model: centre and variance \(\d+ df\) of its last segment of 6 training build\(s\); the given history has 1/);
    expect(typeof r.pValue).toBe('number');
    expect(r.changeCi).toHaveLength(2);
    // ... so SRC DST with the model agrees with the same six builds given as references
    const refs = await run('compare-perf', ['--json', '-', '--', ...BASE, KERNEL]);
    const viaRefs = JSON.parse(refs.out).builds.at(-1).results.find((x: { id: string }) => x.id === 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    expect(r.verdict).toBe(viaRefs.verdict);
    expect(Math.abs(r.change - viaRefs.change)).toBeLessThan(1);
    // a history at least as long as the model's segment keeps its own centre; the model was trained on these same
    // builds, so its variance is not pooled in (that would count them twice): the check's own df stay the history's
    const long = await run('compare-perf', ['--json', '-', '-l', model, '--', ...BASE, KERNEL]);
    const rl = JSON.parse(long.out).builds.at(-1).results.find((x: { id: string }) => x.id === 'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    expect(rl.evidence.join(' ')).toMatch(/model: not used for the variance \(\d+ df ≤ the history's \d+/);
    expect(rl.evidence.join(' ')).not.toMatch(/df of variance from/);
    expect(rl.verdict).toBe(viaRefs.verdict);
    // run-perf's scoring has no use for it: a usage error, not a run scored as if no model had been given
    for (const mode of [['--method', 'tolerance'], ['--compat', 'runperf']]) {
      const t = await run('compare-perf', [...mode, '-l', model, '--', BASE[5]!, KERNEL]);
      expect(t.code, mode.join(' ')).toBe(64);
      expect(t.out).toBe('');
      expect(t.err).toBe(
        `compare-perf: error: -l ${model} is a perfgate model (analyze-perf --format perfgate), which ${mode.join(' ')} cannot use\n` +
          '  hint: learn a run-perf model for it (analyze-perf -l/-s without --format perfgate), or drop the option to use the robust method, which reads this one\n',
      );
    }
  });

  it('--changes lists shifts over ordered builds (the kernel update follows six base runs)', async () => {
    const r = await run('analyze-perf', ['--changes', ...BASE, KERNEL, '3_kernel_and_less_cpus/result_20200726_125851', '4_kernel_and_less_cpus_and_different_duration/result_20200726_130256']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^(\d+ change point\(s\)|No change points) over 9 builds/);
  });

  it('rejects an unknown format and -l with --format perfgate', async () => {
    expect((await run('analyze-perf', ['--format', 'xml', '-s', 'x.json', ...BASE])).err).toMatch(/--format must be runperf or perfgate/);
    expect((await run('analyze-perf', ['--format', 'perfgate', '-l', 'x.json', ...BASE])).err).toMatch(/--format perfgate writes one model with -s/);
  });

  it('refuses to write an empty perfgate model from a single build (exit 65, nothing written)', async () => {
    const model = join(tmp, 'one-build.json');
    const r = await run('analyze-perf', ['--format', 'perfgate', '-s', model, BASE[0]!]);
    expect(r.code).toBe(65);
    expect(r.err).toBe(
      'analyze-perf: error: no check has a value in 2 or more of the 1 result(s): a perfgate model learns each check\'s spread from at least 2 builds\n' +
        '  hint: pass the known-good results of several builds of the same tests, e.g. analyze-perf --format perfgate -s model.json good/result_*\n',
    );
    expect(existsSync(model)).toBe(false);
  });

  it('names a perfgate model given where a run-perf model is needed (--rebase-model)', async () => {
    const model = join(tmp, 'pg-for-rebase.json');
    expect((await run('analyze-perf', ['--format', 'perfgate', '-s', model, ...BASE])).code).toBe(0);
    const r = await run('analyze-perf', ['--rebase-model', model, '-s', join(tmp, 'rebased.json'), ...BASE]);
    expect(r.code).toBe(65);
    expect(r.err).toBe(
      `analyze-perf: error: model ${model} is a perfgate model (analyze-perf --format perfgate), not a run-perf model\n` +
        '  hint: pass a model written by analyze-perf -l or -s without --format perfgate\n',
    );
  });
});
