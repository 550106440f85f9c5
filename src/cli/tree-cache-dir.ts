// Where the CLIs cache parsed result trees: $PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate, else $HOME/.cache/perfgate.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { TreeCacheOptions } from '../result/types.js';

let version: string | undefined;

/** perfgate's version (package.json two folders up from dist/cli, dist/bin or src/cli): cache entries of other versions are not used. */
function packageVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/**
 * The tree cache for a command, or undefined when it is off: `--no-cache`, `PERFGATE_CACHE_DIR=off` (or empty),
 * or no cache folder can be named (no PERFGATE_CACHE_DIR, XDG_CACHE_HOME or HOME).
 */
export function treeCacheOf(env: Readonly<Record<string, string | undefined>>, cwd: string, noCache: boolean): TreeCacheOptions | undefined {
  if (noCache) return undefined;
  const explicit = env['PERFGATE_CACHE_DIR'];
  if (explicit !== undefined) return explicit === '' || explicit === 'off' ? undefined : { dir: resolve(cwd, explicit), version: packageVersion() };
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return { dir: join(xdg, 'perfgate'), version: packageVersion() };
  const home = env['HOME'];
  return home && isAbsolute(home) ? { dir: join(home, '.cache', 'perfgate'), version: packageVersion() } : undefined;
}
