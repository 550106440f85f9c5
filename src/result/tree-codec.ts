// The binary form of a parsed tree (a JSON header, then float64 values) with its invariant layout kept apart.
import { internRecord, internString } from './intern.js';
import type { Check, CheckKind, Direction, Metadata, ReadWarning } from './types.js';

/** What a parsed tree holds (the name comes from the command line, not from the encoding). */
export interface CachedTree {
  metadata: Metadata;
  checks: Check[];
  warnings: ReadWarning[];
}

/**
 * Bumped whenever the reader's output or this format changes (old cache entries are then simply not found);
 * test/unit/result/tree-cache-format.test.ts pins a hash of the reader's output on the fixtures to this value,
 * so a change to the reader fails that test until it is bumped.
 */
export const TREE_CACHE_FORMAT = 'perfgate-tree-cache-5';
const MAGIC = Buffer.from('PGTC0001');

/** One stat of a path the reading depended on: relative path, then mtime, ctime (ns), size and inode, or 'missing'. */
export type Stamp = [rel: string, state: string];

/** A numeric check's invariant part (everything but its value), shared by every build with the same layout. */
type Meta = [id: string, profile: string, test: string, serial: string, iteration: string, workflow: string, metric: string, kind: CheckKind, primary: 0 | 1, unit: string, direction: Direction, params: number, source: string];

interface LayoutJson {
  params: Record<string, string>[];
  metas: Meta[];
}

/** A layout ready to rebuild checks: interned strings, shared parameter records. */
export interface Layout {
  metas: Meta[];
  params: Readonly<Record<string, string>>[];
}

export interface Header {
  format: string;
  version: string;
  path: string;
  includeIncorrect: boolean;
  stamps: Stamp[];
  metadata: Metadata;
  warnings: ReadWarning[];
  /** Checks that are not plain numbers (error checks, whose value is text), stored whole. */
  others: Check[];
  layout: string;
  /** Per numeric check: 1 when its value was a JSON integer. */
  ints: string;
  /** Per numeric check: the number of samples (0: none). */
  sampleCounts: number[];
}

/** The last layout encoded, to recognise the next build of the same job without serialising it again. */
let lastLayout: { checks: readonly Check[]; hash: string; text: string } | undefined;

/** Whether two builds' numeric checks have the same invariant parts (interned strings and params: identity tests). */
function sameLayout(a: readonly Check[], b: readonly Check[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Check;
    const y = b[i] as Check;
    if (x.id !== y.id || x.primary !== y.primary || x.unit !== y.unit || x.direction !== y.direction || x.params !== y.params || x.source !== y.source || x.iteration !== y.iteration || x.metric !== y.metric) return false;
  }
  return true;
}

/**
 * A numeric check list's layout, serialised and hashed (a build with the same layout as the previous one reuses
 * both; profile, test, serial, workflow and kind are parts of the id).
 */
function layoutOf(numeric: readonly Check[]): { hash: string; text: string } {
  if (lastLayout && sameLayout(lastLayout.checks, numeric)) return lastLayout;
  const paramsIndex = new Map<Readonly<Record<string, string>>, number>();
  const params: Readonly<Record<string, string>>[] = [];
  const metas: Meta[] = numeric.map((c) => {
    let p = paramsIndex.get(c.params);
    if (p === undefined) {
      p = params.push(c.params) - 1;
      paramsIndex.set(c.params, p);
    }
    return [c.id, c.profile, c.test, c.serial, c.iteration, c.workflow, c.metric, c.kind, c.primary ? 1 : 0, c.unit, c.direction, p, c.source];
  });
  const text = JSON.stringify({ params, metas } satisfies LayoutJson);
  // (node:crypto on first use: a warm run, which only decodes, never loads it)
  const hash = process.getBuiltinModule('node:crypto').createHash('sha1').update(text).digest('hex');
  lastLayout = { checks: numeric, hash, text };
  return lastLayout;
}

