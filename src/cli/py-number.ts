// Numbers on the command line as Python's float() and int() read them (run-perf's argparse `type=float` / `type=int`).

/** Python's digitpart: digits, single underscores allowed between two digits (`1_000`). */
const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT = new RegExp(String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`, 'i');
const INT = new RegExp(String.raw`^[+-]?${DIGITS}$`);

/** float(text) as Python computes it (surrounding whitespace allowed; `inf`, `nan`, `1_0`), or NaN where Python raises. */
export function pyFloat(text: string): number {
  const t = text.trim();
  if (!FLOAT.test(t)) return Number.NaN;
  const lower = t.toLowerCase().replace(/^[+-]/, '');
  if (lower.startsWith('inf')) return t.startsWith('-') ? -Infinity : Infinity;
  if (lower === 'nan') return Number.NaN;
  return Number(t.replace(/_/g, ''));
}

/** int(text) as Python computes it in base 10, or undefined where Python raises (`5.0`, `0x10`, `1e3`). */
export function pyInt(text: string): number | undefined {
  const t = text.trim();
  return INT.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}
