// A strict JSON parser that keeps each number's lexical kind: integers come back as bigint, others as number.
// Python's json keeps `0` and `0.0` apart and prints them differently; JSON.parse cannot, so run-perf
// compatible readers and writers use this parser (see ../shared/reference/runperf-spec.md §7).

/** A JSON value where lexical integers are `bigint` and every other number is `number`. */
export type LexValue = null | boolean | bigint | number | string | LexValue[] | { [key: string]: LexValue };

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line} column ${column}`);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
  }
}

/** Parse JSON text; throws JsonSyntaxError with line and column on malformed input. */
export function parseJsonLex(text: string): LexValue {
  let i = 0;
  const n = text.length;

  const fail = (message: string): never => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < i && k < n; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new JsonSyntaxError(message, line, col);
  };

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };

  const str = (): string => {
    // precondition: text[i] === '"'
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            i -= 1;
            fail('bad escape');
        }
        start = i;
        continue;
      }
      if (c < 32) fail('control character in string');
      i++;
    }
  };

  const NUM = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const num = (): bigint | number => {
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) return fail('unexpected character');
    i = NUM.lastIndex;
    if (m[1] === undefined && m[2] === undefined) return BigInt(m[0]);
    return Number(m[0]);
  };

  const lit = (word: string, value: LexValue): LexValue => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    // Python's json writes NaN and Infinity; accept them as numbers so callers can reject them by field.
    return fail('unexpected token');
  };

  const value = (depth: number): LexValue => {
    if (depth > 512) fail('nesting too deep');
    ws();
    if (i >= n) fail('unexpected end of input');
    const c = text[i];
    switch (c) {
      case '{': {
        i++;
        const obj: { [key: string]: LexValue } = {};
        ws();
        if (text[i] === '}') {
          i++;
          return obj;
        }
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a property name');
          const key = str();
          ws();
          if (text[i] !== ':') fail("expected ':'");
          i++;
          obj[key] = value(depth + 1);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            return obj;
          }
          fail("expected ',' or '}'");
        }
      }
      case '[': {
        i++;
        const arr: LexValue[] = [];
        ws();
        if (text[i] === ']') {
          i++;
          return arr;
        }
        for (;;) {
          arr.push(value(depth + 1));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            return arr;
          }
          fail("expected ',' or ']'");
        }
      }
      case '"':
        return str();
      case 't':
        return lit('true', true);
      case 'f':
        return lit('false', false);
      case 'n':
        return lit('null', null);
      case 'N':
        return lit('NaN', NaN);
      case 'I':
        return lit('Infinity', Infinity);
      default:
        if (c === '-' && text.startsWith('-Infinity', i)) return lit('-Infinity', -Infinity);
        return num();
    }
  };

  const v = value(0);
  ws();
  if (i < n) fail('unexpected data after the JSON value');
  return v;
}

/** Convert a LexValue to plain JSON data (bigints become numbers). */
export function toPlain(v: LexValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}
