// Loads npm (or local-path) plugins named in the config, resolved from the project's folder, and validates their shape.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';
import { PluginError } from './plugin-error.js';
import type { Plugin } from './types.js';
import { PLUGIN_API_VERSION } from './types.js';

/** A plugin as written in the config: `"name"` or `["name", {options}]`. */
export type PluginSpec = string | readonly [string, Record<string, unknown>];

function isLocalPath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name);
}

/** Entry file of a plugin given as a package folder: its `exports` (string or `"."`), else `main`, else index.js. */
function folderEntry(dir: string): string {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return join(dir, 'index.js');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: string };
  const dot = typeof pkg.exports === 'object' && pkg.exports !== null ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
  const entry = typeof dot === 'string' ? dot : typeof dot === 'object' && dot !== null ? (dot as Record<string, unknown>)['import'] ?? (dot as Record<string, unknown>)['default'] : undefined;
  return join(dir, typeof entry === 'string' ? entry : (pkg.main ?? 'index.js'));
}

/** The module URL of a plugin, resolved like Node resolves an import from `projectDir`. */
export function resolvePlugin(name: string, projectDir: string): string {
  if (isLocalPath(name)) {
    const path = resolvePath(projectDir, name);
    return pathToFileURL(existsSync(path) && statSync(path).isDirectory() ? folderEntry(path) : path).href;
  }
  try {
    return resolveModule(name, pathToFileURL(resolvePath(projectDir, 'package.json')).href);
  } catch (cause) {
    throw new PluginError(`plugin '${name}' cannot be found from ${projectDir}`, {
      code: 'PERFGATE_PLUGIN_NOT_FOUND',
      hint: `install it in the project (npm install --save-dev ${name}) or give a path starting with ./`,
      cause,
    });
  }
}

function validate(value: unknown, name: string): Plugin {
  const p = value as Partial<Plugin> | null;
  const problem =
    p === null || typeof p !== 'object'
      ? 'does not export a plugin object'
      : typeof p.name !== 'string' || p.name === ''
        ? 'has no "name"'
        : p.apiVersion !== PLUGIN_API_VERSION
          ? `has apiVersion ${String(p.apiVersion)}, perfgate supports ${PLUGIN_API_VERSION}`
          : undefined;
  if (problem) {
    throw new PluginError(`plugin '${name}' ${problem}`, {
      code: 'PERFGATE_PLUGIN_INVALID',
      hint: 'export default definePlugin({ name, apiVersion: 1, profiles?, workloads? }) — see docs/plugins.md',
    });
  }
  return p as Plugin;
}

/** Import one plugin. Its default export is a Plugin, or a function (options) => Plugin that takes the config's options. */
export async function loadPlugin(spec: PluginSpec, projectDir: string): Promise<Plugin> {
  const [name, options] = typeof spec === 'string' ? [spec, undefined] : spec;
  const url = resolvePlugin(name, projectDir);
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (cause) {
    throw new PluginError(`plugin '${name}' failed to load: ${(cause as Error).message}`, {
      code: 'PERFGATE_PLUGIN_LOAD_FAILED',
      hint: `check that ${url} is a built ES module`,
      cause,
    });
  }
  const exported = mod.default ?? mod;
  if (typeof exported === 'function') return validate(await (exported as (o: unknown) => unknown)(options ?? {}), name);
  if (options !== undefined && Object.keys(options).length > 0) {
    throw new PluginError(`plugin '${name}' takes no options`, {
      code: 'PERFGATE_PLUGIN_OPTIONS',
      hint: `write it as "${name}" without options, or ask its author to export a function (options) => plugin`,
    });
  }
  return validate(exported, name);
}
