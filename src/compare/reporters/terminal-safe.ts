// Text for a terminal or a log: control characters from result data shown as visible `\xNN`, never executed.
import { visibleChar } from './visible-char.js';

/**
 * Control characters a terminal acts on: C0 except tab and newline (ESC starts cursor moves, title changes, OSC
 * hyperlinks and clipboard writes), DEL, and C1 (U+009B is a one-character CSI for some terminals).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** The same, plus whole SGR colour sequences (`ESC [ digits ; m`), which alone are kept when colours are on. */
// eslint-disable-next-line no-control-regex
const CONTROL_KEEPING_SGR = /\u001B\[[0-9;]*m|[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** A control character as `\\xNN`; a whole SGR sequence (only matched when colours are kept) as it is. */
function visible(ch: string): string {
  return ch.length > 1 ? ch : visibleChar(ch);
}

/**
 * `text` with every control character but tab and newline written as `\xNN`: check ids, iteration names and
 * exception texts come from result trees, which anyone who can write a result can fill. With `keepColours`, SGR
 * colour sequences stay (perfgate's own colours, painted on a TTY; a colour is all such a sequence can change).
 */
export function terminalSafe(text: string, keepColours = false): string {
  const re = keepColours ? CONTROL_KEEPING_SGR : CONTROL;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, visible) : text;
}

/** CONTROL plus the newline: a value shown inside one line of a report. */
// eslint-disable-next-line no-control-regex
const CONTROL_AND_NEWLINE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/**
 * A value from result data (a check id, an iteration name, an exception text) for one line of a report: as
 * terminalSafe, and a newline too is written `\x0a`, so that no value can break a line in two and make the
 * second half look like perfgate's own output.
 */
export function terminalSafeLine(text: string): string {
  CONTROL_AND_NEWLINE.lastIndex = 0;
  return CONTROL_AND_NEWLINE.test(text) ? text.replace(CONTROL_AND_NEWLINE, visibleChar) : text;
}
