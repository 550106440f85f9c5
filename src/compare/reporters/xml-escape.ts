// XML 1.0 escaping for attribute values and text, including characters XML cannot carry at all.
import { visibleChar } from './visible-char.js';

/** Characters XML 1.0 forbids even as references (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;


/** Escape text content: `& < >`, and invalid characters written as visible `\xNN` text. */
export function xmlText(s: string): string {
  return s.replace(INVALID, visibleChar).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape an attribute value; tab, newline and CR become references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
