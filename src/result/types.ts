// In-memory model of a run-perf compatible result tree: builds, checks, metrics with unit and direction.

/** Which way is better for a metric. `unknown` means changes in both directions are judged (two-sided). */
export type Direction = 'higher' | 'lower' | 'unknown';

/** The statistic a check carries, as the suffix of its run-perf id. */
export type CheckKind = 'mean' | 'stddev' | 'error';

/**
 * One comparable item of one result tree, in run-perf's vocabulary.
 * id: `<PROFILE>/<TEST>/<SERIAL>:./<iteration>/<workflow>/<metric>.<mean|stddev>`,
 * or `<p>/<t>/<s>:./ERROR/ERROR/ERROR.error` for `__error*__` folders (missing levels are `*`).
 */
export interface Check {
  id: string;
  profile: string;
  test: string;
  serial: string;
  iteration: string;
  workflow: string;
  metric: string;
  kind: CheckKind;
  /** Primary: the metric is the benchmark's `primary_metric` (and every `.error` check). */
  primary: boolean;
  /** mean / stddevpct as a number, or the exception text of an error check. */
  value: number | string;
  /** The number was written as a JSON integer (`0`, not `0.0`); Python prints them differently. */
  valueIsInt: boolean;
  /** Unit of the metric (e.g. `iops`, `usec`, `Gb_sec`); for `.stddev` checks always `%`. */
  unit: string;
  /** Better direction of the metric (for `.stddev`: lower is better). */
  direction: Direction;
  /** Per-sample values of the `all` entry, when the file has them (mean checks only). */
  samples?: readonly number[];
  /** Independent runs pooled into this value (compare-perf --confirm merges re-runs); 1 when absent. */
  runs?: number;
  /** Test parameters as run-perf shows them (`{ "0": "k:v\n...", "user0": "profile: X" }`). */
  params: Readonly<Record<string, string>>;
  /** Path of the file this check came from, relative to the result root (for messages). */
  source: string;
}

/** RUNPERF_METADATA: key → value. Values keep a trailing newline exactly as run-perf reads them. */
export type Metadata = Readonly<Record<string, string>>;

/** A problem found while reading a tree that did not stop the reading (the valid parts are kept). */
export interface ReadWarning {
  file: string;
  message: string;
}

/** One result tree (one build) as read from disk. Checks are sorted by id. */
export interface ResultTree {
  /** The name given on the command line (`name:path` → name, else the path as given). */
  name: string;
  /** Absolute path of the tree root. */
  path: string;
  metadata: Metadata;
  checks: readonly Check[];
  warnings: readonly ReadWarning[];
  /** perfgate marks interrupted runs with an `INCOMPLETE` file at the root. */
  incomplete: boolean;
}

/**
 * Where and how trees are cached. A history read every night is parsed once: later reads load each tree's
 * values from `dir` after checking that nothing it was read from changed.
 */
export interface TreeCacheOptions {
  /** Cache folder (the CLIs use $PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate, else ~/.cache/perfgate). */
  dir: string;
  /** The reader's version (the CLIs pass perfgate's): entries written by another version are not used. */
  version?: string;
  /**
   * A tree with a file or folder changed less than this many ms ago is not cached (it may still be being
   * written, and a change within one timestamp tick would go unseen). Default 2000.
   */
  settleMs?: number;
}

export interface ReadOptions {
  /** Also read non-numeric serials and `-failN` iterations (run-perf's --include-incorrect-results). */
  includeIncorrect?: boolean;
  /** Keep parsed trees in this cache and reuse them while none of their files changed (tree-cache.ts). */
  cache?: TreeCacheOptions;
}
