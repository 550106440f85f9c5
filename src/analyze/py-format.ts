// Python-compatible number formatting (float repr, `%.Nf` with half-even ties), for bit-exact run-perf outputs.

/** Python `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16, integral floats keep `.0`. */
export function pyFloatRepr(x: number): string {
  // Fast path: from 1e-4 up to 1e16 both languages print the shortest round-trip digits in positional
  // notation (JavaScript switches to exponents only below 1e-6 and from 1e21), so they differ only in
  // Python's `.0` on integral values. Exact at the edges: 1e-4 and 1e16 are the doubles where Python's
  // decimal exponent becomes -4 and 16.
  const a = x < 0 ? -x : x;
  if (a >= 1e-4 && a < 1e16) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  return pyFloatReprGeneral(x);
}

/** pyFloatRepr from the exponent form, for every value (exported for the fast path's test). */
export function pyFloatReprGeneral(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant = '', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const e = Number(expText);
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(e);
    return `${sign}${frac}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (e >= digits.length - 1) return `${sign}${digits}${'0'.repeat(e - digits.length + 1)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/** Python `str()` of a JSON number: ints plain (`0`, `-100`), floats as repr (`0.0`, `1e-05`). */
export function pyNumber(x: number, isInt: boolean): string {
  if (isInt && Number.isInteger(x)) return String(x);
  return pyFloatRepr(x);
}

/**
 * Python `'%.<digits>f' % x`: like toFixed, but exact binary ties round half to even
 * (`'%.2f' % 0.125` is `0.12`; JS `toFixed` gives `0.13`).
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toFixed(digits);
  const scaled = Math.abs(x) * 10 ** digits;
  // An exact tie only happens when x*10^d has a fractional part of exactly .5 (checked exactly below).
  const floor = Math.floor(scaled);
  if (scaled - floor !== 0.5 || !isExactTie(Math.abs(x), digits)) return s;
  if (floor % 2 === 0) {
    // toFixed rounded away from zero to an odd last digit; step back to the even neighbour.
    const down = (Math.sign(x) * floor) / 10 ** digits;
    const r = Math.abs(down).toFixed(digits);
    return (x < 0 ? '-' : '') + r;
  }
  return s;
}

/** True when x * 10^digits is exactly k + 0.5 for the binary value of x (checked with BigInt arithmetic). */
function isExactTie(x: number, digits: number): boolean {
  // x = m * 2^e exactly; x*10^d = k + 1/2  <=>  2*m*10^d*2^e is an odd integer.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  let num = 2n * mant * 10n ** BigInt(digits);
  if (e >= 0) num <<= BigInt(e);
  else {
    const den = 1n << BigInt(-e);
    if (num % den !== 0n) return false;
    num /= den;
  }
  return num % 2n === 1n;
}
