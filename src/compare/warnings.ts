// Report-level warnings: unreadable parts of trees, incomplete runs, differing test params, nothing in common.
import type { ResultTree } from '../result/types.js';
import type { CompareTrees } from './compare.js';
import type { CheckResult, DecisionInput } from './types.js';

function sameParams(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** One line per problem, in a stable order. */
export function collectWarnings(trees: CompareTrees, inputs: readonly DecisionInput[], dst: readonly CheckResult[]): string[] {
  const out: string[] = [];
  const all: [string, ResultTree][] = [
    ['source', trees.source],
    ...trees.references.map((t, j): [string, ResultTree] => [`reference ${j + 1}`, t]),
    ['destination', trees.destination],
  ];
  if (trees.source === trees.destination) out.push('only one result given: it is both the source and the destination');
  for (const [role, t] of all) {
    if (t.incomplete) out.push(`${role} '${t.name}' is marked INCOMPLETE (an interrupted run); its missing checks are reported as errors`);
    for (const w of t.warnings) out.push(`${role} '${t.name}': ${w.file}: ${w.message}`);
  }
  const differ = new Map<string, Set<string>>();
  let common = 0;
  for (const i of inputs) {
    if (!i.src || !i.dst) continue;
    common++;
    if (i.src.kind === 'error' || sameParams(i.src.params, i.dst.params)) continue;
    const key = `${i.dst.profile}/${i.dst.test}/${i.dst.serial}`;
    const set = differ.get(key) ?? new Set<string>();
    set.add(i.dst.iteration);
    differ.set(key, set);
  }
  for (const [key, its] of [...differ].sort()) {
    out.push(`test params differ between source and destination for ${its.size} iteration(s) of ${key} (${[...its].sort().join(', ')}): the builds may not be comparable`);
  }
  if (common === 0 && dst.length > 0) out.push('the source and the destination have no check in common: every check is reported as an error');
  return out;
}
