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

/**
 * Parse JSON text; throws JsonSyntaxError with line and column on malformed input.
 * Fast path: the native JSON.parse builds the value and a light scan of the text finds which numbers
 * were written as integers; anything unusual (a syntax error, NaN/Infinity, duplicate keys, keys that
 * look like integers, `__proto__`, deep nesting) goes through the hand-written lexer, which decides.
 */
export function parseJsonLex(text: string): LexValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return parseJsonLexStrict(text);
  }
  const fast = withIntegers(parsed, text);
  return fast === FALLBACK ? parseJsonLexStrict(text) : fast;
}

const FALLBACK = Symbol('fallback');

/**
 * Turn the numbers of a JSON.parse result that the text wrote as integers into bigint, visiting values in
 * document order. Returns FALLBACK when that order may differ from the text's (see parseJsonLex).
 */
function withIntegers(parsed: unknown, text: string): LexValue | typeof FALLBACK {
  // 1. scan the text: integer tokens (start, end) by number ordinal, object keys, nesting depth
  const n = text.length;
  const intAt: number[] = []; // ordinal of each integer number token
  const intSpan: number[] = []; // start, end of each integer token
  let numbers = 0;
  let keys = 0;
  let depth = 0;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // a string: jump to its closing quote (JSON.parse has validated it)
      let j = text.indexOf('"', i + 1);
      for (;;) {
        let b = j - 1;
        while (text.charCodeAt(b) === 92) b--;
        if ((j - 1 - b) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      i = j + 1;
      while (i < n) {
        const w = text.charCodeAt(i);
        if (w === 32 || w === 10 || w === 13 || w === 9) i++;
        else break;
      }
      if (text.charCodeAt(i) === 58) keys++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      let int = true;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) i++;
        else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          if (d !== 45 && d !== 43) int = false;
          else if (int) int = false; // a sign inside a number only follows an exponent
          i++;
        } else break;
      }
      if (int) {
        intAt.push(numbers);
        intSpan.push(start, i);
      }
      numbers++;
      continue;
    }
    if (c === 123 || c === 91) {
      if (++depth > 512) return FALLBACK;
    } else if (c === 125 || c === 93) depth--;
    i++;
  }
  if (intAt.length === 0 && numbers === 0 && keys === 0) return parsed as LexValue;

  // 2. walk the value in document order, counting numbers and keys, replacing integers
  let ordinal = 0;
  let nextInt = 0;
  let seenKeys = 0;
  let bad = false;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'number') {
      const k = ordinal++;
      if (intAt[nextInt] === k) {
        const at = 2 * nextInt++;
        return BigInt(text.slice(intSpan[at], intSpan[at + 1]));
      }
      return v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as unknown;
        if (x !== null && (typeof x === 'number' || typeof x === 'object')) v[i] = visit(x);
        if (bad) return v;
      }
      return v;
    }
    const obj = v as Record<string, unknown>;
    const names = Object.keys(obj);
    const first = names.length > 0 ? (names[0] as string).charCodeAt(0) : 0;
    // integer-like keys enumerate before the others, not in document order: the object's numbers must be all floats or all integers
    if (first >= 48 && first <= 57) return unordered(obj);
    seenKeys += names.length;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name === '__proto__') {
        bad = true;
        return v;
      }
      const x = obj[name];
      if (x !== null && (typeof x === 'number' || typeof x === 'object')) obj[name] = visit(x);
      if (bad) return v;
    }
    return v;
  };
  /** Count the numbers and keys below v (order does not matter for counts); flags `__proto__`. */
  const count = (v: unknown): number => {
    if (typeof v === 'number') return 1;
    if (v === null || typeof v !== 'object') return 0;
    let total = 0;
    if (Array.isArray(v)) {
      for (const x of v) total += count(x);
      return total;
    }
    for (const name of Object.keys(v)) {
      seenKeys++;
      if (name === '__proto__') bad = true;
      total += count((v as Record<string, unknown>)[name]);
    }
    return total;
  };
  /** Make every number below v a bigint (all were written as integers). */
  const allInts = (v: unknown): unknown => {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) bad = true;
      return BigInt(Number.isSafeInteger(v) ? v : 0);
    }
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(o)) o[k as string] = allInts(o[k as string]);
    return v;
  };
  const unordered = (obj: Record<string, unknown>): unknown => {
    const from = ordinal;
    const total = count(obj);
    ordinal += total;
    let ints = 0;
    while (nextInt + ints < intAt.length && (intAt[nextInt + ints] as number) < ordinal) ints++;
    if (intAt[nextInt] !== undefined && (intAt[nextInt] as number) < from) bad = true;
    nextInt += ints;
    if (ints === total) return total === 0 ? obj : allInts(obj);
    if (ints !== 0) bad = true;
    return obj;
  };
  const out = visit(parsed);
  if (bad || ordinal !== numbers || nextInt !== intAt.length || seenKeys !== keys) return FALLBACK;
  return out as LexValue;
}

/** The hand-written strict lexer: exact errors with line and column, NaN/Infinity accepted. */
function parseJsonLexStrict(text: string): LexValue {
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
