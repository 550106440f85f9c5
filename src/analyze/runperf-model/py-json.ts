// Python `json.dumps(value, indent=N)` for LexValue data: bigint = Python int, number = Python float (repr).
import type { LexValue } from '../../result/index.js';
import { pyFloatRepr } from '../py-format.js';

/** Python json's float text: repr, with NaN/Infinity spelled as Python writes them. */
function pyJsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

/** Printable ASCII without `"` and `\\`: written as is (most keys and ids). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Python json string with ensure_ascii=True: everything outside ' '..'~' is escaped (\uXXXX per UTF-16 unit). */
export function pyJsonString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

/**
 * Serialise like Python's `json.dumps(value, indent=indent)` (separators `,` and `: `, no final newline).
 * Object keys are written in insertion order, so callers must build objects in the order they want.
 */
export function pyJsonDumps(value: LexValue, indent = 4): string {
  const parts: string[] = [];
  const write = (v: LexValue, level: number): void => {
    if (v === null) parts.push('null');
    else if (v === true) parts.push('true');
    else if (v === false) parts.push('false');
    else if (typeof v === 'bigint') parts.push(v.toString());
    else if (typeof v === 'number') parts.push(pyJsonFloat(v));
    else if (typeof v === 'string') parts.push(pyJsonString(v));
    else {
      const inner = '\n' + ' '.repeat(indent * (level + 1));
      const outer = '\n' + ' '.repeat(indent * level);
      if (Array.isArray(v)) {
        if (v.length === 0) return void parts.push('[]');
        parts.push('[');
        v.forEach((x, i) => {
          parts.push(i === 0 ? inner : ',' + inner);
          write(x, level + 1);
        });
        parts.push(outer + ']');
      } else {
        const keys = Object.keys(v);
        if (keys.length === 0) return void parts.push('{}');
        parts.push('{');
        keys.forEach((k, i) => {
          parts.push((i === 0 ? inner : ',' + inner) + pyJsonString(k) + ': ');
          write(v[k] as LexValue, level + 1);
        });
        parts.push(outer + '}');
      }
    }
  };
  write(value, 0);
  return parts.join('');
}
