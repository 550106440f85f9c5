// A persistent cache of parsed result trees, validated by the stat of every file and folder the reading used.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { internRecord, internString } from './intern.js';
import type { Check, CheckKind, Direction, Metadata, ReadWarning, TreeCacheOptions } from './types.js';

/** What a cached tree holds (the name comes from the command line, not from the cache). */
export interface CachedTree {
  metadata: Metadata;
  checks: Check[];
  warnings: ReadWarning[];
}

/**
 * Bumped whenever the reader's output or this format changes (old entries are then simply not found);
 * test/unit/result/tree-cache-format.test.ts pins a hash of the reader's output on the fixtures to this value,
 * so a change to the reader fails that test until FORMAT is bumped. Entries also carry perfgate's version.
 */
export const TREE_CACHE_FORMAT = 'perfgate-tree-cache-1';
const FORMAT = TREE_CACHE_FORMAT;
const MAGIC = Buffer.from('PGTC0001');

/** One stat of a path the reading depended on: relative path, then mtime, ctime (ns), size and inode, or 'missing'. */
type Stamp = [rel: string, state: string];

/** A numeric check's invariant part (everything but its value), shared by every build with the same layout. */
type Meta = [id: string, profile: string, test: string, serial: string, iteration: string, workflow: string, metric: string, kind: CheckKind, primary: 0 | 1, unit: string, direction: Direction, params: number, source: string];

interface Layout {
  params: Record<string, string>[];
  metas: Meta[];
}

