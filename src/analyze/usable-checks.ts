// Whether analyze-perf read anything to learn from: results holding only error checks give no model.
import { InputError } from '../errors.js';
import type { ResultTree } from '../result/index.js';

/** True when the tree has a numeric check (error checks of broken result.json files or __error*__ folders teach nothing). */
export function hasUsableCheck(tree: Pick<ResultTree, 'checks'>): boolean {
  return tree.checks.some((c) => typeof c.value === 'number');
}

/** The tree's first warning about a result.json as `NAME/FILE: message` on one line, for naming what went wrong. */
export function firstWarning(name: string, tree: Pick<ResultTree, 'warnings'>): string | undefined {
  const w = tree.warnings.find((x) => x.file.endsWith('result.json'));
  if (w === undefined) return undefined;
  const message = w.message.replace(/ \(the serial is reported as an error check\)$/, '');
  return `${name}/${w.file}: ${message}`.replace(/\s*\n\s*/g, ' ');
}

/**
 * The one-line InputError (exit 65) when none of the results (`names`, in command-line order) holds a usable check;
 * `example` is a result.json warning to show (see firstWarning), if any was met; `noCheckAtAll`: no result had even an
 * error check (every iteration a `-failN` one).
 */
export function noUsableCheckError(names: readonly string[], example: string | undefined, noCheckAtAll = false): InputError {
  const shown = names.slice(0, 3).map((n) => `'${n}'`).join(', ') + (names.length > 3 ? `, ... (${names.length} in all)` : '');
  const where = names.length === 1 ? `result ${shown}` : `any of the results ${shown}`;
  const why =
    example !== undefined
      ? `only error checks were read, e.g. ${example}`
      : noCheckAtAll
        ? 'every iteration read is a failed one (named -failN), which analyze-perf leaves out as run-perf does'
        : 'only error checks (__error*__ folders of failed tests) were read';
  return new InputError(`no usable check in ${where}: ${why}`, {
    code: 'PERFGATE_RESULT_NO_USABLE_CHECK',
    hint: 'fix or replace the broken result.json files, or pass at least one result whose tests produced numbers; no output was written',
  });
}
