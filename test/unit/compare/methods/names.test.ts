// The light-weight name list used by compare-perf --help matches the registry.
import { describe, expect, it } from 'vitest';
import { DEFAULT_METHOD, methodNames } from '../../../../src/compare/methods/index.js';
import { BUILTIN_METHOD_NAMES } from '../../../../src/compare/methods/names.js';

describe('built-in method names', () => {
  it('lists exactly the registered methods, sorted, and includes the default', () => {
    expect([...BUILTIN_METHOD_NAMES]).toEqual(methodNames());
    expect(BUILTIN_METHOD_NAMES).toContain(DEFAULT_METHOD);
  });
});
