// The console colours: the same escape sequences as picocolors (which they replace) for any nesting, plain when off.
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { paints } from '../../../../src/compare/reporters/ansi.js';
import { createRng } from '../../../../src/analyze/stats/prng.js';

const NAMES = ['bold', 'red', 'green', 'yellow'] as const;

describe('console paints', () => {
  it('write the known sequences', () => {
    const c = paints(true);
    expect(c.red(c.bold('FAIL'))).toBe('\x1b[31m\x1b[1mFAIL\x1b[22m\x1b[39m');
    expect(c.red(`a ${c.green('b')} c`)).toBe('\x1b[31ma \x1b[32mb\x1b[31m c\x1b[39m');
    expect(c.bold('')).toBe('\x1b[1m\x1b[22m');
  });

  it('equal picocolors on 5,000 random nestings and texts', () => {
    const ours = paints(true);
    const theirs = pc.createColors(true);
    const rng = createRng(7);
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
    const build = (depth: number): [string, string] => {
      if (depth === 0 || rng.next() < 0.3) {
        const t = pick(['', 'x', 'FAIL', '2 regressions', '\x1b[39m', '\x1b[22m', 'a\x1b[39mb\x1b[22mc']);
        return [t, t];
      }
      const name = pick(NAMES);
      const parts = Array.from({ length: 1 + rng.int(3) }, () => build(depth - 1));
      return [ours[name](parts.map((p) => p[0]).join(' ')), theirs[name](parts.map((p) => p[1]).join(' '))];
    };
    for (let i = 0; i < 5000; i++) {
      const [a, b] = build(4);
      expect(a).toBe(b);
    }
  });

  it('are the identity when colour is off', () => {
    const c = paints(false);
    for (const name of NAMES) expect(c[name]('a \x1b[39m b')).toBe('a \x1b[39m b');
  });
});
