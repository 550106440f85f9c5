// A character a report cannot show as it is (a control character, an invalid code unit), written as visible text.

/** `\xNN` for a code unit up to U+00FF, else `\uNNNN`. */
export function visibleChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
