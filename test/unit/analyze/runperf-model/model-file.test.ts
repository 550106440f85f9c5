// Model files: Python-written models load and re-serialise byte for byte; bad files name the file and JSON path.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import {
  loadRunperfModel,
  parseRunperfModel,
  runperfModelOfJson,
  runperfModelScore,
  serializeRunperfModel,
} from '../../../../src/analyze/runperf-model/model-file.js';
import { loadModels } from '../../../../src/compare/models.js';
import { COMPAT_EXPECTED, COMPAT_RESULTS } from '../../../support/fixtures.js';

const pythonModels: string[] = [];
for (const c of readdirSync(COMPAT_EXPECTED).filter((c) => c.startsWith('A'))) {
  for (const f of readdirSync(join(COMPAT_EXPECTED, c))) if (f.endsWith('.json')) pythonModels.push(join(COMPAT_EXPECTED, c, f));
}
for (const d of ['1_base', '2_kernel_update']) {
  for (const f of readdirSync(join(COMPAT_RESULTS, d))) if (f.endsWith('.json')) pythonModels.push(join(COMPAT_RESULTS, d, f));
}

const tmp = mkdtempSync(join(tmpdir(), 'perfgate-model-'));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('run-perf model files', () => {
  it('finds the Python-written models', () => {
    expect(pythonModels.length).toBeGreaterThanOrEqual(12);
  });

  it.each(pythonModels.map((p) => [p.slice(COMPAT_EXPECTED.length - 20), p]))('%s loads and re-serialises byte for byte', async (_name, p) => {
    const model = await loadRunperfModel(p);
    expect(model.checks.size).toBeGreaterThan(0);
    expect(model.metadata?.version === 1 || model.metadata?.version === 2).toBe(true);
    expect(serializeRunperfModel(model)).toBe(readFileSync(p, 'utf8'));
  });

  it('keeps the default tolerance an int and an explicit one a float', async () => {
    const a01 = await loadRunperfModel(join(COMPAT_EXPECTED, 'A01', 'linear_model.json'));
    const a03 = await loadRunperfModel(join(COMPAT_EXPECTED, 'A03', 'linear_model.json'));
    expect(a01.metadata).toMatchObject({ tolerance: 4, toleranceIsInt: true });
    expect(a03.metadata).toMatchObject({ tolerance: 8, toleranceIsInt: false });
    expect(serializeRunperfModel({ metadata: { version: 2, tolerance: 8, toleranceIsInt: false }, checks: new Map() })).toBe(
      '{\n    "__metadata__": {\n        "version": 2,\n        "tolerance": 8.0\n    }\n}',
    );
  });

  it('writes a new model with Python float repr and key order equation/raw/mmin/mmax', () => {
    const text = serializeRunperfModel({
      metadata: { version: 1, tolerance: 4, toleranceIsInt: true },
      checks: new Map([['P/t/0000:./it/throughput/iops.mean', { equation: [9.998e-5, -100] as const, raw: 1e16, mmin: -4, mmax: 0.5 }]]),
    });
    expect(text).toBe(
      [
        '{',
        '    "__metadata__": {',
        '        "version": 1,',
        '        "tolerance": 4',
        '    },',
        '    "P/t/0000:./it/throughput/iops.mean": {',
        '        "equation": [',
        '            9.998e-05,',
        '            -100.0',
        '        ],',
        '        "raw": 1e+16,',
        '        "mmin": -4.0,',
        '        "mmax": 0.5',
        '    }',
        '}',
      ].join('\n'),
    );
  });

  it('upgrades a legacy {check: [a, b]} model and keeps its ints on rewrite', () => {
    const m = parseRunperfModel('{"A/b/0:./x/throughput/m.mean": [1, -2.5]}', 'legacy.json');
    expect(m.metadata).toBeNull();
    expect(m.checks.get('A/b/0:./x/throughput/m.mean')).toMatchObject({ equation: [1, -2.5], raw: null });
    expect(serializeRunperfModel(m)).toBe('{\n    "A/b/0:./x/throughput/m.mean": {\n        "raw": null,\n        "equation": [\n            1,\n            -2.5\n        ]\n    }\n}');
  });

  it('scores a check as compare-perf does (a*x+b, mraw)', async () => {
    const model = await loadRunperfModel(join(COMPAT_EXPECTED, 'A01', 'linear_model.json'));
    const id = 'Localhost/fio/0000:./read-1024KiB/throughput/iops_sec.mean';
    const e = model.checks.get(id);
    expect(e).toBeDefined();
    const [a, b] = e?.equation ?? [0, 0];
    const s = runperfModelScore(model, id, 6637.5 * 1.02, 6637.5);
    expect(s?.model).toBe(a * 6637.5 * 1.02 + b);
    // at the training average the model scores (close to) zero and mraw is the raw % difference
    expect(Math.abs(runperfModelScore(model, id, 6637.5, 6637.5)?.model ?? 99)).toBeLessThan(1e-9);
    expect(s?.mraw).toBeCloseTo(2, 10);
    expect(s?.raw).toBe(6637.5);
    expect(runperfModelScore(model, 'nope', 1, 1)).toBeUndefined();
    const synthetic = parseRunperfModel('{"p/t/0:./i/throughput/m.stddev": {"equation": [2, -3], "raw": 1.25, "mmin": -1, "mmax": 1}, "p/t/0:./i/throughput/m.mean": {"equation": [1, 0], "raw": 10}}', 's.json');
    expect(runperfModelScore(synthetic, 'p/t/0:./i/throughput/m.stddev', 1.5, 0)).toEqual({ model: 0, mraw: -0.25, raw: 1.25, mmin: -1, mmax: 1 });
    expect(runperfModelScore(synthetic, 'p/t/0:./i/throughput/m.mean', 12, 0)?.mraw).toBe(0);
    expect(runperfModelScore(synthetic, 'p/t/0:./i/throughput/m.mean', 12, 11)?.mraw).toBe(20);
  });

  it.each([
    ['missing file', null, /model .*nope\.json: no such file/],
    ['malformed JSON', '{\n  "a": [1, 2],\n  oops\n}', /malformed JSON: expected a property name at line 3 column 3/],
    ['not an object', '[1, 2]', /: \$: expected an object of checks, got a list of 2/],
    ['bad metadata', '{"__metadata__": {"version": "2", "tolerance": 4}}', /\$\["__metadata__"\]\.version: expected a finite number, got "2"/],
    ['bad equation length', '{"x.mean": {"equation": [1], "raw": 1}}', /\$\["x\.mean"\]\.equation: expected \[a, b\], got a list of 1/],
    ['NaN in equation', '{"x.mean": {"equation": [NaN, 1], "raw": 1}}', /\$\["x\.mean"\]\.equation\[0\]: expected a finite number, got NaN/],
    ['string raw', '{"x.mean": {"equation": [1, 1], "raw": "7"}}', /\$\["x\.mean"\]\.raw: expected a number, got "7"/],
    ['entry is a number', '{"x.mean": 3}', /\$\["x\.mean"\]: expected \{"equation": \[a, b\], \.\.\.\} or \[a, b\], got 3/],
  ])('rejects a %s with an InputError naming file and JSON path', async (_what, text, message) => {
    const p = text === null ? join(tmp, 'nope.json') : file(`${_what.replace(/\W/g, '_')}.json`, text);
    const err = await loadRunperfModel(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).message).toContain(p);
    expect((err as InputError).message).not.toContain('\n');
    expect((err as InputError).hint).toBeTruthy();
  });

  it('reads a JSON.parse value to the same entries as the lexical reader, without lexical forms (compare-perf -l)', () => {
    let compared = 0;
    for (const p of pythonModels) {
      const text = readFileSync(p, 'utf8');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        continue; // Python's NaN/Infinity: loadModels takes the lexical reader
      }
      const lexical = parseRunperfModel(text, p);
      const plain = runperfModelOfJson(data, p);
      expect([...plain.checks.keys()]).toEqual([...lexical.checks.keys()]);
      for (const [id, e] of lexical.checks) {
        const { lexical: _kept, ...values } = e;
        expect(plain.checks.get(id), id).toEqual(values);
      }
      expect(plain.metadata && { version: plain.metadata.version, tolerance: plain.metadata.tolerance }).toEqual(lexical.metadata && { version: lexical.metadata.version, tolerance: lexical.metadata.tolerance });
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('loadModels gives the lexical reader\'s error for a bad model and reads NaN models through it', async () => {
    const bad = file('bad-for-load-models.json', '{"x.mean": {"equation": [1], "raw": 1}}');
    const viaLoad = await loadModels([bad]).catch((e: unknown) => e);
    const viaLexical = await loadRunperfModel(bad).catch((e: unknown) => e);
    expect(viaLoad).toBeInstanceOf(InputError);
    expect((viaLoad as InputError).message).toBe((viaLexical as InputError).message);
    const nan = file('nan-for-load-models.json', '{"x.mean": {"equation": [1, 2], "raw": 1, "mmin": NaN, "mmax": 4}}');
    const [lookup] = await loadModels([nan]);
    expect(lookup?.get('x.mean')).toMatchObject({ equation: [1, 2], raw: 1, mmax: 4 });
    expect(Number.isNaN((lookup?.get('x.mean') as { mmin?: number } | undefined)?.mmin)).toBe(true);
  });
});
