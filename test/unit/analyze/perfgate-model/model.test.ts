// perfgate model: built from ordered builds (centre after a step, outlier, pooled family), written and read back, bad files rejected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPerfgateModel } from '../../../../src/analyze/perfgate-model/build.js';
import { loadPerfgateModel, writePerfgateModel } from '../../../../src/analyze/perfgate-model/model-file.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { InputError } from '../../../../src/errors.js';
import { DEFAULT_METHOD_OPTIONS } from '../../../../src/compare/methods/options.js';
import { createRobustMethod } from '../../../../src/compare/methods/robust.js';
import type { ResultTree } from '../../../../src/result/types.js';
import { tree } from './trees.js';

const dir = mkdtempSync(join(tmpdir(), 'perfgate-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 12 builds of 4 like metrics at CV 1 %; `read-a` steps −10 % from build 8; `read-b` has a −30 % outlier at build 3. */
function history(): ResultTree[] {
  const rng = createRng(3);
  return Array.from({ length: 12 }, (_, b) =>
    tree(`b${b}`, {
      'read-a': 1000 * (b >= 8 ? 0.9 : 1) * (1 + 0.01 * rng.normal()),
      'read-b': 2000 * (b === 3 ? 0.7 : 1) * (1 + 0.01 * rng.normal()),
      'read-c': 3000 * (1 + 0.01 * rng.normal()),
      'read-d': 4000 * (1 + 0.01 * rng.normal()),
    }),
  );
}

describe('perfgate model', () => {
  const model = buildPerfgateModel(history(), { now: new Date('2026-12-01T00:00:00Z') });
  const id = (it: string) => `P/fio/0000:./${it}/throughput/iops_sec.mean`;

  it('keeps the segment after a step, leaves an outlier out, pools the family', () => {
    const a = model.checks[id('read-a')]!;
    expect(a.changePoints).toHaveLength(1);
    expect(a.changePoints[0]).toMatchObject({ build: 'b8', index: 8 });
    expect(a.changePoints[0]!.change).toBeLessThan(-7);
    expect(a.segmentLength).toBe(4);
    expect(Math.exp(a.center)).toBeGreaterThan(880);
    expect(Math.exp(a.center)).toBeLessThan(920);
    expect(Math.sqrt(a.s2)).toBeLessThan(0.02); // the step does not inflate the spread
    const b = model.checks[id('read-b')]!;
    expect(b.outlier).toBe('b3');
    expect(b.changePoints).toEqual([]);
    expect(Math.sqrt(b.s2)).toBeLessThan(0.02);
    const fam = model.families['P/fio/0000:throughput/iops_sec.mean']!;
    expect(fam.members).toBe(4);
    expect(fam.df).toBe(11 + 10 + 11 + 10); // 12 builds − segments per check, − 1 outlier for read-b
    expect(model.builds).toHaveLength(12);
  });

  it('round-trips through a file and is used by the robust method (2-build comparison gains variance df)', () => {
    const path = join(dir, 'model.json');
    writePerfgateModel(path, model);
    const back = loadPerfgateModel(path);
    expect(back).toEqual(model);
    const last = history()[11]!;
    const src = last.checks.find((c) => c.id === id('read-c'))!;
    const dst = { ...src, value: (src.value as number) * 0.93 };
    const [r] = createRobustMethod(DEFAULT_METHOD_OPTIONS, { model: back }).decide([{ id: src.id, src, refs: [], dst }]);
    expect(r!.verdict).toBe('regression');
    // one build of history is shorter than the model's 12-build segment: the model's centre and variance decide
    expect(r!.evidence.join(' ')).toMatch(/model: centre and variance \(11 df\) of its last segment of 12 training build\(s\); the given history has 1/);
    const [plain] = createRobustMethod(DEFAULT_METHOD_OPTIONS).decide([{ id: src.id, src, refs: [], dst }]);
    expect(plain!.evidence).toContain('tolerance only');
  });

  it('with a history as long as the model segment, never pools the model variance with the same builds (no double counting)', () => {
    const builds = history();
    const inputs = (from: number) => {
      const checks = (b: number) => builds[b]!.checks.find((c) => c.id === id('read-a'))!;
      const src = checks(from);
      const refs = Array.from({ length: 11 - from }, (_, k) => checks(from + 1 + k));
      return [{ id: src.id, src, refs, dst: { ...checks(11), value: (checks(11).value as number) * 0.95 } }];
    };
    // The last 6 builds (b6..b11, the step at b8 leaves 4 after it, as in the model): the model's 10 df replace the history's.
    const [short] = createRobustMethod(DEFAULT_METHOD_OPTIONS, { model }).decide(inputs(6));
    expect(short!.evidence.join(' ')).toMatch(/model: variance of 12 training builds \(10 df\) instead of the history's 4 df/);
    // All 12 training builds as the history: the same df, so the model adds nothing and the verdict is the model-free one.
    const [all] = createRobustMethod(DEFAULT_METHOD_OPTIONS, { model }).decide(inputs(0));
    const [none] = createRobustMethod(DEFAULT_METHOD_OPTIONS).decide(inputs(0));
    expect(all!.evidence.join(' ')).toMatch(/model: not used for the variance \(10 df ≤ the history's 10/);
    expect(all!.pValue).toBeCloseTo(none!.pValue!, 12);
    expect(all!.changeCi).toEqual(none!.changeCi);
  });

  it('rejects malformed files with the file and field named', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...model, version: 7 }));
    expect(() => loadPerfgateModel(bad)).toThrow(/bad\.json: version 7 is not supported/);
    writeFileSync(bad, JSON.stringify({ ...model, checks: { x: { ...model.checks[id('read-a')], s2: 'big' } } }));
    expect(() => loadPerfgateModel(bad)).toThrow(/checks\["x"\]\.s2 must be a number/);
    writeFileSync(bad, '{"format": "perfgate-model", ');
    expect(() => loadPerfgateModel(bad)).toThrow(InputError);
    expect(() => loadPerfgateModel(join(dir, 'missing.json'))).toThrow(/cannot read model/);
  });
});
