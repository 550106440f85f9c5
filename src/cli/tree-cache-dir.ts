// Where the CLIs cache parsed result trees and compiled code: $PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate, else $HOME/.cache/perfgate.
import { isAbsolute, join, resolve } from 'node:path';
import { treeCacheProblem } from '../result/tree-cache-trust.js';
import type { TreeCacheOptions } from '../result/types.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-version.js';

/**
 * perfgate's cache folder, or undefined when caching is off: `PERFGATE_CACHE_DIR=off` (or empty), or no folder can be
 * named (no PERFGATE_CACHE_DIR, XDG_CACHE_HOME or HOME). Parsed trees and the CLIs' code cache (code-cache.ts) live there.
 */
export function cacheFolderOf(env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const explicit = env['PERFGATE_CACHE_DIR'];
  if (explicit !== undefined) return explicit === '' || explicit === 'off' ? undefined : resolve(cwd, explicit);
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'perfgate');
  const home = env['HOME'];
  return home && isAbsolute(home) ? join(home, '.cache', 'perfgate') : undefined;
}

/** The tree cache for a command, or undefined when it is off: `--no-cache`, or no cache folder (cacheFolderOf). */
export function treeCacheOf(env: Readonly<Record<string, string | undefined>>, cwd: string, noCache: boolean): TreeCacheOptions | undefined {
  const dir = noCache ? undefined : cacheFolderOf(env, cwd);
  return dir === undefined ? undefined : { dir, version: packageVersion() };
}

/** The command's tree cache; a folder that cannot be trusted is not used, and the user is told why (once). */
export function treeCacheFor(io: CliIo, prog: string, noCache: boolean): TreeCacheOptions | undefined {
  const cache = treeCacheOf(io.env, io.cwd, noCache);
  const problem = cache ? treeCacheProblem(cache.dir) : undefined;
  if (!problem) return cache;
  io.stderr.write(`${prog}: warning: the result cache is not used: ${problem}; every result is parsed afresh\n`);
  return undefined;
}
