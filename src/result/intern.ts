// Interns what repeats across the builds of a history (check ids, names, units, test parameters) so N builds share one copy.

/** Entries kept before the pool starts afresh (bounds the memory of a long-lived library user). */
const MAX_ENTRIES = 4_000_000;

const strings = new Map<string, string>();
const records = new Map<string, Readonly<Record<string, string>>>();

/** The pooled copy of s: equal strings read from different files become one string in memory. */
export function internString(s: string): string {
  const pooled = strings.get(s);
  if (pooled !== undefined) return pooled;
  if (strings.size >= MAX_ENTRIES) strings.clear();
  strings.set(s, s);
  return s;
}

/** The pooled, frozen copy of a string record (e.g. a check's test parameters), keyed by its entries in order. */
export function internRecord(r: Record<string, string>): Readonly<Record<string, string>> {
  let key = '';
  for (const k in r) key += `${k}\u0000${r[k] ?? ''}\u0001`;
  const pooled = records.get(key);
  if (pooled !== undefined) return pooled;
  if (records.size >= MAX_ENTRIES) records.clear();
  const frozen = Object.freeze(r);
  records.set(key, frozen);
  return frozen;
}

type IdLevel = Map<string, IdLevel | readonly [string, string]>;
const idTree: IdLevel = new Map();
let idCount = 0;

/**
 * The pooled `.mean` and `.stddev` ids of one metric, `<file>:./<iteration>/<workflow>/<metric>.<kind>`, found
 * through nested maps keyed by the (already pooled) parts: no id string is built or hashed once it is known.
 * `serialPath` is `<profile>/<test>/<serial>`.
 */
export function internCheckIds(serialPath: string, iteration: string, workflow: string, metric: string): readonly [mean: string, stddev: string] {
  let level: IdLevel = idTree;
  for (const part of [serialPath, iteration, workflow]) {
    let next = level.get(part) as IdLevel | undefined;
    if (!next) {
      next = new Map();
      level.set(part, next);
    }
    level = next;
  }
  let ids = level.get(metric) as readonly [string, string] | undefined;
  if (!ids) {
    if (idCount >= MAX_ENTRIES) {
      idTree.clear();
      idCount = 0;
    }
    const prefix = `${serialPath}:./${iteration}/${workflow}/${metric}`;
    ids = [internString(`${prefix}.mean`), internString(`${prefix}.stddev`)];
    level.set(metric, ids);
    idCount++;
  }
  return ids;
}
