// Which RUNPERF_METADATA keys differ between builds, and a line diff of long values (environment_world ...).
import type { Metadata } from '../../../result/types.js';

/** Lines only in `from` (removed) and only in `to` (added), for one key and one pair of builds. */
export interface LineDiff extends ValueDiff {
  from: number;
  to: number;
}

export interface MetadataDiffRow {
  key: string;
  /** Value per build (undefined when the build lacks the key). */
  values: (string | undefined)[];
  /** Per build: a letter naming its value; identical values share a letter (run-perf's A, B, ... codes). */
  letters: string[];
  /** All values are single-line and short enough to show in a table cell. */
  short: boolean;
  /** For long values: each build that differs from the destination, diffed line by line against it. */
  diffs: LineDiff[];
}

const SHORT_LIMIT = 120;

/** A, B, ..., Z, AA, AB ... */
export function letterCode(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** A block of lines under one path of a JSON value (`[0].rpm`), or the whole value (path ''). */
export interface Section {
  path: string;
  lines: string[];
}

/** One line of a diff, with the section it belongs to. */
export interface DiffLine {
  path: string;
  line: string;
}

/**
 * Sections of a metadata value: JSON values (environment_world ...) are flattened per leaf path. An empty value
 * (or a build without the key) has none: diffed against it, the other side's sections are removed or added whole.
 */
export function valueSections(value: string): Section[] {
  const text = value.trim();
  if (text === '') return [];
  if (text.startsWith('[') || text.startsWith('{')) {
    try {
      const out: Section[] = [];
      flatten(JSON.parse(text) as unknown, '', out);
      return out;
    } catch {
      // not JSON: plain lines below
    }
  }
  return [{ path: '', lines: value.split('\n').filter((l) => l.trim() !== '') }];
}

function flatten(v: unknown, path: string, out: Section[]): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => flatten(x, `${path}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v).sort()) flatten((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
  } else {
    out.push({ path, lines: String(v).split('\n').filter((l) => l.trim() !== '') });
  }
}

function diffLines(sections: readonly Section[]): DiffLine[] {
  return sections.flatMap((s) => s.lines.map((line) => ({ path: s.path, line })));
}

/**
 * Multiset line difference, in order: lines of `a` not matched in `b` and lines of `b` not matched in `a`
 * (a line is matched only within the same section). Linear time; environment sections are mostly sorted
 * lists (rpm -qa, systemctl), where this equals a diff.
 */
export function lineDiff(a: readonly DiffLine[], b: readonly DiffLine[]): { removed: DiffLine[]; added: DiffLine[] } {
  const key = (l: DiffLine) => `${l.path}\u0000${l.line}`;
  const count = new Map<string, number>();
  for (const l of b) count.set(key(l), (count.get(key(l)) ?? 0) + 1);
  const removed: DiffLine[] = [];
  for (const l of a) {
    const n = count.get(key(l)) ?? 0;
    if (n > 0) count.set(key(l), n - 1);
    else removed.push(l);
  }
  const added: DiffLine[] = [];
  for (const l of b) {
    const n = count.get(key(l)) ?? 0;
    if (n > 0) {
      added.push(l);
      count.set(key(l), n - 1);
    }
  }
  return { removed, added };
}

/** A whole section present in only one of the two values (e.g. a second host's `[1].rpm`). */
export interface SectionChange {
  path: string;
  lines: number;
}

export interface ValueDiff {
  removed: DiffLine[];
  added: DiffLine[];
  /** Sections only in `from` / only in `to`, summarised instead of listed line by line. */
  removedSections: SectionChange[];
  addedSections: SectionChange[];
}

/**
 * Line diff of two metadata values. Sections ending in `_raw` are left out (run-perf keeps them out of
 * diffs); sections present on one side only are reported whole, as a count of lines.
 */
export function valueDiff(from: string, to: string): ValueDiff {
  const a = valueSections(from).filter((s) => !s.path.endsWith('_raw'));
  const b = valueSections(to).filter((s) => !s.path.endsWith('_raw'));
  const inA = new Set(a.map((s) => s.path));
  const inB = new Set(b.map((s) => s.path));
  const d = lineDiff(diffLines(a.filter((s) => inB.has(s.path))), diffLines(b.filter((s) => inA.has(s.path))));
  return {
    ...d,
    removedSections: a.filter((s) => !inB.has(s.path)).map((s) => ({ path: s.path, lines: s.lines.length })),
    addedSections: b.filter((s) => !inA.has(s.path)).map((s) => ({ path: s.path, lines: s.lines.length })),
  };
}

/**
 * Keys whose value is not the same in every build (a missing key differs from any value). Keys ending in
 * `_raw` are left out, as run-perf does (their filtered twin carries the comparable content).
 */
export function metadataDiff(metas: readonly Metadata[]): MetadataDiffRow[] {
  const keys = new Set<string>();
  for (const m of metas) for (const k of Object.keys(m)) keys.add(k);
  const rows: MetadataDiffRow[] = [];
  const dst = metas.length - 1;
  for (const key of [...keys].sort()) {
    if (key.endsWith('_raw')) continue;
    const values = metas.map((m) => (Object.hasOwn(m, key) ? m[key] : undefined));
    if (values.every((v) => v === values[0])) continue;
    const seen = new Map<string | undefined, string>();
    const letters = values.map((v) => {
      let l = seen.get(v);
      if (l === undefined) {
        l = v === undefined ? '–' : letterCode([...seen.keys()].filter((x) => x !== undefined).length);
        seen.set(v, l);
      }
      return l;
    });
    const short = values.every((v) => v === undefined || (v.trim().length <= SHORT_LIMIT && !v.trim().includes('\n')));
    const diffs: LineDiff[] = [];
    if (!short) {
      const done = new Set<string | undefined>([values[dst]]);
      values.forEach((v, i) => {
        if (done.has(v)) return;
        done.add(v);
        diffs.push({ from: i, to: dst, ...valueDiff(v ?? '', values[dst] ?? '') });
      });
    }
    rows.push({ key, values, letters, short, diffs });
  }
  return rows;
}
