// compare-perf's engine: read SRC [REF ...] DST, let a decision method judge every check, build the ComparisonReport.
import { readResultTrees } from '../result/read-trees.js';
import { mergeConfirmation } from './confirm.js';
import type { Check, ResultTree, TreeCacheOptions } from '../result/types.js';
import type { MethodOptions } from './methods/options.js';
import { exitCodeOf, summarize } from './summary.js';
import type { BuildInfo, CheckResult, ComparisonReport, DecidedReport, DecisionInput, DecisionMethod } from './types.js';
import { collectWarnings, methodWarnings } from './warnings.js';

export interface CompareOptions {
  /** Result specs (`name:path` or `path`) in order: source, references..., destination. One spec is both. */
  results: readonly string[];
  cwd: string;
  method: DecisionMethod;
  methodOptions: MethodOptions;
  /** `runperf`: run-perf's failure rule (any status < 0); `perfgate`: direction-aware. */
  mode: 'runperf' | 'perfgate';
  /** Read non-numeric serials and `-failN` iterations of references and the destination (never the source). */
  includeIncorrect?: boolean;
  /** Re-runs of the failed tests (run-perf --rerun-failed) pooled into the destination before deciding. */
  confirm?: readonly string[];
  /** Reuse and keep parsed trees in this cache (see result/tree-cache.ts). */
  cache?: TreeCacheOptions;
  version: string;
  /** Options echoed into the report (for the JSON and HTML). */
  echo?: Readonly<Record<string, unknown>>;
  now?: Date;
}

/** Already-read trees (the API entry for callers that hold trees in memory, e.g. benchmarks). */
export interface CompareTrees {
  source: ResultTree;
  references: readonly ResultTree[];
  destination: ResultTree;
}

