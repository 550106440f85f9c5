// Reads a run-perf result tree (RUNPERF_METADATA, PROFILE/TEST/SERIAL/result.json, __error*__) into a ResultTree.
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { errorChecks } from './error-checks.js';
import { CORRECT_SERIAL, listDir, type Listing } from './glob-dirs.js';
import { internString } from './intern.js';
import { JsonSyntaxError, parseJsonLex, type LexValue } from './json-lex.js';
import { parseMetadata } from './metadata.js';
import { isReadFailure, oneField, readFailureCheck, unreadableFolderCheck } from './read-failure.js';
import { readRegularText } from './regular-file.js';
import { checksFromResultJson, type Location } from './result-json.js';
import { decodeCacheHit, findCachedTree, saveCachedTree, type CacheHit, type CachedTree } from './tree-cache.js';
import type { Check, Metadata, ReadOptions, ReadWarning, ResultTree } from './types.js';

/** Name of the file perfgate writes at the root of an interrupted run. */
export const INCOMPLETE_MARKER = 'INCOMPLETE';

/**
 * Split a command-line result argument: `name:path` when `path` exists (run-perf's rule), else the
 * whole string is the path and also the name.
 */
export function parseResultSpec(spec: string, cwd: string): { name: string; path: string } {
  const colon = spec.indexOf(':');
  if (colon > 0) {
    const path = resolve(cwd, spec.slice(colon + 1));
    if (existsSync(path)) return { name: spec.slice(0, colon), path };
  }
  return { name: spec, path: resolve(cwd, spec) };
}


/** A serial folder run-perf reads strictly: its name starts with a digit (`[0-9]*`). */

/** A result argument resolved and checked, with its cache entry when the tree cache holds an unchanged one. */
export interface ProbedTree {
  name: string;
  path: string;
  includeIncorrect: boolean;
  /** The INCOMPLETE marker is there: read, but never cached (the run may still be resumed). */
  incomplete: boolean;
  /** Decoded only when the tree is wanted (decodeCacheHit), so many probed trees hold little memory. */
  hit: CacheHit | undefined;
}

/** Resolve `name:path` or `path` (relative to cwd) and look it up in the cache. Throws InputError if it is not a folder. */
export function probeResultTree(spec: string, cwd: string, options: ReadOptions = {}): ProbedTree {
  const { name, path } = parseResultSpec(spec, cwd);
  if (!existsSync(path)) {
    throw new InputError(`result '${spec}' does not exist (looked at ${path})`, {
      code: 'PERFGATE_RESULT_NOT_FOUND',
      file: path,
      hint: 'pass a result directory written by run-perf, optionally as NAME:PATH',
    });
  }
  if (!statSync(path).isDirectory()) {
    throw new InputError(`result '${spec}' is not a directory`, {
      code: 'PERFGATE_RESULT_NOT_DIR',
      file: path,
      hint: 'pass the result_YYYYMMDD_HHMMSS folder, not a file inside it',
    });
  }
  const includeIncorrect = options.includeIncorrect ?? false;
  const incomplete = existsSync(join(path, INCOMPLETE_MARKER));
  const hit = options.cache && !incomplete ? findCachedTree(options.cache, path, includeIncorrect) : undefined;
  return { name, path, includeIncorrect, incomplete, hit };
}

/** Parse a probed tree's files, and keep the parse in the cache when the tree is complete. */
export function parseProbedTree(tree: Pick<ProbedTree, 'path' | 'includeIncorrect' | 'incomplete'>, cache: ReadOptions['cache']): CachedTree {
  const depends = new Set<string>();
  const read = readFromDisk(tree.path, tree.includeIncorrect, depends);
  // an interrupted run may still be resumed: only complete trees are cached
  if (cache && !tree.incomplete) saveCachedTree(cache, tree.path, tree.includeIncorrect, read, depends);
  return read;
}

/** A probed tree and its parse as the ResultTree the commands use. */
export function resultTreeOf(tree: ProbedTree, parsed: CachedTree): ResultTree {
  return { name: tree.name, path: tree.path, ...parsed, incomplete: tree.incomplete };
}

/** Read one result tree given as `name:path` or `path` (relative to cwd). Throws InputError if it is not a readable folder. */
export function readResultTree(spec: string, cwd: string, options: ReadOptions = {}): ResultTree {
  const tree = probeResultTree(spec, cwd, options);
  return resultTreeOf(tree, (tree.hit && decodeCacheHit(tree.hit)) ?? parseProbedTree(tree, options.cache));
}

