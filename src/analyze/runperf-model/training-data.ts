// Gathers per-check values of many result trees (run-perf's analyze-perf storage[check][result] = value).
import type { ResultTree } from '../../result/index.js';

/** One check's value in one result: a number (with its JSON int/float kind) or an error check's text. */
export interface TrainingValue {
  value: number | string;
  isInt: boolean;
}

export interface TrainingCheck {
  /** Primary in any of the results (the CSV lists primary checks only). */
  primary: boolean;
  /** Value per result, indexed like TrainingData.results (undefined where the result lacks the check). */
  values: (TrainingValue | undefined)[];
}

export interface TrainingData {
  /** Result keys in command-line order. */
  results: string[];
  /** Check id → values. */
  checks: Map<string, TrainingCheck>;
}

/** An empty training set, to be filled with addTree (one tree at a time, so trees need not stay in memory). */
export function emptyTrainingData(): TrainingData {
  return { results: [], checks: new Map() };
}

/** Add one result tree's checks under its key. Keys must be unique (see assignResultKeys). */
export function addTree(data: TrainingData, key: string, tree: ResultTree): void {
  const index = data.results.push(key) - 1;
  for (const c of tree.checks) {
    let entry = data.checks.get(c.id);
    if (!entry) {
      entry = { primary: false, values: [] };
      data.checks.set(c.id, entry);
    }
    if (c.primary) entry.primary = true;
    entry.values[index] = { value: c.value, isInt: c.valueIsInt };
  }
}

/** Collect the checks of each (key, tree) pair. */
export function collectTrainingData(trees: readonly { key: string; tree: ResultTree }[]): TrainingData {
  const data = emptyTrainingData();
  for (const { key, tree } of trees) addTree(data, key, tree);
  return data;
}

/** Check ids in Python's sorted() order (by code point). */
export function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort(comparePy);
}

/** Python str ordering: by Unicode code point (JS `<` compares UTF-16 units, which differs for astral characters). */
export function comparePy(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The numeric values of a check in result order, or undefined when any value is text (error checks: skipped by the models). */
export function numericValues(check: TrainingCheck): number[] | undefined {
  const out: number[] = [];
  for (const v of check.values) {
    if (v === undefined) continue;
    if (typeof v.value !== 'number') return undefined;
    out.push(v.value);
  }
  return out;
}