/** A tree's checks in id order (the reader sorts them; a tree built in memory may not be). */
function sortedChecks(tree: ResultTree): readonly Check[] {
  const c = tree.checks;
  for (let i = 1; i < c.length; i++) {
    if ((c[i - 1] as Check).id > (c[i] as Check).id) return [...c].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return c;
}

/** Whether every list holds the same ids in the same order, each once (interned ids: one identity test each). */
function sameIds(lists: readonly (readonly Check[])[]): boolean {
  const first = lists[0];
  if (!first) return false;
  for (let k = 1; k < first.length; k++) if ((first[k] as Check).id === (first[k - 1] as Check).id) return false;
  for (const list of lists) {
    if (list.length !== first.length) return false;
    for (let k = 0; k < list.length; k++) if ((list[k] as Check).id !== (first[k] as Check).id) return false;
  }
  return true;
}

/**
 * Decision inputs over the union of all builds' ids, sorted: a k-way merge of the builds' sorted check lists
 * (linear in builds × checks; ids read by the tree reader are interned, so equal ids compare by identity).
 * A tree holding an id twice contributes its last check, as a map would.
 */
export function decisionInputs(trees: CompareTrees): DecisionInput[] {
  const usual = sideBySide([trees.source, ...trees.references, trees.destination]);
  if (usual !== undefined) return usual;
  const lists = [trees.source, ...trees.references, trees.destination].map(sortedChecks);
  const last = lists.length - 1;
  if (sameIds(lists)) {
    // the usual history: every build holds the same checks, so inputs are the builds' lists side by side
    const first = lists[0] as readonly Check[];
    return first.map((c, k) => {
      const refs = new Array<Check | undefined>(last - 1);
      for (let j = 1; j < last; j++) refs[j - 1] = (lists[j] as readonly Check[])[k];
      return { id: c.id, src: c, refs, dst: (lists[last] as readonly Check[])[k] };
    });
  }
  const pos = new Int32Array(lists.length);
  const out: DecisionInput[] = [];
  for (;;) {
    let min: string | undefined;
    for (let t = 0; t <= last; t++) {
      const c = (lists[t] as readonly Check[])[pos[t] as number];
      if (c !== undefined && (min === undefined || (c.id !== min && c.id < min))) min = c.id;
    }
    if (min === undefined) return out;
    const take = (t: number): Check | undefined => {
      const list = lists[t] as readonly Check[];
      let found: Check | undefined;
      for (let c = list[pos[t] as number]; c !== undefined && c.id === min; c = list[pos[t] as number]) {
        found = c;
        pos[t] = (pos[t] as number) + 1;
      }
      return found;
    };
    const src = take(0);
    const refs = new Array<Check | undefined>(last - 1);
    for (let j = 1; j < last; j++) refs[j - 1] = take(j);
    out.push({ id: min, src, refs, dst: take(last) });
  }
}

/**
 * decisionInputs of the usual history in one pass: when the first build's checks are in id order without a repeated
 * id and every build holds the same ids in the same order (so all are in order, and sortedChecks would return each
 * list as it is), the inputs are the builds' lists side by side, made while the ids are compared. Otherwise
 * undefined (decisionInputs then sorts and merges).
 */
function sideBySide(trees: readonly ResultTree[]): DecisionInput[] | undefined {
  const first = trees[0]!.checks;
  for (let k = 1; k < first.length; k++) if (!((first[k - 1] as Check).id < (first[k] as Check).id)) return undefined;
  const last = trees.length - 1;
  const lists: (readonly Check[])[] = [];
  for (let t = 0; t <= last; t++) {
    const list = trees[t]!.checks;
    if (list.length !== first.length) return undefined;
    lists.push(list);
  }
  const out: DecisionInput[] = [];
  for (let k = 0; k < first.length; k++) {
    const id = (first[k] as Check).id;
    const refs = new Array<Check | undefined>(last - 1);
    for (let j = 1; j < last; j++) {
      const c = (lists[j] as readonly Check[])[k] as Check;
      if (c.id !== id) return undefined;
      refs[j - 1] = c;
    }
    const dst = (lists[last] as readonly Check[])[k] as Check;
    if (last > 0 && dst.id !== id) return undefined;
    out.push({ id, src: first[k], refs, dst });
  }
  return out;
}

/** The destination's results and each reference's on demand; eager (one pass, or per reference) for methods without decideReport. */
function decideAll(method: DecisionMethod, inputs: readonly DecisionInput[], nRefs: number): DecidedReport {
  if (method.decideReport) return method.decideReport(inputs);
  const eager = (all: CheckResult[][]): DecidedReport => ({ destination: all.at(-1) ?? [], references: all.slice(0, -1).map((r) => () => r) });
  if (method.decideBuilds) return eager(method.decideBuilds(inputs));
  const out: CheckResult[][] = [];
  for (let j = 0; j < nRefs; j++) {
    const refInputs = inputs
      .filter((i) => i.src || i.refs[j])
      .map((i) => ({ id: i.id, src: i.src, refs: i.refs.slice(0, j), dst: i.refs[j] }));
    out.push(method.decide(refInputs, { role: 'reference' }));
  }
  out.push(method.decide(inputs.filter((i) => i.src || i.dst), { role: 'destination' }));
  return eager(out);
}

/** Compare trees already in memory. */
export function compareTrees(trees: CompareTrees, options: Omit<CompareOptions, 'results' | 'cwd'>): ComparisonReport {
  const inputs = decisionInputs(trees);
  const decided = decideAll(options.method, inputs, trees.references.length);
  const dstResults = decided.destination;
  const policy = { compat: options.mode === 'runperf', failOnImprovement: options.methodOptions.failOnImprovement };
  const build = (tree: ResultTree, role: BuildInfo['role'], results: readonly CheckResult[]): BuildInfo => ({
    name: tree.name,
    path: tree.path,
    role,
    metadata: tree.metadata,
    incomplete: tree.incomplete,
    results,
  });
  // A reference's results are judged each time they are read (see BuildInfo.results): an enumerable getter, so
  // spreading or serializing a BuildInfo still sees them.
  const reference = (tree: ResultTree, j: number): BuildInfo => {
    const info = build(tree, 'reference', []);
    const judge = decided.references[j];
    Object.defineProperty(info, 'results', { get: () => (judge ? judge() : []), enumerable: true });
    const verdicts = decided.referenceVerdicts?.[j];
    return verdicts ? Object.defineProperty(info, 'verdictColumn', { value: verdicts, enumerable: false }) : info;
  };
  const builds: BuildInfo[] = [
    build(trees.source, 'source', []),
    ...trees.references.map(reference),
    build(trees.destination, 'destination', dstResults),
  ];
  return {
    schemaVersion: 1,
    tool: 'perfgate',
    version: options.version,
    mode: options.mode,
    method: options.method.name,
    createdAt: (options.now ?? new Date()).toISOString(),
    options: { ...options.echo, failOnImprovement: options.methodOptions.failOnImprovement },
    builds,
    summary: summarize(dstResults, policy),
    exitCode: exitCodeOf(dstResults, policy),
    warnings: [...collectWarnings(trees, inputs, dstResults), ...methodWarnings(options.method.name, options.methodOptions, dstResults)],
  };
}

/** Read the result trees named on the command line and compare them. */
export function comparePerf(options: CompareOptions): ComparisonReport {
  const [first, ...rest] = options.results;
  if (first === undefined) throw new Error('comparePerf needs at least one result');
  const includeIncorrect = options.includeIncorrect ?? false;
  const confirm = options.confirm ?? [];
  // the source is read strictly, as run-perf does; confirmation runs come last
  const requests = [{ spec: first }, ...[...rest, ...confirm].map((spec) => ({ spec, includeIncorrect }))];
  const [source, ...trees] = readResultTrees(requests, options.cwd, { cache: options.cache }) as [ResultTree, ...ResultTree[]];
  const confirmations = trees.splice(rest.length);
  const others = trees;
  let destination = others.pop() ?? source;
  if (confirmations.length === 0) return compareTrees({ source, references: others, destination }, options);
  // a confirmation run must be a new run of the destination's build, not one of the builds compared
  const compared = new Set([source.path, ...others.map((t) => t.path), destination.path]);
  const reused = confirmations.filter((t) => compared.has(t.path)).map((t) => `--confirm ${t.path} is also one of the builds compared: a confirmation run is a new run of the destination's build (run-perf --rerun-failed); its evidence is pooled all the same`);
  const confirmed = mergeConfirmation(destination, confirmations);
  destination = confirmed.tree;
  const report = compareTrees({ source, references: others, destination }, options);
  return { ...report, warnings: [...reused, ...confirmed.notes, ...report.warnings] };
}
