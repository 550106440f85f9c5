// The history point furthest from a centre (the outlier screen's candidate), over residuals or over values and their centre.

/** Index of the value furthest from 0 (the first of equals). */
export function furthest(xs: readonly number[]): number {
  let worst = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i]!) > Math.abs(xs[worst]!)) worst = i;
  return worst;
}

/**
 * Index of the value furthest from m, |xs[i] − m| (the first of equals): furthest() of the residuals xs[i] − m,
 * the same differences compared in the same order, without an array of them.
 */
export function furthestFrom(xs: readonly number[], m: number): number {
  let worst = 0;
  let far = Math.abs(xs[0]! - m);
  for (let i = 1; i < xs.length; i++) {
    const d = Math.abs(xs[i]! - m);
    if (d > far) {
      worst = i;
      far = d;
    }
  }
  return worst;
}
