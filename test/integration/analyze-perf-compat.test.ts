// Every A* case of the run-perf compat fixtures: analyze-perf writes the same model JSON and CSV, byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePerfCommand } from '../../src/cli/analyze-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { COMPAT_EXPECTED, COMPAT_RESULTS } from '../support/fixtures.js';

const REPO = join(import.meta.dirname, '../..');
const cases = readdirSync(COMPAT_EXPECTED).filter((c) => c.startsWith('A'));
const META = new Set(['cmd', 'exit_code', 'stderr']);

function caseArgv(c: string, out: string): string[] {
  const words = readFileSync(join(COMPAT_EXPECTED, c, 'cmd'), 'utf8').trim().split(/\s+/);
  expect(words[0]).toBe('analyze-perf');
  return words.slice(1).map((w) => w.replaceAll('@O@', out));
}
const expectedFiles = (c: string) => readdirSync(join(COMPAT_EXPECTED, c)).filter((f) => !META.has(f));
const expectedExit = (c: string) => Number(readFileSync(join(COMPAT_EXPECTED, c, 'exit_code'), 'utf8').trim());

describe('analyze-perf reproduces run-perf on the compat fixtures', () => {
  it('has the six A cases, each with output files to compare', () => {
    expect(cases).toEqual(['A01', 'A02', 'A03', 'A04', 'A05', 'A06']);
    for (const c of cases) expect(expectedFiles(c).length).toBeGreaterThan(0);
  });

  it.each(cases)('%s writes byte-identical models and CSV (in-process)', async (c) => {
    const out = mkdtempSync(join(tmpdir(), `perfgate-${c}-`));
    const io = memoryIo(caseArgv(c, out), COMPAT_RESULTS);
    expect(await analyzePerfCommand(io)).toBe(expectedExit(c));
    expect(io.err()).toBe(readFileSync(join(COMPAT_EXPECTED, c, 'stderr'), 'utf8'));
    expect(io.out()).toBe('');
    const written = readdirSync(out).sort();
    expect(written).toEqual(expectedFiles(c).sort());
    for (const f of expectedFiles(c)) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(COMPAT_EXPECTED, c, f))), `${c}/${f}`).toBe(true);
    }
  });

  it('A01 through the real binary: same bytes, exit 0, nothing on stdout', () => {
    const out = mkdtempSync(join(tmpdir(), 'perfgate-A01-bin-'));
    // the source through tsx (a dist/ left over from an older build could be stale)
    const bin = ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/analyze-perf.ts')];
    const r = spawnSync(process.execPath, [...bin, ...caseArgv('A01', out)], { cwd: COMPAT_RESULTS, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    for (const f of expectedFiles('A01')) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(COMPAT_EXPECTED, 'A01', f), 'utf8'));
  });
});
