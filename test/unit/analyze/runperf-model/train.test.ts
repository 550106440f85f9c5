// Model training (min/max and 3-sigma), rebase and whole-model building, on values computed with numpy.
import { describe, expect, it } from 'vitest';
import { buildRunperfModel } from '../../../../src/analyze/runperf-model/build.js';
import { parseRunperfModel, serializeRunperfModel } from '../../../../src/analyze/runperf-model/model-file.js';
import { rebaseCheck, trainCheck } from '../../../../src/analyze/runperf-model/train.js';
import type { TrainingData, TrainingValue } from '../../../../src/analyze/runperf-model/training-data.js';

describe('trainCheck', () => {
  // Reference: the formulas of runperf-spec §3.2/3.3 evaluated with numpy 2.4.6 (np.mean, np.std, np.linalg.solve).
  it.each([
    ['linear', [90, 110], 4, [0.39999999999999986, -39.999999999999986], 100, -10, 10],
    ['linear', [100, 100, 100], 4, [1.0999999999999999, -110], 100, -3.6363636363636402, 3.6363636363636402],
    ['stddev', [90, 110], 4, [0.05797101449275363, -5.797101449275363], 100, -69, 69],
    ['stddev', [250.5], 8, [0.4391217564870256, -109.99999999999993], 250.5, -7.2727272727272725, 7.272727272727285],
    ['linear', [1.5, 2.25, 1.75, 2.0], 4, [10.666666666666664, -19.999999999999996], 1.875, -20, 20],
  ] as const)('%s %j t=%d', (kind, values, t, equation, raw, mmin, mmax) => {
    expect(trainCheck(kind, values, t)).toEqual({ equation, raw, mmin, mmax });
  });
  it('maps the band edges onto -t and +t', () => {
    const e = trainCheck('linear', [90, 110], 4);
    const [a, b] = e?.equation ?? [0, 0];
    expect(a * 110 + b).toBeCloseTo(4, 12);
    expect(a * 90 + b).toBeCloseTo(-4, 12);
  });
  it('leaves out a singular band (all-zero stddevs) and empty data', () => {
    expect(trainCheck('linear', [0, 0, 0], 4)).toBeUndefined();
    expect(trainCheck('stddev', [0], 4)).toBeUndefined();
    expect(trainCheck('linear', [], 4)).toBeUndefined();
  });
  it('rebase keeps the slope and re-centres on the new mean, leaving raw/mmin/mmax (upstream quirk)', () => {
    const old = { equation: [0.5, -50] as const, raw: 100, mmin: -8, mmax: 8 };
    expect(rebaseCheck(old, [110, 130])).toEqual({ equation: [0.5, -60], raw: 100, mmin: -8, mmax: 8 });
  });
});

function data(results: string[], checks: Record<string, (number | string | undefined)[]>): TrainingData {
  const map = new Map<string, { primary: boolean; values: (TrainingValue | undefined)[] }>();
  for (const [id, vals] of Object.entries(checks)) {
    const values = vals.map((v) => (v === undefined ? undefined : { value: v, isInt: typeof v === 'number' && Number.isInteger(v) }));
    map.set(id, { primary: true, values });
  }
  return { results, checks: map };
}

describe('buildRunperfModel', () => {
  const d = data(['r1', 'r2'], {
    'P/t/0:./b/throughput/x.mean': [90, 110],
    'P/t/0:./a/throughput/x.mean': [100, 100],
    'P/t/0:./a/throughput/x.stddev': [0, 0],
    'P/*/*:./ERROR/ERROR/ERROR.error': ['boom', undefined],
  });
  it('trains every numeric check in sorted order and reports what it left out', () => {
    const r = buildRunperfModel(d, { kind: 'linear', tolerance: 4, toleranceIsInt: true });
    expect([...r.model.checks.keys()]).toEqual(['P/t/0:./a/throughput/x.mean', 'P/t/0:./b/throughput/x.mean']);
    expect(r.model.metadata).toEqual({ version: 2, tolerance: 4, toleranceIsInt: true });
    expect(r.skipped.map((s) => s.id).sort()).toEqual(['P/*/*:./ERROR/ERROR/ERROR.error', 'P/t/0:./a/throughput/x.stddev']);
    expect(r.trained).toBe(2);
    expect(buildRunperfModel(d, { kind: 'stddev', tolerance: 8, toleranceIsInt: false }).model.metadata).toEqual({ version: 1, tolerance: 8, toleranceIsInt: false });
  });
  it('rebases known checks, appends new ones at the end and takes the new tolerance', () => {
    const old = parseRunperfModel(
      '{"__metadata__": {"version": 2, "tolerance": 8.0}, "Z/only/old:./x/throughput/y.mean": {"equation": [1, 2], "raw": 3, "mmin": -1, "mmax": 1}, "P/t/0:./b/throughput/x.mean": {"equation": [0.5, -50], "raw": 100, "mmin": -8, "mmax": 8}}',
      'old.json',
    );
    const r = buildRunperfModel(d, { kind: 'linear', tolerance: 4, toleranceIsInt: true, rebase: old });
    expect([...r.model.checks.keys()]).toEqual(['Z/only/old:./x/throughput/y.mean', 'P/t/0:./b/throughput/x.mean', 'P/t/0:./a/throughput/x.mean']);
    expect(r.model.checks.get('P/t/0:./b/throughput/x.mean')?.equation).toEqual([0.5, -50]);
    expect(r.rebased).toBe(1);
    expect(r.trained).toBe(1);
    const text = serializeRunperfModel(r.model);
    expect(text).toContain('"tolerance": 4\n');
    // the untouched old entry keeps its JSON ints
    expect(text).toContain('"Z/only/old:./x/throughput/y.mean": {\n        "equation": [\n            1,\n            2\n        ],\n        "raw": 3,');
    // the rebased entry's new intercept is a float
    expect(text).toContain('"equation": [\n            0.5,\n            -50.0\n        ],\n        "raw": 100,');
  });
  it('keeps the old tolerance when a rebase trains nothing new', () => {
    const old = parseRunperfModel('{"__metadata__": {"version": 2, "tolerance": 8.0}, "P/t/0:./b/throughput/x.mean": {"equation": [0.5, -50], "raw": 100, "mmin": -8, "mmax": 8}, "P/t/0:./a/throughput/x.mean": {"equation": [1, -100], "raw": 100, "mmin": -8, "mmax": 8}}', 'old.json');
    const r = buildRunperfModel(d, { kind: 'linear', tolerance: 4, toleranceIsInt: true, rebase: old });
    expect(serializeRunperfModel(r.model)).toContain('"tolerance": 8.0\n');
  });
});
