// Serializes a LexValue back to JSON, keeping ints as ints and floats in Python repr (`100.0`, `1e-05`).
import { pyFloatRepr } from '../analyze/py-format.js';
import type { LexValue } from '../result/json-lex.js';

/** JSON text of a LexValue in Python's json.dumps style (`, ` and `: ` separators, no indent). */
export function writeJsonLex(v: LexValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return pyFloatRepr(v);
  }
  if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(writeJsonLex).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${writeJsonLex(x)}`)
    .join(', ')}}`;
}
