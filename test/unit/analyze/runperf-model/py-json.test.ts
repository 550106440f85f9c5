// Python json.dumps(indent=4) emulation: escaping (ensure_ascii), ints vs floats, empty containers, nesting.
import { describe, expect, it } from 'vitest';
import { pyJsonDumps, pyJsonString } from '../../../../src/analyze/runperf-model/py-json.js';

describe('pyJsonString (ensure_ascii=True)', () => {
  // expected values: python3 -c 'import json; print(json.dumps(s))'
  it.each([
    ['plain', '"plain"'],
    [' !#[]{}~/:', '" !#[]{}~/:"'],
    ['', '""'],
    ['q"b\\s/', '"q\\"b\\\\s/"'],
    ['\n\r\t\b\f\u0001', '"\\n\\r\\t\\b\\f\\u0001"'],
    ['\u007f', '"\\u007f"'],
    ['café', '"caf\\u00e9"'],
    ['\u{1F600}', '"\\ud83d\\ude00"'],
  ])('%j', (s, want) => {
    expect(pyJsonString(s)).toBe(want);
  });
});

describe('pyJsonDumps', () => {
  it('writes ints, floats, NaN/Infinity, null/bools and empty containers as Python does', () => {
    // python3 -c 'import json; print(json.dumps({"i": 3, "f": 3.0, "e": 1e-05, "n": float("nan"), "inf": float("-inf"), "z": None, "t": True, "l": [], "d": {}, "x": [1, [2.5]]}, indent=4))'
    const v = { i: 3n, f: 3, e: 1e-5, n: NaN, inf: -Infinity, z: null, t: true, l: [], d: {}, x: [1n, [2.5]] };
    expect(pyJsonDumps(v)).toBe(
      '{\n    "i": 3,\n    "f": 3.0,\n    "e": 1e-05,\n    "n": NaN,\n    "inf": -Infinity,\n    "z": null,\n    "t": true,\n    "l": [],\n    "d": {},\n    "x": [\n        1,\n        [\n            2.5\n        ]\n    ]\n}',
    );
    expect(pyJsonDumps([1n, 'a'], 2)).toBe('[\n  1,\n  "a"\n]');
  });
});
