// Report-level warnings: unreadable parts of trees, incomplete runs, differing test params, nothing in common.
import { realPathOf } from '../real-path.js';
import type { ResultTree } from '../result/types.js';
import type { CompareTrees } from './compare.js';
import type { MethodOptions } from './methods/options.js';
import type { CheckResult, DecisionInput } from './types.js';

function sameParams(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/**
 * The same result folder given more than once among the references, or as a reference and the source or the
 * destination: a reference repeated weighs twice in the history, and a destination that is also a reference is
 * partly compared with itself, which can turn a regression into a pass.
 */
function repeatedFolders(all: readonly [string, ResultTree][]): string[] {
  const byPath = new Map<string, string[]>();
  for (const [role, t] of all) {
    // the same folder reached through a symbolic link is the same build
    const key = realPathOf(t.path);
    byPath.set(key, [...(byPath.get(key) ?? []), role]);
  }
  const out: string[] = [];
  for (const [path, roles] of byPath) {
    // (a build compared with itself as source and destination is a deliberate sanity check, as in run-perf's tests)
    if (roles.length < 2 || !roles.some((r) => r.startsWith('reference'))) continue;
    out.push(`the result folder ${path} is given ${roles.length} times (${roles.join(', ')}): its build counts ${roles.length} times, so the verdicts may not mean what they should; give each build once`);
  }
  return out;
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
  else out.push(...repeatedFolders(all));
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
  for (const [role, t] of all) {
    if (t.checks.length === 0 && t.warnings.length === 0 && (role !== 'destination' || t !== trees.source)) {
      out.push(`${role} '${t.name}' holds no PROFILE/TEST/SERIAL/result.json and no __error__ folder: is it a run-perf result tree? (give each result folder, not the folder that holds them)`);
    }
  }
  return out;
}

/**
 * Options the chosen method does not use, said once each: the robust method decides from the history (and a
 * perfgate model); run-perf's linear/stddev models only serve its checks that have no variance estimate, and
 * run-perf's modifiers do not apply to it.
 */
export function methodWarnings(method: string, options: MethodOptions, dst: readonly CheckResult[]): string[] {
  const out: string[] = [];
  // A model that knows none of the destination's checks was trained on something else (or on nothing).
  for (const m of options.models) {
    const pm = m.perfgate;
    const known = (id: string) => (pm ? pm.checks[id] !== undefined : m.get(id) !== undefined);
    if (dst.length > 0 && !dst.some((r) => !r.grouped && known(r.id))) {
      out.push(`model '${m.name}' has no entry for any check of the destination: it was learned from other tests (or from no result) and is not used`);
    }
  }
  if (method !== 'robust') return out;
  const runperfModels = options.models.filter((m) => m.perfgate === undefined);
  if (runperfModels.length > 0) {
    const fallback = dst.filter((r) => !r.grouped && r.evidence.includes('tolerance only')).length;
    const names = runperfModels.map((m) => `'${m.name}'`).join(', ');
    out.push(
      `robust method: run-perf model ${names} is used only for the ${fallback} check(s) without a variance estimate; the others are decided from the history. ` +
        'Use --method tolerance to score every check with it, or learn a model the robust method uses: analyze-perf --format perfgate',
    );
  }
  const ignored = [options.modelBuildsAverage > 0 ? '--model-builds-average' : '', options.nOutOfResults > 0 ? '--n-out-of-results' : ''].filter((x) => x !== '');
  if (ignored.length > 0) out.push(`robust method: ${ignored.join(' and ')} ${ignored.length > 1 ? 'apply' : 'applies'} only to --method tolerance and --compat runperf; ignored`);
  return out;
}
