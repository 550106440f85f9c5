// Cartesian sweeps expand list-valued parameters in order, and iteration names carry the varying values.
import { describe, expect, it } from 'vitest';
import { cartesian, sweepSuffix } from '../../../src/plugins/sweep.js';

describe('parameter sweeps', () => {
  it('expands lists into the cartesian product, last key fastest', () => {
    const c = cartesian({ numjobs: [1, 4], bs: ['4k', '64k'], rw: 'read' });
    expect(c.map((x) => x.values)).toEqual([
      { numjobs: 1, bs: '4k', rw: 'read' },
      { numjobs: 1, bs: '64k', rw: 'read' },
      { numjobs: 4, bs: '4k', rw: 'read' },
      { numjobs: 4, bs: '64k', rw: 'read' },
    ]);
    expect(c.map(sweepSuffix)).toEqual(['-numjobs1-bs4k', '-numjobs1-bs64k', '-numjobs4-bs4k', '-numjobs4-bs64k']);
  });

  it('names nothing when nothing varies and sanitises dots', () => {
    expect(cartesian({ a: [1], b: 2 }).map(sweepSuffix)).toEqual(['']);
    expect(sweepSuffix(cartesian({ size: ['1.5g', 'x/y'] })[0]!)).toBe('-size1_5g');
  });
});
