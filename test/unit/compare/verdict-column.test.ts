// The references' verdict-only columns equal the full judge's results: same entries, verdicts, statuses and counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePerf, decisionInputs } from '../../../src/compare/compare.js';
import { createMethod, DEFAULT_METHOD_OPTIONS, type MethodOptions } from '../../../src/compare/methods/index.js';
import { loadModels } from '../../../src/compare/models.js';
import { policyOf, tableResults } from '../../../src/compare/reporters/html/payload.js';
import { renderRunperfLog } from '../../../src/compare/reporters/runperf-log.js';
import { columnOfResults, countColumn, countResults, referenceColumns, verdictColumnOf } from '../../../src/compare/reporters/html/reference-columns.js';
import type { FailurePolicy } from '../../../src/compare/summary.js';
import { RunperfStatus, VERDICT_ABSENT, VERDICTS, VerdictFlag, type BuildInfo, type CheckResult, type ComparisonReport, type VerdictColumn } from '../../../src/compare/types.js';
import { createRng } from '../../../src/analyze/stats/prng.js';
import { readResultTree } from '../../../src/result/read-tree.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';
import { fioIteration, writeTree } from './tree-builder.js';

const tmp = mkdtempSync(join(tmpdir(), 'perfgate-verdict-column-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = '1_base/result_20200726_080654';
const HISTORY = [BASE, '1_base/result_20200726_091827', '1_base/result_20200726_092842', '1_base/result_20200726_112748', '3_kernel_and_less_cpus/result_20200726_125851', '2_kernel_update/result_20200726_114437'];
const BAD = ['1_base/result_20200726_091827', '9_bad/result_two_bad', '9_bad/result_20200726_091827', '9_bad/result_three_bad', '9_bad/result_20200726_114437'];

interface Case {
  name: string;
  results: readonly string[];
  method: string;
  compat?: boolean;
  models?: readonly string[];
  options?: Partial<MethodOptions>;
  includeIncorrect?: boolean;
  cwd?: string;
}

/** A column's entries (the ids whose code is not absent), in order: what the results it stands for hold. */
function entriesOf(column: VerdictColumn): { id: string; verdict: string; status: number; flags: number }[] {
  const out: { id: string; verdict: string; status: number; flags: number }[] = [];
  column.ids.forEach((id, i) => {
    const code = column.codes[i] as number;
    if (code !== VERDICT_ABSENT) out.push({ id, verdict: VERDICTS[code] as string, status: column.statuses[i] as number, flags: column.flags[i] as number });
  });
  return out;
}

/** The entries a list of results holds, read field by field. */
function entriesOfResults(results: readonly CheckResult[]): ReturnType<typeof entriesOf> {
  return results.map((r) => ({ id: r.id, verdict: r.verdict, status: r.status, flags: (r.primary ? VerdictFlag.PRIMARY : 0) | (r.grouped ? VerdictFlag.GROUPED : 0) }));
}

const POLICIES: readonly FailurePolicy[] = [
  { compat: true, failOnImprovement: false },
  { compat: false, failOnImprovement: false },
  { compat: false, failOnImprovement: true },
];

async function run(c: Case): Promise<{ report: ComparisonReport; eager: CheckResult[][]; methodOptions: MethodOptions }> {
  const cwd = c.cwd ?? COMPAT_RESULTS;
  const models = await loadModels((c.models ?? []).map((m) => join(cwd, m)));
  const methodOptions: MethodOptions = { ...DEFAULT_METHOD_OPTIONS, ...c.options, models };
  const method = createMethod(c.method, methodOptions);
  const mode = c.compat ? 'runperf' : 'perfgate';
  const report = comparePerf({ results: c.results, cwd, method, methodOptions, mode, includeIncorrect: c.includeIncorrect, version: 'test' });
  // the full judge, every build in one pass (the engine's path before verdict columns)
  const read = { includeIncorrect: c.includeIncorrect ?? false };
  const trees = c.results.map((spec, i) => readResultTree(spec, cwd, i === 0 ? {} : read));
  const inputs = decisionInputs({ source: trees[0] as never, references: trees.slice(1, -1), destination: trees.at(-1) as never });
  const eager = createMethod(c.method, methodOptions).decideBuilds?.(inputs) ?? [];
  return { report, eager, methodOptions };
}

const linear = ['1_base/linear_model.json'];
const both = ['1_base/linear_model.json', '1_base/stddev_model.json'];
const modifiers = { modelBuildsAverage: 1, nOutOfResults: 1 };

function synthetic(): string {
  const dir = join(tmp, 'synthetic');
  const its = (shift: number, skip: string[] = [], extra: string[] = []) =>
    ['0001-a', '0002-b', '0003-c', '0004-d', ...extra]
      .filter((i) => !skip.includes(i))
      .flatMap((i, k) => [fioIteration(i, 1000 * (1 + k) * (1 + shift), 5 * (1 - shift), { profile: 'P1' }), fioIteration(i, 900 * (1 + k) * (1 - shift), 6, { profile: 'P2', primary: 'clat' })]);
  writeTree(join(dir, 'src'), its(0, ['0004-d']));
  writeTree(join(dir, 'r1'), its(0.08, ['0002-b']));
  writeTree(join(dir, 'r2'), its(-0.04, [], ['0005-e']));
  writeTree(join(dir, 'r3'), its(0.03, ['0001-a', '0003-c']));
  writeTree(join(dir, 'dst'), its(-0.09));
  return dir;
}

const CASES: Case[] = [
  { name: 'compat runperf, two models', results: HISTORY, method: 'runperf', compat: true, models: both, options: { tolerance: 5, stddevTolerance: 10 } },
  { name: 'compat runperf, modifiers', results: HISTORY, method: 'runperf', compat: true, models: linear, options: { ...modifiers, tolerance: 5, stddevTolerance: 10 } },
  { name: 'compat runperf, n_of only with N=1', results: HISTORY, method: 'runperf', compat: true, options: { nOutOfResults: 2, nOutOfResultsN: 1 } },
  { name: 'compat runperf, broken results', results: BAD, method: 'runperf', compat: true, includeIncorrect: true },
  { name: 'tolerance, models and modifiers', results: HISTORY, method: 'tolerance', models: both, options: modifiers },
  { name: 'tolerance, fail on improvement, broken results', results: BAD, method: 'tolerance', includeIncorrect: true, options: { failOnImprovement: true, modelBuildsAverage: 2 } },
  { name: 'robust (default), a model', results: HISTORY, method: 'robust', models: linear },
  { name: 'robust, modifiers', results: HISTORY, method: 'robust', options: modifiers },
  { name: 'robust, broken results', results: BAD, method: 'robust', includeIncorrect: true },
];

describe('reference verdict columns', () => {
  const seen = { grouped: 0, errors: 0, missing: 0 };
  const check = async (c: Case) => {
    const { report, eager } = await run(c);
    const refs = report.builds.filter((b) => b.role === 'reference');
    expect(refs.length).toBeGreaterThan(0);
    expect(eager.length).toBe(refs.length + 1);
    refs.forEach((b, j) => {
      expect(b.verdictColumn).toBeTypeOf('function');
      const column = verdictColumnOf(b);
      const full = entriesOfResults(eager[j] ?? []);
      expect(entriesOf(column)).toEqual(full);
      expect(entriesOfResults(b.results)).toEqual(full);
      expect(entriesOf(columnOfResults(b.results))).toEqual(full);
      if (j > 0) expect(column.ids).toBe(verdictColumnOf(refs[0] as BuildInfo).ids);
      for (const policy of POLICIES) expect(countColumn(column, policy)).toEqual(countResults(eager[j] ?? [], policy));
      seen.grouped += full.filter((e) => e.flags & VerdictFlag.GROUPED).length;
      seen.errors += full.filter((e) => e.verdict === 'error').length;
      seen.missing += (eager[j] ?? []).filter((r) => r.dst === undefined && !r.grouped).length;
    });
    // the HTML columns (rows mapped once per shared ids array) equal those read from plain results
    const rowIds = tableResults(report, false).map((r) => r.id);
    const plain: ComparisonReport = { ...report, builds: report.builds.map((b) => ({ ...b })) };
    expect(plain.builds.some((b) => b.verdictColumn)).toBe(false);
    const fast = referenceColumns(report, rowIds, policyOf(report));
    const slow = referenceColumns(plain, rowIds, policyOf(report));
    expect(fast.counts).toEqual(slow.counts);
    rowIds.forEach((_, i) => expect(fast.verdicts(i)).toBe(slow.verdicts(i)));
    // run-perf's log skips the references without a failing status, and logs the same lines
    for (const verbose of [0, 1]) expect(renderRunperfLog(report, verbose)).toBe(renderRunperfLog(plain, verbose));
    // the destination is decided as before (the modifiers are fed by the verdict-only passes)
    const dst = JSON.parse(JSON.stringify(report.builds.at(-1)?.results));
    if (c.method !== 'robust') expect(dst).toEqual(JSON.parse(JSON.stringify(eager.at(-1))));
    // never serialized
    expect(Object.keys(refs[0] ?? {})).not.toContain('verdictColumn');
    expect(JSON.stringify(refs[0])).not.toContain('verdictColumn');
  };
  for (const c of CASES) it(`equal the full judge: ${c.name}`, () => check(c));
  it('equal the full judge with checks missing in references, only in one reference, in both directions', async () => {
    const cwd = synthetic();
    for (const method of ['tolerance', 'runperf', 'robust']) {
      await check({ name: method, results: ['src', 'r1', 'r2', 'r3', 'dst'], method, compat: method === 'runperf', cwd });
      await check({ name: method, results: ['src', 'r1', 'r2', 'r3', 'dst'], method, compat: method === 'runperf', cwd, options: modifiers });
    }
  });
  it('covered grouped checks, errors and missing checks', () => {
    expect(seen.grouped).toBeGreaterThan(0);
    expect(seen.errors).toBeGreaterThan(0);
    expect(seen.missing).toBeGreaterThan(0);
  });
});

describe('countColumn', () => {
  it('equals countResults of the results a random column stands for (every verdict, status and flag mix, absent entries, repeated calls)', () => {
    const rand = createRng(5).next;
    const statuses = Object.values(RunperfStatus);
    for (let t = 0; t < 300; t++) {
      const width = Math.floor(rand() * 400);
      const column: VerdictColumn = { ids: [], codes: new Uint8Array(width), statuses: new Int8Array(width), flags: new Uint8Array(width) };
      const results: CheckResult[] = [];
      // a few kinds per column (as in a real one) or any mix
      const kinds = 1 + Math.floor(rand() * (t % 2 ? 4 : 60));
      const pick = Array.from({ length: kinds }, () => ({ code: Math.floor(rand() * 7), status: statuses[Math.floor(rand() * statuses.length)] as number, flags: Math.floor(rand() * 4) }));
      for (let i = 0; i < width; i++) {
        const k = pick[Math.floor(rand() * kinds)]!;
        column.codes[i] = k.code === 6 ? VERDICT_ABSENT : k.code;
        column.statuses[i] = k.code === 6 ? 0 : k.status;
        column.flags[i] = k.flags;
        if (k.code !== 6) {
          results.push({ id: `c${i}`, verdict: VERDICTS[k.code], status: k.status, primary: (k.flags & VerdictFlag.PRIMARY) !== 0, grouped: (k.flags & VerdictFlag.GROUPED) !== 0 } as CheckResult);
        }
      }
      for (const policy of POLICIES) expect(countColumn(column, policy)).toEqual(countResults(results, policy));
    }
  });

  it('shows a code that is neither a verdict nor absent as missing in the HTML verdict string, never as a NUL', () => {
    const codes = [VERDICTS.length, 4, 200, VERDICT_ABSENT, 0];
    const width = codes.length;
    const column: VerdictColumn = { ids: codes.map((_, i) => `c${i}`), codes: Uint8Array.from(codes), statuses: new Int8Array(width), flags: new Uint8Array(width).fill(VerdictFlag.PRIMARY) };
    const report = { builds: [{ role: 'reference', verdictColumn: () => column }] } as unknown as ComparisonReport;
    const cols = referenceColumns(report, column.ids, POLICIES[0] as FailurePolicy);
    expect(column.ids.map((_, i) => cols.verdicts(i)).join('')).toMatch(/^\.[0-9]\.\.[0-9]$/);
  });

  it('counts a code that is neither a verdict nor absent (a malformed column) in the total only', () => {
    const codes = [VERDICTS.length, 4, 200, VERDICT_ABSENT, 0, VERDICT_ABSENT - 1];
    const width = codes.length;
    const column: VerdictColumn = { ids: codes.map((_, i) => `c${i}`), codes: Uint8Array.from(codes), statuses: new Int8Array(width).fill(RunperfStatus.FAIL_LOSS), flags: new Uint8Array(width).fill(VerdictFlag.PRIMARY) };
    const valid = [4, 0].map((code, i) => ({ id: `v${i}`, verdict: VERDICTS[code], status: RunperfStatus.FAIL_LOSS, primary: true, grouped: false }) as CheckResult);
    for (const policy of POLICIES) {
      const counts = countColumn(column, policy);
      expect(counts).toEqual({ ...countResults(valid, policy), total: 5 });
      // nothing of the malformed entries is left in the counter array for the next column
      expect(countColumn({ ...column, codes: Uint8Array.from(codes, (c) => (c < VERDICTS.length ? c : VERDICT_ABSENT)) }, policy)).toEqual(countResults(valid, policy));
    }
  });
});
