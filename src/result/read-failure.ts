// The error check a serial becomes when perfgate cannot read its result.json, and how to tell it from run-perf's own.
import { errorCheckAt } from './error-checks.js';
import type { Location } from './result-json.js';
import type { Check } from './types.js';

/**
 * perfgate's own texts as one CSV field and one line: analyze-perf's CSV writes error texts as they are (run-perf's
 * format), so a comma or a newline in them would shift the columns.
 */
export function oneField(text: string): string {
  return text.replace(/,/g, ';').replace(/\s*\n\s*/g, ' ');
}

/**
 * The serial's error check for a result.json that could not be read or is not a run-perf result: `what` says why
 * (e.g. `malformed JSON: … at line 3 column 23`). Its id is the one an `__error__` folder of the serial would
 * have; its source is the result.json, which is how isReadFailure knows it.
 */
export function readFailureCheck(loc: Location, what: string): Check {
  return errorCheckAt([loc.profile, loc.test, loc.serial], oneField(`${loc.file}: ${what}`), {}, loc.file);
}

/**
 * Whether an error check stands for data perfgate could not read (readFailureCheck) rather than a failure run-perf
 * recorded in an `__error*__` folder. Two of run-perf's failures with the same text are "the same failure as in
 * the source" and pass; a destination whose data could not be read never passes, whatever the source holds.
 */
export function isReadFailure(c: Check): boolean {
  return c.kind === 'error' && (c.source.endsWith('result.json') || c.source.endsWith('/'));
}

/**
 * The error check of a folder of the tree that could not be listed (`rel` relative to the root, '' for the root;
 * `levels` its profile, test and serial, as far as it has them), so that nothing under it is silently missing.
 * Its id is the one an `__error__` folder at that depth would have (`*` for the levels below it).
 */
export function unreadableFolderCheck(rel: string, levels: readonly string[], code: string): Check {
  const source = rel === '' ? './' : `${rel}/`;
  return errorCheckAt(levels, oneField(`${source}: unreadable folder (${code})`), {}, source);
}
