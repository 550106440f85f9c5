// strip-run-perf keeps everything compare-perf needs: every C case gives the same verdicts on stripped trees (both modes).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseResultSpec } from '../../src/result/read-tree.js';
import { stripRunPerf } from '../../src/strip/strip.js';
import { COMPAT_EXPECTED, COMPAT_RESULTS } from '../support/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'perfgate-strip-verdicts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Cases that compare real trees (C11 needs empty dirs, C13 is a usage error). */
const cases = readdirSync(COMPAT_EXPECTED)
  .filter((c) => /^C\d+$/.test(c) && c !== 'C11' && c !== 'C13')
  .sort();

/** Split a case's argv into options and result specs (everything after `--`). */
function caseArgv(c: string): { options: string[]; results: string[] } {
  const argv = readFileSync(join(COMPAT_EXPECTED, c, 'cmd'), 'utf8').trim().split(/\s+/).slice(1);
  const sep = argv.indexOf('--');
  return { options: argv.slice(0, sep).filter((a, i, all) => a !== '--xunit' && all[i - 1] !== '--xunit'), results: argv.slice(sep + 1) };
}

/** Verdict of every check of every build (id → verdict/status), plus the exit code. */
async function verdicts(argv: string[]) {
  const io = memoryIo(['--json', '-', ...argv], COMPAT_RESULTS);
  const code = await comparePerfCommand(io);
  const report = JSON.parse(io.out()) as { builds: { results: { id: string; verdict: string; status: number; score: number }[] }[] };
  return { code, builds: report.builds.map((b) => b.results.map((r) => `${r.id} ${r.verdict} ${r.status} ${r.score.toFixed(9)}`)) };
}

describe('compare-perf gives identical verdicts on trees stripped by strip-run-perf', () => {
  it.each(cases)('%s', async (c) => {
    const { options, results } = caseArgv(c);
    const incorrect = options.includes('--include-incorrect-results');
    const stripped = results.map((spec, i) => {
      const { name, path } = parseResultSpec(spec, COMPAT_RESULTS);
      const out = join(tmp, c, String(i));
      const summary = stripRunPerf(path, out, { includeIncorrect: incorrect });
      expect(summary.bytesAfter).toBeLessThan(summary.bytesBefore);
      return `${name}:${out}`;
    });
    for (const mode of [['--compat', 'runperf'], []]) {
      const original = await verdicts([...mode, ...options, '--', ...results]);
      const onStripped = await verdicts([...mode, ...options, '--', ...stripped]);
      expect(onStripped.code).toBe(original.code);
      expect(onStripped.builds).toEqual(original.builds);
      expect(original.builds.at(-1)?.length).toBeGreaterThan(0);
    }
  });
});
