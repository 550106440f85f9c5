// A small seeded pseudo-random generator (mulberry32) with uniform, normal and permutation helpers.

export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state generator with period 2³², adequate for
 * simulation and permutation tests, fully deterministic for a seed. Normals by Box–Muller (Box & Muller 1958).
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Fisher–Yates shuffle in place (Knuth, TAOCP vol. 2, Algorithm P). */
export function shuffleInPlace<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = tmp;
  }
  return xs;
}