interface Header {
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

function stateOf(s: BigIntStats | undefined): string {
  return s ? `${s.mtimeNs}/${s.ctimeNs}/${s.size}/${s.ino}/${s.isDirectory() ? 'd' : 'f'}` : 'missing';
}

function statOf(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

function entryFile(cache: TreeCacheOptions, path: string, includeIncorrect: boolean): string {
  const key = createHash('sha1').update(`${FORMAT}\0${cache.version ?? ''}\0${path}\0${includeIncorrect ? 1 : 0}`).digest('hex');
  return join(cache.dir, 'trees', key.slice(0, 2), `${key}.bin`);
}

const layouts = new Map<string, { metas: Meta[]; params: Readonly<Record<string, string>>[] }>();

function loadLayout(cache: TreeCacheOptions, hash: string): { metas: Meta[]; params: Readonly<Record<string, string>>[] } | undefined {
  let layout = layouts.get(hash);
  if (layout) return layout;
  let parsed: Layout;
  try {
    parsed = JSON.parse(readFileSync(join(cache.dir, 'layouts', `${hash}.json`), 'utf8')) as Layout;
  } catch {
    return undefined;
  }
  const metas = parsed.metas.map((m): Meta => [internString(m[0]), internString(m[1]), internString(m[2]), internString(m[3]), internString(m[4]), internString(m[5]), internString(m[6]), m[7], m[8], internString(m[9]), m[10], m[11], internString(m[12])]);
  layout = { metas, params: parsed.params.map(internRecord) };
  layouts.set(hash, layout);
  return layout;
}

const trust = new Map<string, boolean>();

/**
 * Why a cache folder cannot be trusted, or undefined when it can: it must be a folder owned by this user and not
 * writable by group or others (entries are not authenticated, so a shared, writable folder would let another
 * user plant readings). A missing folder is fine (it is created 0700). Without POSIX ownership only the mode counts.
 */
export function treeCacheProblem(dir: string): string | undefined {
  const st = statOf(dir);
  if (!st) return undefined;
  if (!st.isDirectory()) return `${dir} is not a folder`;
  const uid = typeof process.getuid === 'function' ? BigInt(process.getuid()) : undefined;
  if (uid !== undefined && st.uid !== uid) return `${dir} belongs to another user`;
  if ((st.mode & 0o022n) !== 0n) return `${dir} is writable by group or others (chmod go-w ${dir})`;
  return undefined;
}

function trusted(cache: TreeCacheOptions): boolean {
  let ok = trust.get(cache.dir);
  if (ok === undefined) {
    ok = treeCacheProblem(cache.dir) === undefined;
    trust.set(cache.dir, ok);
  }
  return ok;
}

/** The cached reading of the tree at `path`, or undefined when there is none or anything it was read from changed. */
export function loadCachedTree(cache: TreeCacheOptions, path: string, includeIncorrect: boolean): CachedTree | undefined {
  if (!trusted(cache)) return undefined;
  let buf: Buffer;
  try {
    buf = readFileSync(entryFile(cache, path, includeIncorrect));
  } catch {
    return undefined;
  }
  if (buf.length < 16 || !buf.subarray(0, 8).equals(MAGIC)) return undefined;
  const headerLength = buf.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || header.version !== (cache.version ?? '') || header.path !== path || header.includeIncorrect !== includeIncorrect) return undefined;
  for (const [rel, state] of header.stamps) if (stateOf(statOf(join(path, rel))) !== state) return undefined;
  const layout = loadLayout(cache, header.layout);
  if (!layout || layout.metas.length !== header.sampleCounts.length) return undefined;
  const n = layout.metas.length;
  const offset = align8(12 + headerLength);
  let totalSamples = 0;
  for (const c of header.sampleCounts) totalSamples += c;
  if (buf.length < offset + 8 * (n + totalSamples)) return undefined;
  // copy into an aligned buffer: the file's bytes may sit at any offset of the pool
  const numbers = new Float64Array(n + totalSamples);
  new Uint8Array(numbers.buffer).set(buf.subarray(offset, offset + 8 * (n + totalSamples)));
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

const align8 = (x: number): number => (x + 7) & ~7;

/**
 * Store a tree's reading. `depends` lists, relative to the root, every folder listed and file read; nothing is
 * stored when one of them changed within the settle time. Failures to write are ignored (the cache is an
 * optimisation: the next reading parses the tree again).
 */
export function saveCachedTree(cache: TreeCacheOptions, path: string, includeIncorrect: boolean, tree: CachedTree, depends: Iterable<string>): void {
  if (!trusted(cache)) return;
  const settleNs = BigInt(Math.round((cache.settleMs ?? 2000) * 1e6));
  const now = BigInt(Date.now()) * 1_000_000n;
  const stamps: Stamp[] = [];
  for (const rel of depends) {
    const st = statOf(join(path, rel));
    if (st && (now - st.mtimeNs < settleNs || now - st.ctimeNs < settleNs)) return;
    stamps.push([rel, stateOf(st)]);
  }
  const numeric = tree.checks.filter((c) => typeof c.value === 'number' && c.kind !== 'error');
  const others = tree.checks.filter((c) => !(typeof c.value === 'number' && c.kind !== 'error'));
  const { hash: layout, text: layoutText } = layoutOf(numeric);
  const sampleCounts = numeric.map((c) => c.samples?.length ?? 0);
  const header: Header = {
    format: FORMAT,
    version: cache.version ?? '',
    path,
    includeIncorrect,
    stamps,
    metadata: tree.metadata,
    warnings: tree.warnings,
    others,
    layout,
    ints: numeric.map((c) => (c.valueIsInt ? '1' : '0')).join(''),
    sampleCounts,
  };
  const numbers: number[] = numeric.map((c) => c.value as number);
  for (const c of numeric) if (c.samples) numbers.push(...c.samples);
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const offset = align8(12 + headerBytes.length);
  const out = Buffer.alloc(offset + 8 * numbers.length);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, 12);
  Buffer.from(new Float64Array(numbers).buffer).copy(out, offset);
  try {
    const layoutFile = join(cache.dir, 'layouts', `${layout}.json`);
    if (!written.has(layoutFile)) {
      if (!statOf(layoutFile)) atomicWrite(layoutFile, layoutText);
      written.add(layoutFile);
    }
    atomicWrite(entryFile(cache, path, includeIncorrect), out);
  } catch {
    // an unwritable cache only costs speed
  }
}

/** Layout files known to exist and folders already created, in this process. */
const written = new Set<string>();
const folders = new Set<string>();

/** The last layout stored, to recognise the next build of the same job without serialising it again. */
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
  const text = JSON.stringify({ params, metas } satisfies Layout);
  const hash = createHash('sha1').update(text).digest('hex');
  lastLayout = { checks: numeric, hash, text };
  return lastLayout;
}

function atomicWrite(file: string, data: string | Buffer): void {
  // private to the user: the entries repeat the trees' metadata
  const folder = join(file, '..');
  if (!folders.has(folder)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    folders.add(folder);
  }
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