/** Parse the tree's files; `depends` collects (relative to the root) every folder listed and every file read. */
function readFromDisk(path: string, includeIncorrect: boolean, depends: Set<string>): CachedTree {
  const warnings: ReadWarning[] = [];
  let metadata: Metadata = {};
  const metaFile = join(path, 'RUNPERF_METADATA');
  depends.add('RUNPERF_METADATA');
  if (existsSync(metaFile)) {
    let text: string | undefined;
    try {
      text = readRegularText(metaFile);
    } catch (e) {
      warnings.push({ file: 'RUNPERF_METADATA', message: `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); metadata ignored` });
    }
    if (text !== undefined) {
      const parsed = parseMetadata(text, 'RUNPERF_METADATA');
      metadata = parsed.metadata;
      warnings.push(...parsed.warnings);
    }
  }

  const byId = new Map<string, Check>();
  // One listing per folder, shared by the result walk and the __error*__ walk.
  const listed = new Map<string, Listing>();
  const list = (dir: string): Listing => {
    let listing = listed.get(dir);
    if (!listing) {
      listing = listDir(dir);
      listed.set(dir, listing);
      const rel = relative(path, dir);
      depends.add(rel);
      // a symlink's target can appear or change without touching this folder
      for (const link of listing.links) depends.add(join(rel, link));
      if (listing.error !== undefined) {
        const failure = unreadableFolderCheck(rel, rel === '' ? [] : rel.split(sep).slice(0, 3), listing.error);
        byId.set(failure.id, failure);
        warnings.push({ file: failure.source, message: `unreadable folder (${listing.error}); reported as an error check` });
      }
    }
    return listing;
  };
  const dirs = (dir: string): string[] => list(dir).dirs;
  for (const profileDir of dirs(path)) {
    if (profileDir.startsWith('__')) continue;
    const profile = internString(profileDir);
    for (const testDir of dirs(join(path, profile))) {
      if (testDir.startsWith('__')) continue;
      const test = internString(testDir);
      for (const serialDir of dirs(join(path, profile, test))) {
        if (serialDir.startsWith('__')) continue;
        if (!includeIncorrect && !CORRECT_SERIAL.test(serialDir)) continue;
        const serial = internString(serialDir);
        const folder = join(path, profile, test, serial);
        // a regular file is known from the listing; anything else (symlink, folder, an unlistable serial) is asked
        const listing = list(folder);
        if (!listing.files.has('result.json') && !existsSync(join(folder, 'result.json'))) continue;
        const serialPath = internString(`${profile}/${test}/${serial}`);
        const loc = { profile, test, serial, serialPath, file: internString(`${serialPath}/result.json`) };
        depends.add(loc.file);
        const result = readResultJson(join(folder, 'result.json'), loc, includeIncorrect);
        warnings.push(...result.warnings);
        for (const c of result.checks) byId.set(c.id, c);
      }
    }
  }
  for (const c of errorChecks(path, dirs)) {
    // an __error__ folder beside a result.json that could not be read shares its check's id: the reading
    // failure stays (it never passes) and names the folder's exception too
    const prior = byId.get(c.id);
    if (prior !== undefined && isReadFailure(prior)) byId.set(c.id, { ...prior, value: oneField(`${String(prior.value)}; ${c.source} holds the exception: ${String(c.value).split('\n')[0]}`) });
    else byId.set(c.id, c);
    // an error check reads every file of its folder
    for (const rel of filesUnder(path, c.source)) depends.add(rel);
  }
  return { metadata, checks: sortedById([...byId.values()]), warnings };
}

/**
 * The last tree's ids in reading order (interned) and the permutation that sorts them. The builds of one job
 * list the same checks in the same order, so a history sorts once: sorting every tree's ~500 long ids with
 * string comparisons was a tenth of a cold reading.
 */
let lastOrder: { ids: string[]; order: Int32Array } | undefined;

function sortedById(checks: Check[]): Check[] {
  const n = checks.length;
  const last = lastOrder;
  if (last && last.ids.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = (checks[i] as Check).id === last.ids[i];
    if (same) return Array.from(last.order, (k) => checks[k] as Check);
  }
  if (isSortedById(checks)) return checks;
  const ids = checks.map((c) => c.id);
  const order = Int32Array.from(ids.keys()).sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : 1));
  lastOrder = { ids, order };
  return Array.from(order, (k) => checks[k] as Check);
}

/** A folder (relative to root) and everything under it, relative to root. */
function filesUnder(root: string, rel: string): string[] {
  const out = [rel];
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const child = join(rel, e.name);
    if (e.isDirectory()) out.push(...filesUnder(root, child));
    else out.push(child);
  }
  return out;
}

function isSortedById(checks: readonly Check[]): boolean {
  for (let i = 1; i < checks.length; i++) if ((checks[i - 1] as Check).id >= (checks[i] as Check).id) return false;
  return true;
}

/** The serial as an error check (and a warning) for a result.json that cannot be used. */
function failed(loc: Location, what: string): { checks: Check[]; warnings: ReadWarning[] } {
  return { checks: [readFailureCheck(loc, what)], warnings: [{ file: loc.file, message: `${what} (the serial is reported as an error check)` }] };
}

/** A parsed JSON value's kind, for messages: `an object`, `a string`, `null`. */
function shapeOf(v: LexValue): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a number';
}

/**
 * Read and convert one result.json; a malformed file becomes an error check for its serial plus a warning.
 * Fast path: the native JSON.parse. A check's `valueIsInt` (Python's `1` versus `1.0`) is only ambiguous when
 * its value is integral (a non-integral number is never an integer token), so the lexical parser runs only
 * when an extracted value is integral, or when JSON.parse rejects the text (NaN, Infinity, syntax errors).
 */
function readResultJson(file: string, loc: Location, includeIncorrect: boolean) {
  let data;
  try {
    const text = readRegularText(file);
    let native: LexValue | undefined;
    try {
      native = JSON.parse(text) as LexValue;
    } catch {
      native = undefined;
    }
    if (native !== undefined) {
      if (!Array.isArray(native)) return failed(loc, `not a run-perf result: ${shapeOf(native)} where a JSON list of iterations belongs`);
      const quick = checksFromResultJson(native, loc, includeIncorrect);
      if (!quick.checks.some((c) => Number.isInteger(c.value))) return quick;
    }
    data = parseJsonLex(text);
  } catch (e) {
    const what = e instanceof JsonSyntaxError ? `malformed JSON: ${e.message}` : `unreadable: ${(e as Error).message}`;
    return failed(loc, what);
  }
  if (!Array.isArray(data)) return failed(loc, `not a run-perf result: ${shapeOf(data)} where a JSON list of iterations belongs`);
  return checksFromResultJson(data, loc, includeIncorrect);
}
