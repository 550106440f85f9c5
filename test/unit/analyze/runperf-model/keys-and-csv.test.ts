// Result keys (run-perf's basename, with the clash quirk fixed) and the run-perf CSV layout.
import { describe, expect, it } from 'vitest';
import { renderRunperfCsv } from '../../../../src/analyze/runperf-model/csv.js';
import { assignResultKeys } from '../../../../src/analyze/runperf-model/result-keys.js';
import { comparePy } from '../../../../src/analyze/runperf-model/training-data.js';
import type { TrainingData } from '../../../../src/analyze/runperf-model/training-data.js';

const input = (spec: string, path: string, name?: string) => ({ spec, path, name });

describe('assignResultKeys', () => {
  it('keys unique results by basename, like run-perf', () => {
    const r = assignResultKeys([input('a/result_1', '/x/a/result_1'), input('b/result_2/', '/x/b/result_2')]);
    expect(r.keys.map((k) => k.key)).toEqual(['result_1', 'result_2']);
    expect(r.warnings).toEqual([]);
  });
  it('keeps both results of a basename clash, keyed by the path as given, and warns', () => {
    const r = assignResultKeys([input('a/result_1', '/x/a/result_1'), input('b/result_1/', '/x/b/result_1'), input('c/other', '/x/c/other')]);
    expect(r.keys.map((k) => k.key)).toEqual(['a/result_1', 'b/result_1', 'other']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/2 results share the name 'result_1'.*'a\/result_1', 'b\/result_1'/);
  });
  it('uses an explicit name and makes repeated names unique', () => {
    const r = assignResultKeys([input('n:a/r', '/x/a/r', 'n'), input('n:b/r', '/x/b/r', 'n')]);
    expect(r.keys.map((k) => k.key)).toEqual(['n', 'n#2']);
    expect(r.warnings).toHaveLength(1);
  });
  it('reads the same folder once', () => {
    const r = assignResultKeys([input('a/r', '/x/a/r'), input('./a/r', '/x/a/r')]);
    expect(r.keys.map((k) => k.key)).toEqual(['r']);
    expect(r.warnings[0]).toMatch(/same folder as 'a\/r'; it is counted once/);
  });
});

describe('renderRunperfCsv', () => {
  it('writes sorted names and primary checks, Python number text, error text and -100, with no final newline', () => {
    const d: TrainingData = {
      results: ['r"2', 'r,1'],
      checks: new Map([
        ['b.mean', { primary: true, values: [{ value: 100, isInt: false }, { value: 0, isInt: true }] }],
        ['a.mean', { primary: true, values: [{ value: 1e-5, isInt: false }] }],
        ['c.mean', { primary: false, values: [{ value: 5, isInt: false }] }],
        ['e.error', { primary: true, values: [undefined, { value: 'boom\n', isInt: false }] }],
      ]),
    };
    expect(renderRunperfCsv(d)).toBe('test,"r_2","r_1"\na.mean,1e-05,-100,\nb.mean,100.0,0,\ne.error,-100,boom\n,');
  });
});

describe('comparePy', () => {
  it('orders by code point like Python (astral characters after U+FFFF)', () => {
    expect(['\u{1F600}', '\uFFFF', 'a'].sort(comparePy)).toEqual(['a', '\uFFFF', '\u{1F600}']);
    expect(['ab', 'a', 'b'].sort(comparePy)).toEqual(['a', 'ab', 'b']);
  });
});
