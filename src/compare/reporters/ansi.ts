// The console report's colours: ANSI SGR sequences for bold, red, green and yellow, nesting-safe.

/** Wraps text in a style; the identity when colour is off. */
export type Paint = (text: string) => string;

export interface Paints {
  bold: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
}

/**
 * A style from its open and close sequences. A close sequence inside the text (an inner style of the same kind
 * ending) is followed by `reopen`, so the outer style resumes after it: red(`a ${green('b')} c`) keeps `c` red.
 * (The rule picocolors follows, which this replaces: importing that package touched process.stdout at start-up.)
 */
function style(open: string, close: string, reopen: string): Paint {
  return (text) => {
    let at = text.indexOf(close, open.length);
    if (at < 0) return open + text + close;
    let out = open;
    let from = 0;
    do {
      out += text.slice(from, at) + reopen;
      from = at + close.length;
      at = text.indexOf(close, from);
    } while (at >= 0);
    return out + text.slice(from) + close;
  };
}

const plain: Paint = (text) => text;

/** The paints, coloured or plain. */
export function paints(color: boolean): Paints {
  if (!color) return { bold: plain, red: plain, green: plain, yellow: plain };
  return {
    bold: style('\x1b[1m', '\x1b[22m', '\x1b[22m\x1b[1m'),
    red: style('\x1b[31m', '\x1b[39m', '\x1b[31m'),
    green: style('\x1b[32m', '\x1b[39m', '\x1b[32m'),
    yellow: style('\x1b[33m', '\x1b[39m', '\x1b[33m'),
  };
}
