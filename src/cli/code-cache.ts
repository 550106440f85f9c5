// Runs a CLI's CommonJS bundle through V8's code cache, so a start reuses the bytecode an earlier run compiled (Node 20's
// counterpart of Node 22's module.enableCompileCache, which Node 20 lacks; V8 caches scripts, not ES modules).
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeDirsSync } from '../make-dirs.js';
import { stringKey } from '../result/string-key.js';
import { treeCacheProblem } from '../result/tree-cache-trust.js';
import { readOwnFile, sealCodeCache, unsealCodeCache } from './code-cache-file.js';
import { commandRan } from './command-ran.js';
import { historyTuned } from './gc-tuning.js';
import { cacheFolderOf } from './tree-cache-dir.js';

/** Node's own CommonJS wrapper, so the bundle sees exports, require, module, __filename and __dirname. */
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n})';

/** Where a bundle's bytecode is kept: `<folder>/code/`, one file per CLI, installation, build and Node. */
export interface CodeCacheKey {
  /** perfgate's cache folder (cacheFolderOf). */
  readonly folder: string;
  /** The CLI, e.g. `compare-perf`. */
  readonly cli: string;
  /** A hash of the bundle's text, computed when it was built (scripts/bundle-cli.mjs). */
  readonly build: string;
}

export interface CompiledBundle {
  /** Whether V8 accepted the cached bytecode (false without a cache file, or when V8 rejected it). */
  readonly fromCache: boolean;
  /** The cache file this bundle reads and writes, if any. */
  readonly cacheFile: string | undefined;
  /** Run the bundle's top level as Node runs a CommonJS module. */
  run(): void;
  /** Keep the bytecode of everything compiled so far for the next start, unless the cache was taken; never throws. */
  save(): void;
}

/**
 * This Node's part of a cache file's name, so each Node keeps its own file: V8 rejects bytecode of another V8 version,
 * and Node's version is there too in case a Node release patches V8 without renaming it.
 */
const NODE_SUFFIX = `-node-${process.version}-v8-${process.versions.v8}-${process.arch}.bin`;

/** The part of a cache file's name shared by every build of one installation's CLI under this Node. */
function installPrefix(cli: string, file: string): string {
  return `${cli}-${stringKey(file)}-`;
}

/**
 * The cache file's name: the CLI and its installation (the bundle's path: two installations sharing a cache folder
 * keep a file each), then the build hash, the bundle's size and modification time (V8 itself only checks the
 * source's length, so a bundle edited in place must not meet the old bytecode), and this Node.
 */
export function codeCacheName(cli: string, file: string, build: string, size: number, mtimeMs: number): string {
  return `${installPrefix(cli, file)}${build}-${size}-${Math.trunc(mtimeMs)}${NODE_SUFFIX}`;
}

function rmQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never written, or already gone
  }
}

/** Remove the files of this installation's earlier builds under this Node (an upgrade makes them dead weight). */
function pruneOtherBuilds(dir: string, prefix: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    if (name !== keep && name.startsWith(prefix) && name.endsWith(NODE_SUFFIX)) rmQuietly(join(dir, name));
  }
}

/**
 * Compile a CommonJS bundle, with the bytecode of `key`'s cache file when there is a trusted one. Without a key, or
 * when the cache folder cannot be trusted (owned by another user, writable by others), it compiles as Node would.
 */
export function compileBundle(file: string, key?: CodeCacheKey): CompiledBundle {
  const { Script } = process.getBuiltinModule('node:vm');
  const fd = openSync(file, 'r');
  let source: string;
  let cacheFile: string | undefined;
  try {
    const st = fstatSync(fd);
    source = readFileSync(fd, 'utf8');
    const dir = key && join(key.folder, 'code');
    if (key && dir && treeCacheProblem(key.folder) === undefined && treeCacheProblem(dir) === undefined) {
      cacheFile = join(dir, codeCacheName(key.cli, file, key.build, st.size, st.mtimeMs));
    }
  } finally {
    closeSync(fd);
  }
  const content = cacheFile === undefined ? undefined : readOwnFile(cacheFile);
  const cachedData = content && unsealCodeCache(content);
  const script = new Script(WRAP_HEAD + source + WRAP_TAIL, { filename: file, cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return {
    fromCache,
    cacheFile,
    run() {
      const module = { exports: {} };
      const require = process.getBuiltinModule('node:module').createRequire(file);
      const wrapper = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
      wrapper(module.exports, require, module, file, dirname(file));
    },
    save() {
      if (fromCache || cacheFile === undefined || key === undefined) return;
      try {
        const data = script.createCachedData();
        const dir = dirname(cacheFile);
        makeDirsSync(dir, 0o700);
        if (treeCacheProblem(dir) !== undefined) return;
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        try {
          writeFileSync(tmp, sealCodeCache(data), { mode: 0o600 });
          renameSync(tmp, cacheFile);
        } catch (e) {
          rmQuietly(tmp);
          throw e;
        }
        pruneOtherBuilds(dir, installPrefix(key.cli, file), cacheFile.slice(dir.length + 1));
      } catch {
        // the cache only saves time: a full disk or a read-only folder just means compiling next time too
      }
    },
  };
}

/**
 * Whether a run's bytecode is worth keeping for later starts. A cache file is written once per build, like Node 22's
 * compile cache, and then holds what that run compiled; so only a run that went through a command's work to its end
 * (`ran`: command-ran.ts; any verdict, e.g. compare-perf's 2 or diff-perf's index) counts, not help or version in any
 * spelling (`-vh`, `--he`) nor an error (a third of the code), and not a run that tuned V8 for a long history
 * (gc-tuning.ts): V8 would reject that bytecode at the next normal start, whose flags differ.
 */
export function worthKeeping(ran: boolean, tuned: boolean): boolean {
  return ran && !tuned;
}

/** Entry of a bundled CLI (dist/bin/<cli>.cjs): run its bundle (`<cli>.bundle.cjs`) with the code cache in perfgate's cache folder. */
export function launchWithCodeCache(file: string, cli: string, build: string): void {
  let folder: string | undefined;
  try {
    folder = cacheFolderOf(process.env, process.cwd());
  } catch {
    // a deleted working folder: the command itself reports what it cannot do without one
  }
  const compiled = compileBundle(file, folder === undefined ? undefined : { folder, cli, build });
  if (compiled.cacheFile !== undefined && !compiled.fromCache) {
    process.on('exit', () => {
      if (worthKeeping(commandRan(), historyTuned())) compiled.save();
    });
  }
  compiled.run();
}
