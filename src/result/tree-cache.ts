// A persistent cache of parsed result trees, validated by the stat of every file and folder the reading used.
import { readFileSync, renameSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { decodeHeader, decodeTree, encodeTree, parseLayout, TREE_CACHE_FORMAT, type CachedTree, type Header, type Layout, type Stamp } from './tree-codec.js';
import type { TreeCacheOptions } from './types.js';
import { stringKey } from './string-key.js';
import { treeCacheProblem } from './tree-cache-trust.js';
import { makeDirsSync } from '../make-dirs.js';

export { TREE_CACHE_FORMAT, type CachedTree } from './tree-codec.js';

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

/** The entries' folder (versions before the 64-bit names wrote `trees/`, which nothing reads any more). */
export const ENTRIES = 'entries';

function entryFile(cache: TreeCacheOptions, path: string, includeIncorrect: boolean): string {
  const key = stringKey(`${TREE_CACHE_FORMAT}\0${cache.version ?? ''}\0${path}\0${includeIncorrect ? 1 : 0}`);
  return join(cache.dir, ENTRIES, key.slice(0, 2), `${key}.bin`);
}

const layouts = new Map<string, Layout>();

function loadLayout(cache: TreeCacheOptions, hash: string): Layout | undefined {
  let layout = layouts.get(hash);
  if (layout) return layout;
  let text: string;
  try {
    text = readFileSync(join(cache.dir, 'layouts', `${hash}.json`), 'utf8');
  } catch {
    return undefined;
  }
  layout = parseLayout(text);
  if (layout) layouts.set(hash, layout);
  return layout;
}

const trust = new Map<string, boolean>();

function trusted(cache: TreeCacheOptions): boolean {
  let ok = trust.get(cache.dir);
  if (ok === undefined) {
    ok = treeCacheProblem(cache.dir) === undefined;
    trust.set(cache.dir, ok);
  }
  return ok;
}

/**
 * `join(root, rel)` for the stamps' paths, which the reader wrote normalised (no `.` or `..` parts): a
 * concatenation, since join's normalisation was a tenth of a warm reading.
 */
function under(root: string, rel: string): string {
  if (rel === '') return root;
  return root.endsWith('/') ? root + rel : `${root}/${rel}`;
}

/** A cache entry that matches its tree's files, not yet decoded: its bytes (~14 KB for 500 checks), header and layout. */
export interface CacheHit {
  buf: Buffer;
  header: Header;
  layout: Layout;
}

/** The cache entry of the tree at `path`, or undefined when there is none or anything it was read from changed. */
export function findCachedTree(cache: TreeCacheOptions, path: string, includeIncorrect: boolean): CacheHit | undefined {
  if (!trusted(cache)) return undefined;
  let buf: Buffer;
  try {
    buf = readFileSync(entryFile(cache, path, includeIncorrect));
  } catch {
    return undefined;
  }
  const header = decodeHeader(buf);
  if (!header || header.version !== (cache.version ?? '') || header.path !== path || header.includeIncorrect !== includeIncorrect) return undefined;
  for (const [rel, state] of header.stamps) if (stateOf(statOf(under(path, rel))) !== state) return undefined;
  const layout = loadLayout(cache, header.layout);
  return layout ? { buf, header, layout } : undefined;
}

/** A found entry's tree; undefined when its bytes do not fit its layout (then the tree is read afresh). */
export function decodeCacheHit(hit: CacheHit): CachedTree | undefined {
  return decodeTree(hit.buf, hit.header, hit.layout);
}

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
  const { bytes, layout } = encodeTree(tree, { version: cache.version ?? '', path, includeIncorrect, stamps });
  try {
    const layoutFile = join(cache.dir, 'layouts', `${layout.hash}.json`);
    if (!written.has(layoutFile)) {
      if (!statOf(layoutFile)) atomicWrite(layoutFile, layout.text);
      written.add(layoutFile);
    }
    atomicWrite(entryFile(cache, path, includeIncorrect), bytes);
  } catch {
    // an unwritable cache only costs speed
  }
}

/** Layout files known to exist and folders already created, in this process. */
const written = new Set<string>();
const folders = new Set<string>();

function atomicWrite(file: string, data: string | Buffer): void {
  // private to the user: the entries repeat the trees' metadata
  const folder = join(file, '..');
  if (!folders.has(folder)) {
    makeDirsSync(folder, 0o700);
    folders.add(folder);
  }
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
