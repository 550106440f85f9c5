// Names each analyzed result: run-perf's basename key, made unique when two inputs share a basename (quirk fixed).
import { basename } from 'node:path';

export interface KeyedInput {
  /** The argument as given on the command line. */
  spec: string;
  /** `name` of `name:path`, or undefined when the argument is a plain path. */
  name: string | undefined;
  /** Absolute path of the result tree. */
  path: string;
}

export interface ResultKey {
  input: KeyedInput;
  /** Column name in the CSV and key of the training data; unique across inputs. */
  key: string;
}

/**
 * Give every input a unique key. run-perf keys results by `basename(path)`, so two inputs with the same
 * basename silently overwrite each other (runperf-spec §8 quirk 8). Here an explicit `name:` wins, a unique
 * basename is kept (identical to run-perf), and clashing basenames use the path as given instead, so both
 * count; each clash yields a warning. The same folder given twice is read once.
 */
export function assignResultKeys(inputs: readonly KeyedInput[]): { keys: ResultKey[]; warnings: string[] } {
  const warnings: string[] = [];
  const seenPath = new Map<string, string>();
  const unique: KeyedInput[] = [];
  for (const input of inputs) {
    const first = seenPath.get(input.path);
    if (first !== undefined) {
      warnings.push(`result '${input.spec}' is the same folder as '${first}'; it is counted once`);
      continue;
    }
    seenPath.set(input.path, input.spec);
    unique.push(input);
  }
  const base = (i: KeyedInput) => i.name ?? basename(i.path);
  const count = new Map<string, KeyedInput[]>();
  for (const i of unique) count.set(base(i), [...(count.get(base(i)) ?? []), i]);
  const used = new Set<string>();
  const keys: ResultKey[] = [];
  for (const i of unique) {
    const b = base(i);
    const clash = count.get(b) ?? [];
    let key = b;
    if (clash.length > 1 && i.name === undefined) key = i.spec.replace(/\/+$/, '') || b;
    let n = 2;
    const stem = key;
    while (used.has(key)) key = `${stem}#${n++}`;
    used.add(key);
    keys.push({ input: i, key });
  }
  for (const [b, clash] of count) {
    if (clash.length > 1) {
      const names = keys.filter((k) => clash.includes(k.input)).map((k) => `'${k.key}'`);
      warnings.push(`${clash.length} results share the name '${b}' (run-perf would keep only the last one); all are used, as ${names.join(', ')}`);
    }
  }
  return { keys, warnings };
}