/** A layout from its JSON text (strings interned, so every build of a job shares one copy); undefined if malformed. */
export function parseLayout(text: string): Layout | undefined {
  let parsed: LayoutJson;
  try {
    parsed = JSON.parse(text) as LayoutJson;
  } catch {
    return undefined;
  }
  if (!parsed || !Array.isArray(parsed.metas) || !Array.isArray(parsed.params)) return undefined;
  const metas = parsed.metas.map((m): Meta => [internString(m[0]), internString(m[1]), internString(m[2]), internString(m[3]), internString(m[4]), internString(m[5]), internString(m[6]), m[7], m[8], internString(m[9]), m[10], m[11], internString(m[12])]);
  return { metas, params: parsed.params.map(internRecord) };
}

const align8 = (x: number): number => (x + 7) & ~7;

/** Encode a tree: the entry's bytes, and its layout's hash and JSON text (stored or sent once per job). */
export function encodeTree(tree: CachedTree, id: Pick<Header, 'version' | 'path' | 'includeIncorrect' | 'stamps'>): { bytes: Buffer; layout: { hash: string; text: string } } {
  const numeric = tree.checks.filter((c) => typeof c.value === 'number' && c.kind !== 'error');
  const others = tree.checks.filter((c) => !(typeof c.value === 'number' && c.kind !== 'error'));
  const layout = layoutOf(numeric);
  const header: Header = {
    format: TREE_CACHE_FORMAT,
    ...id,
    metadata: tree.metadata,
    warnings: tree.warnings,
    others,
    layout: layout.hash,
    ints: numeric.map((c) => (c.valueIsInt ? '1' : '0')).join(''),
    sampleCounts: numeric.map((c) => c.samples?.length ?? 0),
  };
  const numbers: number[] = numeric.map((c) => c.value as number);
  for (const c of numeric) if (c.samples) numbers.push(...c.samples);
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const offset = align8(12 + headerBytes.length);
  const bytes = Buffer.alloc(offset + 8 * numbers.length);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(bytes, 12);
  Buffer.from(new Float64Array(numbers).buffer).copy(bytes, offset);
  return { bytes, layout: { hash: layout.hash, text: layout.text } };
}

/** The header of an encoded tree, or undefined when the bytes are not one (a truncated or foreign file). */
export function decodeHeader(bytes: Buffer): Header | undefined {
  if (bytes.length < 16 || !bytes.subarray(0, 8).equals(MAGIC)) return undefined;
  const headerLength = bytes.readUInt32LE(8);
  try {
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Header;
    return header.format === TREE_CACHE_FORMAT ? header : undefined;
  } catch {
    return undefined;
  }
}

/** Rebuild the tree from its bytes, its decoded header and its layout; undefined when they do not fit together. */
export function decodeTree(bytes: Buffer, header: Header, layout: Layout): CachedTree | undefined {
  if (layout.metas.length !== header.sampleCounts.length) return undefined;
  const n = layout.metas.length;
  const offset = align8(12 + bytes.readUInt32LE(8));
  let totalSamples = 0;
  for (const c of header.sampleCounts) totalSamples += c;
  if (bytes.length < offset + 8 * (n + totalSamples)) return undefined;
  // copy into an aligned buffer: the bytes may sit at any offset of a pool
  const numbers = new Float64Array(n + totalSamples);
  new Uint8Array(numbers.buffer).set(bytes.subarray(offset, offset + 8 * (n + totalSamples)));
  const checks: Check[] = [];
  let s = n;
  for (let i = 0; i < n; i++) {
    const m = layout.metas[i] as Meta;
    // samples sit in the literal (not added after it): an added property would cost every check a separate
    // property store (~40 bytes, 20 MB at 1,000 builds of 500 checks)
    const count = header.sampleCounts[i] ?? 0;
    let samples: number[] | undefined;
    if (count > 0) {
      samples = new Array<number>(count);
      for (let k = 0; k < count; k++) samples[k] = numbers[s + k] as number;
      s += count;
    }
    const check: Check = {
      id: m[0],
      profile: m[1],
      test: m[2],
      serial: m[3],
      iteration: m[4],
      workflow: m[5],
      metric: m[6],
      kind: m[7],
      primary: m[8] === 1,
      value: numbers[i] as number,
      valueIsInt: header.ints.charCodeAt(i) === 49,
      unit: m[9],
      direction: m[10],
      params: layout.params[m[11]] ?? {},
      source: m[12],
      samples,
    };
    checks.push(check);
  }
  for (const c of header.others) checks.push(c);
  if (header.others.length > 0) checks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { metadata: header.metadata, checks, warnings: header.warnings };
}
