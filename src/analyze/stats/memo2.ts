// A bounded memo of a pure two-argument numeric function (exact: the function is pure, so a hit is its value).

/**
 * f memoised by (a, b). A report asks the statistics for a few argument pairs hundreds of times (repeated degrees
 * of freedom and levels); each map holds at most `limit` keys, and a full outer map starts over.
 */
export function memo2(f: (a: number, b: number) => number, limit = 4096): (a: number, b: number) => number {
  const byA = new Map<number, Map<number, number>>();
  return (a, b) => {
    let byB = byA.get(a);
    if (!byB) {
      if (byA.size >= limit) byA.clear();
      byB = new Map();
      byA.set(a, byB);
    }
    let v = byB.get(b);
    if (v === undefined) {
      v = f(a, b);
      if (byB.size < limit) byB.set(b, v);
    }
    return v;
  };
}
